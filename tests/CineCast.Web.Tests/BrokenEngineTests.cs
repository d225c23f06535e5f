using System.Net;
using System.Net.Http.Json;
using System.Runtime.CompilerServices;
using CineCast.Speech.Text;
using CineCast.Web.Engines;
using CineCast.Web.Synthesis;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace CineCast.Web.Tests;

public sealed class BrokenEngineTests : IDisposable
{
    private readonly CineCastApp app = new(services: services => services.AddSingleton<ISpeechEngine, BrokenEngine>());

    public void Dispose() => app.Dispose();

    [Fact]
    public async Task An_engine_that_breaks_mid_stream_ends_the_stream_with_an_error_instead_of_hanging()
    {
        var user = await app.SignedInClientAsync("broken@cinecast.test");
        await using var hub = await SpeechClient.ConnectAsync(app, user);
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var received = new List<SpeechItem>();

        var failure = await Assert.ThrowsAsync<HubException>(async () =>
        {
            await foreach (var item in hub.StreamAsync<SpeechItem>("Synthesize", new SynthesisRequest("Hello there.", "aiden", 1, BrokenEngine.EngineId), deadline.Token))
            {
                received.Add(item);
            }
        });

        Assert.Contains("could not finish speaking", failure.Message, StringComparison.Ordinal);
        Assert.EndsWith("[synthesis.failed]", failure.Message, StringComparison.Ordinal);
        Assert.Equal("broken", Assert.Single(received, i => i.Kind == SpeechItemKinds.Start).Engine);
        Assert.DoesNotContain(received, i => i.Kind == SpeechItemKinds.End);
    }

    [Fact]
    public async Task An_engine_that_breaks_mid_stream_ends_server_sent_speech_with_an_error_event_not_a_silent_end()
    {
        var user = await app.SignedInClientAsync("broken-sse@cinecast.test");

        var response = await user.PostAsJsonAsync("/v1/audio/speech",
            new { model = BrokenEngine.EngineId, input = "Hello there.", voice = "aiden", response_format = "pcm", stream_format = "sse" });
        var events = ServerSentEvents.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("speech.audio.delta", events[0].GetProperty("type").GetString());
        var error = events[^1];
        Assert.Equal("error", error.GetProperty("type").GetString());
        Assert.Equal("synthesis_failed", error.GetProperty("error").GetProperty("code").GetString());
        Assert.Contains("could not finish speaking", error.GetProperty("error").GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain(events, e => e.GetProperty("type").GetString() == "speech.audio.done");
    }

    /// <summary>Speaks 200 ms (more than the watermark holds back), then fails in a way no engine is expected to.</summary>
    private sealed class BrokenEngine() : TestEngine(EngineId, "An engine that fails on purpose.")
    {
        public const string EngineId = "broken";

        public override async IAsyncEnumerable<SpeechEvent> SynthesizeAsync(
            SpeakingVoice voice, IEnumerable<TextChunk> chunks, SynthesisSettings settings, [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            yield return SpeechEvent.Audio(new float[4800], SpeechFormats.Mono(24000));
            await Task.Yield();
            throw new InvalidOperationException("broken on purpose");
        }
    }
}
