using CineCast.Engines.Basic;
using CineCast.Engines.Neural;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace CineCast.Engines.Tests;

/// <summary>The engines as a program other than the web app would make them: options, two folders, no host.</summary>
public sealed class Engines : IAsyncDisposable
{
    public static readonly string TinyBundle = Path.Combine(Fixtures.RepositoryRootPath, "tests", "assets", "pocket-tts-tiny");

    private readonly string folder = Directory.CreateTempSubdirectory("cinecast-engines-").FullName;
    private readonly EspeakPool pool;

    public Engines(string? neuralModelDirectory = null)
    {
        var options = Options.Create(new EnginesOptions { Neural = { ModelDirectory = neuralModelDirectory } });
        var locations = new EngineLocations(Path.Combine(folder, "cache"), Path.Combine(folder, "models"));
        var clips = new CloneClips(maxDecodedSeconds: 180);
        var espeak = new EspeakInstallation(options, locations, NullLogger<EspeakInstallation>.Instance);
        pool = new EspeakPool(espeak);
        Profiles = new BasicVoiceProfiles(espeak, clips, Cache, NullLogger<BasicVoiceProfiles>.Instance);
        Basic = new BasicEngine(espeak, pool, Profiles, new EspeakWordTimes(espeak));
        Neural = new NeuralEngine(locations, clips, Cache, options, NullLogger<NeuralEngine>.Instance);
    }

    /// <summary>The one cache both engines keep their per-voice profiles in.</summary>
    public VoiceProfileCache Cache { get; } = new();

    public BasicVoiceProfiles Profiles { get; }

    public BasicEngine Basic { get; }

    public NeuralEngine Neural { get; }

    /// <summary>A clone of one of the shared real recordings, as the web app hands it over.</summary>
    public static SpeakingVoice CloneOf(string sharedClip) =>
        SpeakingVoice.OfClip("clone-" + Path.GetFileNameWithoutExtension(sharedClip), "Reference", Fixtures.Shared(sharedClip), DateTime.UnixEpoch);

    public static async Task<(List<SpeechEvent> Marks, float[] Audio, NAudio.Wave.WaveFormat Format)> SpeakAsync(
        ISpeechEngine engine, SpeakingVoice voice, string text, SynthesisSettings? settings = null)
    {
        var marks = new List<SpeechEvent>();
        var audio = new List<float>();
        NAudio.Wave.WaveFormat? format = null;
        await foreach (var speech in engine.SynthesizeAsync(voice, engine.Plan(text), settings ?? new SynthesisSettings(1), CancellationToken.None))
        {
            if (speech.Kind == SpeechEventKind.Audio)
            {
                format ??= speech.Format;
                Assert.Equal(format, speech.Format);
                audio.AddRange(speech.Samples.Span);
            }
            else
            {
                marks.Add(speech);
            }
        }
        return (marks, audio.ToArray(), format!);
    }

    public async ValueTask DisposeAsync()
    {
        Neural.Dispose();
        await Profiles.DisposeAsync();
        Cache.Dispose();
        await pool.DisposeAsync();
        Fixtures.DeleteDirectory(folder);
    }
}
