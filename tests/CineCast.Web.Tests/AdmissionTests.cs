using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CineCast.Web.Synthesis;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;

namespace CineCast.Web.Tests;

/// <summary>With every stream slot taken, new speech is refused at once with a time to retry; freed slots serve again.</summary>
[Collection(EspeakSerial.Name)]
public sealed class AdmissionTests : IDisposable
{
    private readonly CineCastApp app = new(settings: new() { ["CineCast:Synthesis:MaxConcurrentStreams"] = "1", ["CineCast:Synthesis:RetryAfterSeconds"] = "3" });

    public void Dispose() => app.Dispose();

    [Fact]
    public async Task A_full_server_answers_429_with_Retry_After_and_a_busy_hub_error_then_serves_again()
    {
        var user = await app.SignedInClientAsync("busy@cinecast.test");
        await using var hub = await SpeechClient.ConnectAsync(app, user);
        await using var second = await SpeechClient.ConnectAsync(app, user);
        var longText = string.Join(" ", Enumerable.Repeat("A sentence that keeps the only slot busy for a while.", 60));
        using var stop = new CancellationTokenSource();
        await using var holder = hub.StreamAsync<SpeechItem>("Synthesize", new SynthesisRequest(longText, "aiden"), stop.Token).GetAsyncEnumerator(stop.Token);
        Assert.True(await holder.MoveNextAsync());

        var http = await user.PostAsJsonAsync("/v1/audio/speech", new { model = "tts-1", input = "Hello.", voice = "aiden", response_format = "wav" });
        var legacy = await user.GetAsync("/read_stream?text=Hello&voice=aiden");
        var busyHub = await Assert.ThrowsAsync<HubException>(() => second.SpeakAsync(new SynthesisRequest("Hello.", "aiden")));

        Assert.Equal(HttpStatusCode.TooManyRequests, http.StatusCode);
        Assert.Equal("3", http.Headers.GetValues("Retry-After").Single());
        var error = (await http.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error");
        Assert.Equal(("rate_limit_error", "server_busy"), (error.GetProperty("type").GetString(), error.GetProperty("code").GetString()));
        Assert.Equal(HttpStatusCode.TooManyRequests, legacy.StatusCode);
        Assert.Equal("synthesis.busy", (await CloneServiceTests.ProblemAsync(legacy)).Reason);
        Assert.Contains("busy", busyHub.Message, StringComparison.Ordinal);
        Assert.EndsWith("[synthesis.busy]", busyHub.Message, StringComparison.Ordinal);

        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => { while (await holder.MoveNextAsync()) { } });
        HttpResponseMessage again = null!;
        for (var attempt = 0; attempt < 40; attempt++)
        {
            again = await user.PostAsJsonAsync("/v1/audio/speech", new { model = "tts-1", input = "Hello.", voice = "aiden", response_format = "wav" });
            if (again.StatusCode != HttpStatusCode.TooManyRequests)
            {
                break;
            }
            await Task.Delay(50);
        }
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
    }
}
