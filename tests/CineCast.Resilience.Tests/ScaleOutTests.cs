using System.Net;
using System.Net.Http.Json;
using CineCast.Web.Accounts;
using CineCast.Web.Batches;
using CineCast.Web.Synthesis;
using CineCast.Web.Voices;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;

namespace CineCast.Resilience.Tests;

/// <summary>
/// Two instances of the published app on PostgreSQL, the SignalR Redis backplane and a shared clone folder, as
/// behind a load balancer: a clone made through one is listed, downloaded and spoken through the other, and a batch
/// job rendered by one is pushed, as it finishes, to its owner connected to the other.
/// </summary>
[Collection(PublishedAppGroup.Name)]
public sealed class ScaleOutTests(PublishedApp published, LoopbackServers servers) : IClassFixture<LoopbackServers>, IDisposable
{
    private readonly string root = Directory.CreateTempSubdirectory("cinecast-scale-").FullName;

    public void Dispose() => Fixtures.DeleteDirectory(root);

    [Fact]
    public async Task A_clone_made_on_one_instance_streams_from_the_other_as_itself_and_batch_audio_downloads_from_either()
    {
        await using var first = await StartInstanceAsync("first");
        await using var second = await StartInstanceAsync("second");
        using var onFirst = await first.RegisteredClientAsync("traveller@cinecast.test");
        var clip = await File.ReadAllBytesAsync(Fixtures.Shared("en_ls1363_1363-135842-0000.wav"));
        var created = await onFirst.PostAsync("/api/voices", CloneForms.Of(clip, "Traveller"));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var clone = (await created.Content.ReadFromJsonAsync<VoiceDto>())!;

        using var onSecond = await second.SignedInClientAsync("traveller@cinecast.test");
        Assert.Contains((await onSecond.GetFromJsonAsync<List<VoiceDto>>("/api/voices"))!, v => v.Id == clone.Id);
        Assert.Equal(HttpStatusCode.OK, (await onSecond.GetAsync($"/api/voices/{clone.Id}/audio")).StatusCode);
        // The token the first instance issued is accepted by the second: they share the key ring.
        Assert.Equal(HttpStatusCode.OK, (await second.Client().SendAsync(WithToken(onFirst, "/api/auth/me"))).StatusCode);

        var items = await SpeakAsync(second, onSecond, new SynthesisRequest("Spoken by the other instance.", clone.Id));

        Assert.Equal((SpeechItemKinds.Start, "basic", clone.Id, "Traveller", "clone"), (items[0].Kind, items[0].Engine, items[0].VoiceId, items[0].VoiceName, items[0].VoiceKind));
        Assert.Equal(SpeechItemKinds.End, items[^1].Kind);
        Assert.True(items.Count(i => i.Kind == SpeechItemKinds.Audio) > 10);
        Assert.Contains("CineCast", await servers.RedisChannelsAsync(), StringComparison.Ordinal);
        Assert.Single(Directory.GetFiles(Path.Combine(root, "shared", "clones")));

        // The owner watches from the second instance while the first renders: the change travels through Redis.
        await using var watching = await ConnectAsync(second, onSecond, BatchesHub.Path);
        var pushedDone = new TaskCompletionSource<BatchJobDto>(TaskCreationOptions.RunContinuationsAsynchronously);
        watching.On<BatchJobDto>(BatchesHub.JobChanged, job =>
        {
            if (job.Status == BatchStates.Done)
            {
                pushedDone.TrySetResult(job);
            }
        });
        var submitted = await onFirst.PostAsJsonAsync("/api/batches", new { text = "Rendered on one, fetched from the other.", voice = clone.Id, format = "wav" });
        Assert.Equal(HttpStatusCode.Accepted, submitted.StatusCode);
        var jobId = (await submitted.Content.ReadFromJsonAsync<BatchJobDto>())!.Id;
        Assert.Equal(jobId, (await pushedDone.Task.WaitAsync(TimeSpan.FromSeconds(60))).Id);
        await WaitForAsync(onSecond, jobId, job => job.Status == BatchStates.Done);
        Assert.Equal("RIFF"u8.ToArray(), (await onSecond.GetByteArrayAsync($"/api/batches/{jobId}/audio"))[..4]);
        Assert.False(Directory.Exists(Path.Combine(root, "second", "clones")));
    }

    [Fact]
    public async Task Racing_on_two_instances_one_account_becomes_administrator_and_a_quota_holds()
    {
        await using var first = await StartInstanceAsync("left");
        await using var second = await StartInstanceAsync("right");

        var accounts = await Task.WhenAll(Enumerable.Range(0, 6).Select(i =>
            (i % 2 == 0 ? first : second).RegisteredClientAsync($"racer-{i}@cinecast.test")));
        var users = await Task.WhenAll(accounts.Select(client => client.GetFromJsonAsync<CurrentUser>("/api/auth/me")));
        var clip = await File.ReadAllBytesAsync(Fixtures.Shared("en_ls1363_1363-135842-0000.wav"));
        using var onSecond = await second.SignedInClientAsync("racer-0@cinecast.test");
        var uploads = await Task.WhenAll(Enumerable.Range(0, 6).Select(i =>
            (i % 2 == 0 ? accounts[0] : onSecond).PostAsync("/api/voices", CloneForms.Of(clip, $"Racing {i}"))));

        Assert.Single(users, user => user!.Roles.Contains(Roles.Admin));
        Assert.Equal(2, uploads.Count(u => u.StatusCode == HttpStatusCode.Created));
        Assert.All(uploads.Where(u => u.StatusCode != HttpStatusCode.Created), u => Assert.Equal(HttpStatusCode.Conflict, u.StatusCode));
        foreach (var account in accounts)
        {
            account.Dispose();
        }
    }

    [Fact]
    public async Task An_instance_that_starts_leaves_a_batch_job_running_on_another_instance_alone()
    {
        await using var first = await StartInstanceAsync("runner");
        using var user = await first.RegisteredClientAsync("patient@cinecast.test");
        const string sentence = "This sentence is here to make the text long enough to take a while to speak. ";
        var text = string.Concat(Enumerable.Repeat(sentence, 20_000 / sentence.Length));
        var submitted = await user.PostAsJsonAsync("/api/batches", new { text, voice = "aiden", format = "wav" });
        var jobId = (await submitted.Content.ReadFromJsonAsync<BatchJobDto>())!.Id;
        await WaitForAsync(user, jobId, job => job.Status == BatchStates.Running && job.Percent > 0);

        await using var second = await StartInstanceAsync("latecomer");
        var done = await WaitForAsync(user, jobId, job => job.Status is BatchStates.Done or BatchStates.Failed);

        Assert.True(done.Status == BatchStates.Done, $"{done.Status}: {done.Error}");
        Assert.Contains($"Batch job {jobId} is being rendered by another instance", second.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("runs again from the start", second.Output + first.Output, StringComparison.Ordinal);
    }

    private static async Task<BatchJobDto> WaitForAsync(HttpClient client, string jobId, Func<BatchJobDto, bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(120);
        while (true)
        {
            var job = (await client.GetFromJsonAsync<BatchJobDto>($"/api/batches/{jobId}"))!;
            if (condition(job))
            {
                return job;
            }
            Assert.True(DateTime.UtcNow < deadline, $"batch job {jobId} still {job.Status} at {job.Percent} %");
            await Task.Delay(100);
        }
    }

    private Task<AppProcess> StartInstanceAsync(string name) =>
        published.StartAsync(Path.Combine(root, name), new Dictionary<string, string>
        {
            ["CineCast__Database__Provider"] = "Postgres",
            // A database per test, so each starts with no accounts.
            ["CineCast__Database__ConnectionString"] = servers.PostgresConnectionString("cinecast_" + Path.GetFileName(root).Replace('-', '_').ToLowerInvariant()),
            ["CineCast__Redis"] = servers.RedisConnectionString,
            ["CineCast__SharedDirectory"] = Path.Combine(root, "shared"),
            ["CineCast__Storage__MaxClonesPerUser"] = "2",
        });

    private static HttpRequestMessage WithToken(HttpClient signedIn, string path)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = signedIn.DefaultRequestHeaders.Authorization;
        return request;
    }

    private static async Task<HubConnection> ConnectAsync(AppProcess instance, HttpClient signedIn, string path)
    {
        var token = signedIn.DefaultRequestHeaders.Authorization!.Parameter!;
        var hub = new HubConnectionBuilder()
            .WithUrl(new Uri(instance.Address, path), options =>
            {
                options.Transports = HttpTransportType.WebSockets;
                options.AccessTokenProvider = () => Task.FromResult<string?>(token);
            })
            .Build();
        await hub.StartAsync();
        return hub;
    }

    private static async Task<List<SpeechItem>> SpeakAsync(AppProcess instance, HttpClient signedIn, SynthesisRequest request)
    {
        await using var hub = await ConnectAsync(instance, signedIn, SpeechHub.Path);
        var items = new List<SpeechItem>();
        await foreach (var item in hub.StreamAsync<SpeechItem>("Synthesize", request))
        {
            items.Add(item);
        }
        return items;
    }
}
