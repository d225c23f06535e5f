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

    /// <summary>Speaks one frame, then fails in a way no engine is expected to.</summary>
    private sealed class BrokenEngine() : TestEngine(EngineId, "An engine that fails on purpose.")
    {
        public const string EngineId = "broken";

        public override async IAsyncEnumerable<SpeechEvent> SynthesizeAsync(
            SpeakingVoice voice, IEnumerable<TextChunk> chunks, SynthesisSettings settings, [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            yield return SpeechEvent.Audio(new float[960], SpeechFormats.Mono(24000));
            await Task.Yield();
            throw new InvalidOperationException("broken on purpose");
        }
    }
}
