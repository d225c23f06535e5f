using CineCast.Audio;
using CineCast.Speech.Text;

namespace CineCast.Engines.Tests;

/// <summary>
/// The engines on their own, with no web host: espeak-ng runs, calibration against a real recording, and
/// Pocket's driver on the tiny test graphs (which prove the loading and streaming code, not voice quality).
/// </summary>
public sealed class EngineTests
{
    private const string Text = "The first sentence is short. The second one says a little more than the first. And a third.";
    private const string Recording = "en_ls1363_1363-135842-0000.wav";

    [Fact]
    public async Task The_basic_engine_speaks_a_preset_as_24_kHz_events_with_a_mark_where_each_chunk_begins()
    {
        await using var engines = new Engines();
        var preset = SpeakingVoice.From(new PresetVoice("aiden", "Aiden", "en", "male", "test preset", 110, new BasicEngineParameters(90, 130, 100, 175)));

        var (marks, audio, format) = await Engines.SpeakAsync(engines.Basic, preset, Text);

        var planned = engines.Basic.Plan(Text).ToList();
        Assert.Equal((24000, 1), (format.SampleRate, format.Channels));
        Assert.Equal(planned.Select(c => (c.SourceStart, c.SourceLength)), marks.Where(m => m.Kind == SpeechEventKind.ChunkStarts).Select(m => (m.Offset, m.Length)));
        Assert.InRange(audio.Length / 24000.0, 3, 15);
    }

    [Fact]
    public async Task Calibrating_against_a_real_recording_brings_espeak_ngs_pitch_to_the_speakers()
    {
        await using var engines = new Engines();
        var clone = Engines.CloneOf(Recording);

        var profile = await engines.Profiles.GetAsync(clone, SpeechLanguage.English, CancellationToken.None);
        var (_, audio, _) = await Engines.SpeakAsync(engines.Basic, clone, Text);

        var reference = profile.Measures.ReferenceF0Hz!.Value;
        var spoken = PitchEstimator.Measure(audio, 24000).MedianF0Hz!.Value;
        Assert.InRange(spoken / reference, 0.9, 1.1);
        Assert.True(profile.Measures.SpectralDistanceAfterDb < profile.Measures.SpectralDistanceBeforeDb, "the equaliser brings the timbre closer");
    }

    [Fact]
    public async Task Pocket_tts_speaks_a_clone_from_its_recording_with_the_tiny_graphs_in_the_bundles_format()
    {
        await using var engines = new Engines(Engines.TinyBundle);
        var clone = Engines.CloneOf(Recording);

        var (marks, audio, format) = await Engines.SpeakAsync(engines.Neural, clone, "Hello there. How are you today?", new SynthesisSettings(1, Seed: 7));

        Assert.True(engines.Neural.Status.IsReady, engines.Neural.Status.Reason);
        Assert.Equal(1, format.Channels);
        Assert.Equal(engines.Neural.Plan("Hello there. How are you today?").Select(c => c.SourceStart), marks.Where(m => m.Kind == SpeechEventKind.ChunkStarts).Select(m => m.Offset));
        Assert.All(marks.Where(m => m.Kind == SpeechEventKind.WordStarts), m => Assert.True(m.Estimated));
        Assert.NotEmpty(audio);
        Assert.Equal(1, engines.Neural.CachedVoices);
    }

    [Fact]
    public async Task Pocket_tts_leaves_speed_to_the_pipeline_and_the_basic_engine_sets_it_itself()
    {
        await using var engines = new Engines();

        Assert.Equal((false, true), (engines.Neural.ControlsSpeed, engines.Basic.ControlsSpeed));
    }
}
