using System.Runtime.CompilerServices;
using CineCast.Audio;
using CineCast.Neural.PocketTts;
using CineCast.Speech.Text;
using CineCast.Web.Hosting;
using Microsoft.Extensions.Options;

namespace CineCast.Web.Engines.Neural;

/// <summary>
/// Kyutai Pocket TTS through ONNX Runtime: zero-shot cloning from a clone's stored clip. The model is loaded once,
/// on first use, from the installed bundle; each clone's conditioning is computed once and cached.
/// </summary>
public sealed partial class NeuralEngine(AppLocations locations, IOptions<EnginesOptions> options, ILogger<NeuralEngine> logger) : ISpeechEngine, IDisposable
{
    public const string EngineId = "pocket-tts";
    private const int MaxConditioningSeconds = 30;

    private readonly Lazy<PocketModel> model = new(() => PocketModel.Load(BundleDirectory(locations, options.Value.Neural), new PocketModelOptions
    {
        Precision = options.Value.Neural.Precision == "fp32" ? PocketPrecision.Float32 : PocketPrecision.Int8,
    }));
    private readonly ConditioningCache voices = new();
    private string? loadProblem;

    public string Id => EngineId;

    public string Description =>
        "Pocket TTS (Kyutai): neural zero-shot cloning from your recording, English only. Weights CC BY 4.0 by Kyutai; ONNX conversion by KevinAHM.";

    public EngineStatus Status => Installed
        ? loadProblem is null
            ? new EngineStatus(Id, EngineStates.Ready, null, Description)
            : new EngineStatus(Id, EngineStates.Failed, loadProblem, Description)
        : new EngineStatus(Id, EngineStates.NotInstalled,
            $"The Pocket TTS model is not installed. An administrator installs it on the Admin page or with 'CineCast.Web models install {PocketTtsBundles.Id} --accept-license'.",
            Description);

    private bool Installed => options.Value.Neural.ModelDirectory is { Length: > 0 } folder
        ? File.Exists(Path.Combine(folder, "bundle.json"))
        : ModelInstaller.IsInstalled(locations.ModelsDirectory, PocketTtsBundles.For(options.Value.Neural.Precision));

    public string? CannotSpeak(SpeakingVoice voice, double speed) =>
        voice.ClipPath is null
            ? $"'{voice.Name}' is a preset without a recording; {EngineId} clones from a recording, so choose one of your clones."
            : speed != 1.0 ? $"{EngineId} speaks at its natural pace only; set the speed to 1." : null;

    public async Task PrepareAsync(SpeakingVoice voice, SpeechLanguage language, CancellationToken cancellationToken)
    {
        if (voice.ClipPath is not null && language == SpeechLanguage.English)
        {
            await voices.PrepareAsync(voice.Id, voice.ClipVersion, () => ConditionAsync(voice), cancellationToken);
        }
    }

    public void Forget(string voiceId) => voices.Forget(voiceId);

    /// <summary>Clones whose conditioning is held in memory.</summary>
    public int CachedVoices => voices.Count;

    /// <summary>Drops the least recently used conditionings past <paramref name="maxVoices"/>, none under a running stream.</summary>
    public int Trim(int maxVoices) => voices.Trim(maxVoices);

    public async IAsyncEnumerable<ReadOnlyMemory<float>> SynthesizeAsync(
        SpeakingVoice voice, IEnumerable<TextChunk> chunks, SynthesisSettings settings, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (CannotSpeak(voice, settings.Speed) is { } reason)
        {
            throw new EngineFailedException(reason);
        }
        using var lease = await voices.LeaseAsync(voice.Id, voice.ClipVersion, () => ConditionAsync(voice), cancellationToken);
        var conditioning = lease.Voice;
        foreach (var chunk in chunks)
        {
            if (chunk.Language != SpeechLanguage.English)
            {
                throw new EngineFailedException($"{EngineId} speaks English only; this part of the text is Mandarin.");
            }
            await foreach (var block in Model().StreamAsync(conditioning, chunk.Text, null, cancellationToken))
            {
                ClipInPlace(block);
                yield return block;
            }
        }
    }

    public void Dispose()
    {
        voices.Dispose();
        if (model.IsValueCreated && loadProblem is null)
        {
            model.Value.Dispose();
        }
    }

    private Task<PocketVoice> ConditionAsync(SpeakingVoice voice) =>
        Task.Run(() =>
        {
            using var file = File.OpenRead(voice.ClipPath!);
            var clip = AudioDecoder.Decode(file, new DecodeLimits(120));
            var rate = Model().Bundle.SampleRate;
            var samples = clip.SampleRate == rate ? clip.Samples : Resampler.Resample(clip.Samples, clip.SampleRate, rate);
            // The backbone's cache holds 1000 positions per chunk (80 s at 12.5 Hz); like Kyutai's own runtime, condition
            // on at most the first 30 s so the voice leaves room for the text and the frames it generates.
            return Model().CreateVoice(samples.AsSpan(0, Math.Min(samples.Length, rate * MaxConditioningSeconds)));
        });

    private PocketModel Model()
    {
        try
        {
            return model.Value;
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            loadProblem ??= $"The installed model could not be loaded: {exception.Message}";
            LogLoadFailed(logger, exception.Message);
            throw new EngineFailedException(loadProblem);
        }
    }

    // The decoder's output is not clipped (contract §3.7); the pipeline's 16-bit frames need [-1, 1].
    private static void ClipInPlace(Span<float> block)
    {
        foreach (ref var sample in block)
        {
            sample = Math.Clamp(sample, -1f, 1f);
        }
    }

    private static string BundleDirectory(AppLocations locations, NeuralEngineOptions neural) =>
        neural.ModelDirectory is { Length: > 0 } folder
            ? folder
            : ModelInstaller.BundleDirectory(locations.ModelsDirectory, PocketTtsBundles.For(neural.Precision));

    [LoggerMessage(Level = LogLevel.Error, Message = "Loading the Pocket TTS model failed: {Reason}")]
    private static partial void LogLoadFailed(ILogger logger, string reason);
}
