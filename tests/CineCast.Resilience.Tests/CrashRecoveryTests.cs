using System.Net;
using System.Net.Http.Json;
using CineCast.Web.Admin;
using CineCast.Web.Batches;
using CineCast.Web.Voices;

namespace CineCast.Resilience.Tests;

/// <summary>
/// The process is killed (SIGKILL) in the middle of work; after a restart the store is consistent: no half files, no
/// rows without files, no files without rows; every clone that was acknowledged is there; batch jobs finish or fail
/// with a reason.
/// </summary>
[Collection(PublishedAppGroup.Name)]
public sealed class CrashRecoveryTests(PublishedApp published) : IDisposable
{
    private const string AdminEmail = "admin@cinecast.test";
    private static readonly byte[] Clip = File.ReadAllBytes(Fixtures.Shared("en_ls1363_1363-135842-0000.wav"));
    private readonly string dataDirectory = Directory.CreateTempSubdirectory("cinecast-crash-").FullName;

    public void Dispose() => Fixtures.DeleteDirectory(dataDirectory);

    [Fact]
    public async Task Killed_during_clone_saves_the_restarted_app_has_every_acknowledged_clone_and_nothing_half_written()
    {
        var acknowledged = new System.Collections.Concurrent.ConcurrentBag<string>();
        await using (var app = await published.StartAsync(dataDirectory))
        {
            using var admin = await app.RegisteredClientAsync(AdminEmail);
            using var stop = new CancellationTokenSource();
            // Four uploaders in bounded loops; the kill lands while several saves are in flight.
            var uploaders = Enumerable.Range(0, 4).Select(worker => Task.Run(async () =>
            {
                for (var i = 0; i < 50 && !stop.IsCancellationRequested; i++)
                {
                    try
                    {
                        var response = await admin.PostAsync("/api/voices", Form($"w{worker} clone {i}"), stop.Token);
                        if (response.StatusCode == HttpStatusCode.Created)
                        {
                            acknowledged.Add((await response.Content.ReadFromJsonAsync<VoiceDto>(stop.Token))!.Id);
                        }
                    }
                    catch (Exception exception) when (exception is HttpRequestException or OperationCanceledException)
                    {
                        return;
                    }
                }
            })).ToArray();
            await WaitUntilAsync(() => acknowledged.Count >= 3, TimeSpan.FromSeconds(60));

            await app.KillAsync();
            await stop.CancelAsync();
            await Task.WhenAll(uploaders);
        }

        await using var restarted = await published.StartAsync(dataDirectory);
        using var again = await restarted.SignedInClientAsync(AdminEmail);
        var stored = await AssertStoreConsistentAsync(again);
        Assert.Superset(acknowledged.ToHashSet(), stored.Select(v => v.Id).ToHashSet());
        Assert.Equal(HttpStatusCode.Created, (await again.PostAsync("/api/voices", Form("after the crash"))).StatusCode);
    }

    [Fact]
    public async Task Killed_during_a_batch_job_the_job_is_resumed_after_restart_and_finishes_with_its_audio()
    {
        string jobId;
        await using (var app = await published.StartAsync(dataDirectory))
        {
            using var user = await app.RegisteredClientAsync(AdminEmail);
            var submitted = await user.PostAsJsonAsync("/api/batches", new { text = LongText(12_000), voice = "aiden", format = "wav" });
            Assert.Equal(HttpStatusCode.Accepted, submitted.StatusCode);
            jobId = (await submitted.Content.ReadFromJsonAsync<BatchJobDto>())!.Id;
            await WaitUntilAsync(async () => (await JobAsync(user, jobId)).Percent > 0, TimeSpan.FromSeconds(60));

            await app.KillAsync();
        }

        await using var restarted = await published.StartAsync(dataDirectory);
        using var again = await restarted.SignedInClientAsync(AdminEmail);
        BatchJobDto job = default!;
        await WaitUntilAsync(async () => (job = await JobAsync(again, jobId)).Status is BatchStates.Done or BatchStates.Failed, TimeSpan.FromSeconds(120));
        Assert.True(job.Status == BatchStates.Done, $"{job.Status}: {job.Error}");
        var audio = await again.GetByteArrayAsync($"/api/batches/{jobId}/audio");
        Assert.Equal(job.Bytes, audio.Length);
        Assert.Equal("RIFF"u8.ToArray(), audio[..4]);
        Assert.Empty(Directory.GetFileSystemEntries(Path.Combine(dataDirectory, "tmp")));
    }

    [Fact]
    public async Task Killed_during_a_speech_stream_the_restarted_app_serves_and_its_clones_are_intact()
    {
        await using (var app = await published.StartAsync(dataDirectory))
        {
            using var user = await app.RegisteredClientAsync(AdminEmail);
            Assert.Equal(HttpStatusCode.Created, (await user.PostAsync("/api/voices", Form("Before"))).StatusCode);
            using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/audio/speech")
            {
                Content = JsonContent.Create(new { model = "tts-1", input = LongText(4_000), voice = "Before", response_format = "wav" }),
            };
            using var response = await user.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            await using var body = await response.Content.ReadAsStreamAsync();
            var buffer = new byte[8192];
            Assert.True(await body.ReadAsync(buffer) > 0);

            await app.KillAsync();
        }

        await using var restarted = await published.StartAsync(dataDirectory);
        using var again = await restarted.SignedInClientAsync(AdminEmail);
        Assert.Single(await AssertStoreConsistentAsync(again));
        var speech = await again.PostAsJsonAsync("/v1/audio/speech", new { model = "tts-1", input = "Back again.", voice = "Before", response_format = "wav" });
        Assert.Equal(HttpStatusCode.OK, speech.StatusCode);
        Assert.Equal("basic", speech.Headers.GetValues("X-CineCast-Engine").Single());
    }

    /// <summary>Rows and files match one to one, each file complete to its recorded size, and no temp files survive the start-up sweep.</summary>
    private async Task<List<AdminVoiceDto>> AssertStoreConsistentAsync(HttpClient admin)
    {
        var rows = (await admin.GetFromJsonAsync<List<AdminVoiceDto>>("/api/admin/voices"))!;
        var files = Directory.GetFiles(Path.Combine(dataDirectory, "clones"));
        Assert.Equal(rows.Select(r => r.Id + ".wav").Order(), files.Select(Path.GetFileName).Order()!);
        foreach (var row in rows)
        {
            Assert.Equal(row.Bytes, new FileInfo(Path.Combine(dataDirectory, "clones", row.Id + ".wav")).Length);
        }
        Assert.Empty(Directory.GetFileSystemEntries(Path.Combine(dataDirectory, "tmp")));
        return rows;
    }

    private static MultipartFormDataContent Form(string name) => CloneForms.Of(Clip, name);

    private static async Task<BatchJobDto> JobAsync(HttpClient client, string id) =>
        (await client.GetFromJsonAsync<BatchJobDto>($"/api/batches/{id}"))!;

    private static string LongText(int characters)
    {
        const string sentence = "This sentence is here to make the text long enough to take a while to speak. ";
        return string.Concat(Enumerable.Repeat(sentence, characters / sentence.Length + 1))[..characters];
    }

    private static Task WaitUntilAsync(Func<bool> condition, TimeSpan timeout) => WaitUntilAsync(() => Task.FromResult(condition()), timeout);

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"not reached within {timeout.TotalSeconds:0} s");
            await Task.Delay(50);
        }
    }
}
