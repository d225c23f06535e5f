using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CineCast.Web.Accounts;
using CineCast.Web.Batches;
using CineCast.Web.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace CineCast.Web.Tests;

/// <summary>
/// What depends on time — retention of finished jobs, the age of temp files, when a key was last used, rate-limit
/// windows — is driven
/// here by a fake clock the app takes as its <see cref="TimeProvider"/>, so each boundary is checked on both sides
/// without waiting for it.
/// </summary>
[Collection(EspeakSerial.Name)]
public sealed class ClockTests : IDisposable
{
    private readonly FakeTimeProvider clock = new(new DateTimeOffset(2026, 12, 2, 12, 0, 0, TimeSpan.Zero));
    private readonly CineCastApp app;

    public ClockTests() => app = new CineCastApp(
        settings: new()
        {
            ["CineCast:RateLimits:Synthesis:PermitLimit"] = "2",
            ["CineCast:RateLimits:Synthesis:WindowSeconds"] = "60",
        },
        services: services => services.AddSingleton<TimeProvider>(clock));

    public void Dispose() => app.Dispose();

    [Fact]
    public async Task A_finished_job_is_kept_for_its_retention_and_removed_with_its_audio_after_it()
    {
        var user = await app.SignedInClientAsync("retention@cinecast.test");
        var done = await user.FinishedAsync((await user.SubmittedAsync(new { text = "Here for three days.", voice = "aiden", format = "wav" })).Id);
        var retention = app.Services.GetRequiredService<BatchRetention>();

        clock.Advance(TimeSpan.FromHours(71.9));
        await retention.RemoveExpiredAsync(CancellationToken.None);
        user = await app.LoggedInClientAsync("retention@cinecast.test");
        var kept = await user.GetAsync($"/api/batches/{done.Id}");
        clock.Advance(TimeSpan.FromHours(0.2));
        await retention.RemoveExpiredAsync(CancellationToken.None);
        user = await app.LoggedInClientAsync("retention@cinecast.test");
        var gone = await user.GetAsync($"/api/batches/{done.Id}");

        Assert.Equal(HttpStatusCode.OK, kept.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        Assert.Empty(BatchClient.FilesOf(app, done.Id));
    }

    [Fact]
    public async Task A_temp_file_is_removed_once_it_is_older_than_the_limit_by_the_servers_clock()
    {
        var user = await app.SignedInClientAsync("tidy@cinecast.test");
        await SpeechClient.CloneIdAsync(user, SpeechFiles.Clip24k, "Kept");
        var janitor = app.Services.GetRequiredService<StorageJanitor>();
        var older = Path.Combine(app.TempDirectory, "upload-left-by-a-crash.partial");
        var newer = Path.Combine(app.TempDirectory, "upload-in-progress.partial");
        await File.WriteAllBytesAsync(older, new byte[5000]);
        File.SetLastWriteTimeUtc(older, clock.GetUtcNow().UtcDateTime);
        clock.Advance(TimeSpan.FromMinutes(40));
        await File.WriteAllBytesAsync(newer, new byte[10]);
        File.SetLastWriteTimeUtc(newer, clock.GetUtcNow().UtcDateTime);

        var early = janitor.CleanUp();
        var olderWasThere = File.Exists(older);
        // Moving the clock also wakes the janitor's own timer, so either pass may be the one that removes it.
        clock.Advance(TimeSpan.FromMinutes(21));
        janitor.CleanUp();

        Assert.Equal((0, 0L, true), (early.TempFilesRemoved, early.TempBytesRemoved, olderWasThere));
        Assert.False(File.Exists(older));
        Assert.True(File.Exists(newer));
        Assert.Single(app.StoredCloneFiles());
    }

    [Fact]
    public async Task A_keys_last_use_is_stamped_by_the_servers_clock_at_most_once_a_minute()
    {
        var user = await app.SignedInClientAsync("stamps@cinecast.test");
        var created = (await (await user.PostAsJsonAsync("/api/keys", new { name = "script" })).Content.ReadFromJsonAsync<CreatedApiKey>())!;
        var program = app.AnonymousClient();
        program.DefaultRequestHeaders.Authorization = new("Bearer", created.Key);
        var start = clock.GetUtcNow().UtcDateTime;

        await program.GetAsync("/api/voices");
        var first = await LastUsedAsync(user);
        clock.Advance(TimeSpan.FromSeconds(50));
        await program.GetAsync("/api/voices");
        var withinTheMinute = await LastUsedAsync(user);
        clock.Advance(TimeSpan.FromSeconds(20));
        await program.GetAsync("/api/voices");
        var after = await LastUsedAsync(user);

        Assert.Equal(start, first);
        Assert.Equal(start, withinTheMinute);
        Assert.Equal(start.AddSeconds(70), after);
    }

    [Fact]
    public async Task A_rate_window_refuses_until_the_servers_clock_reaches_its_end_over_HTTP_and_on_the_hub()
    {
        var user = await app.SignedInClientAsync("windows@cinecast.test");
        var analysis = new { text = "Hi." };
        await using var hub = await SpeechClient.ConnectAsync(app, user);
        // Each surface counts on its own; both windows open now.
        await user.PostAsJsonAsync("/api/engines/basic/analyze", analysis);
        await hub.SpeakAsync(new Synthesis.SynthesisRequest("Hi.", "aiden"));
        clock.Advance(TimeSpan.FromSeconds(20));
        await user.PostAsJsonAsync("/api/engines/basic/analyze", analysis);
        await hub.SpeakAsync(new Synthesis.SynthesisRequest("Hi.", "aiden"));

        var refused = await user.PostAsJsonAsync("/api/engines/basic/analyze", analysis);
        var hubRefused = await Assert.ThrowsAsync<Microsoft.AspNetCore.SignalR.HubException>(() => hub.SpeakAsync(new Synthesis.SynthesisRequest("Hi.", "aiden")));
        clock.Advance(TimeSpan.FromSeconds(39));
        var stillRefused = await user.PostAsJsonAsync("/api/engines/basic/analyze", analysis);
        clock.Advance(TimeSpan.FromSeconds(1));
        var served = await user.PostAsJsonAsync("/api/engines/basic/analyze", analysis);
        var hubServed = await hub.SpeakAsync(new Synthesis.SynthesisRequest("Hi.", "aiden"));

        Assert.Equal((HttpStatusCode.TooManyRequests, TimeSpan.FromSeconds(40)), (refused.StatusCode, refused.Headers.RetryAfter?.Delta));
        Assert.EndsWith("[rate-limit.synthesis]", hubRefused.Message, StringComparison.Ordinal);
        Assert.Equal((HttpStatusCode.TooManyRequests, TimeSpan.FromSeconds(1)), (stillRefused.StatusCode, stillRefused.Headers.RetryAfter?.Delta));
        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
        Assert.Equal(Synthesis.SpeechItemKinds.End, hubServed[^1].Kind);
    }

    private static async Task<DateTime?> LastUsedAsync(HttpClient user)
    {
        var keys = await user.GetFromJsonAsync<JsonElement>("/api/keys");
        return keys[0].GetProperty("lastUsedAt").GetDateTime().ToUniversalTime();
    }
}
