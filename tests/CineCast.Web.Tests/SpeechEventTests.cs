using System.Net.Http.Json;
using System.Runtime.CompilerServices;
using CineCast.Speech.Text;
using CineCast.Web.Engines;
using CineCast.Web.Synthesis;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace CineCast.Web.Tests;

/// <summary>
/// An engine's speech is a stream of events: audio that carries its own format and marks where each chunk begins.
/// The pipeline converts the format once, applies the speed an engine cannot set itself, and stamps each mark with
/// the stream sample where it is heard — the same for the hub, HTTP and messagepack clients.
/// </summary>
[Collection(EspeakSerial.Name)]
public sealed class SpeechEventTests : IDisposable
{
    private readonly CineCastApp app = new(services: services => services.AddSingleton<ISpeechEngine, ToneEngine>());

    public void Dispose() => app.Dispose();

    [Theory]
    [InlineData(1.0, false)]
    [InlineData(2.0, false)]
    [InlineData(0.5, true)]
    public async Task Audio_in_the_engines_format_reaches_the_listener_at_24_kHz_with_each_mark_where_it_is_heard(double speed, bool messagePack)
    {
        var user = await app.SignedInClientAsync($"tone-{speed}-{messagePack}@cinecast.test");
        await using var hub = await SpeechClient.ConnectAsync(app, user, messagePack);
        const string text = "First part. Second part. Third part.";

        var items = await hub.SpeakAsync(new SynthesisRequest(text, "aiden", speed, ToneEngine.EngineId));

        var marks = items.Where(i => i.Kind == SpeechItemKinds.Mark).ToList();
        var heard = SpeechClient.Samples(items);
        var chunkSamples = ToneEngine.ChunkSeconds * 24000 / speed;
        var chunks = TextPlanner.Plan(text).ToList();
        Assert.Equal(24000, items[0].SampleRate);
        Assert.Equal(chunks.Select(c => (SpeechMarks.Chunk, c.SourceStart, c.SourceLength)), marks.Select(m => (m.Mark!, m.Offset!.Value, m.Length!.Value)));
        Assert.Equal(chunks.Select((_, k) => (long)Math.Round(k * chunkSamples)), marks.Select(m => m.Sample!.Value));
        // Frames are 40 ms: the last one is padded.
        Assert.InRange(heard.Length, chunks.Count * chunkSamples, (chunks.Count * chunkSamples) + 960);
        // Each chunk is a tone of its own pitch, so where a mark says a chunk starts, its tone is what is heard.
        for (var k = 0; k < chunks.Count; k++)
        {
            var at = (int)marks[k].Sample!.Value;
            var window = heard.AsSpan(at + 480, 1200).ToArray();
            Assert.Equal(ToneEngine.PitchOf(k), DominantPitch(window, [.. Enumerable.Range(0, chunks.Count).Select(ToneEngine.PitchOf)]));
        }
        Assert.All(marks, mark => Assert.Null(mark.Pcm));
    }

    [Fact]
    public async Task HTTP_speech_passes_through_the_same_stages_as_the_hub()
    {
        var user = await app.SignedInClientAsync("tone-http@cinecast.test");

        var response = await user.PostAsJsonAsync("/v1/audio/speech", new { model = ToneEngine.EngineId, input = "One. Two.", voice = "aiden", response_format = "pcm", speed = 2.0 });
        var pcm = await response.Content.ReadAsByteArrayAsync();

        Assert.Equal(ToneEngine.EngineId, response.Headers.GetValues("X-CineCast-Engine").Single());
        Assert.InRange(pcm.Length / 2, 2 * ToneEngine.ChunkSeconds * 24000 / 2, (2 * ToneEngine.ChunkSeconds * 24000 / 2) + 960);
    }

    /// <summary>Which of the candidate frequencies is strongest in the window (Goertzel).</summary>
    private static double DominantPitch(float[] window, double[] candidates) =>
        candidates.MaxBy(frequency =>
        {
            var coefficient = 2 * Math.Cos(2 * Math.PI * frequency / 24000);
            double previous = 0, beforePrevious = 0;
            foreach (var sample in window)
            {
                var current = sample + (coefficient * previous) - beforePrevious;
                beforePrevious = previous;
                previous = current;
            }
            return (previous * previous) + (beforePrevious * beforePrevious) - (coefficient * previous * beforePrevious);
        });

    /// <summary>Speaks each chunk as 0.4 s of a tone of its own pitch, at 16 kHz, and sets no speed of its own.</summary>
    private sealed class ToneEngine() : TestEngine(EngineId, "Tones, one pitch per chunk, for testing the pipeline.", controlsSpeed: false)
    {
        public const string EngineId = "tone";
        public const double ChunkSeconds = 0.4;
        private const int Rate = 16000;

        public static double PitchOf(int chunk) => 300 + (250 * chunk);

        public override async IAsyncEnumerable<SpeechEvent> SynthesizeAsync(
            SpeakingVoice voice, IEnumerable<TextChunk> chunks, SynthesisSettings settings, [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            var format = SpeechFormats.Mono(Rate);
            foreach (var chunk in chunks)
            {
                yield return SpeechEvent.Starts(chunk);
                var tone = new float[(int)(ChunkSeconds * Rate)];
                for (var n = 0; n < tone.Length; n++)
                {
                    tone[n] = 0.5f * (float)Math.Sin(2 * Math.PI * PitchOf(chunk.Index) * n / Rate);
                }
                // Odd block sizes, so nothing lines up with frames by luck.
                for (var start = 0; start < tone.Length; start += 997)
                {
                    yield return SpeechEvent.Audio(tone.AsMemory(start, Math.Min(997, tone.Length - start)), format);
                    await Task.Yield();
                }
            }
        }
    }
}
