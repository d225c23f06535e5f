using System.Runtime.CompilerServices;
using CineCast.Audio;
using CineCast.Neural.PocketTts;
using CineCast.Speech.Text;
using CineCast.Web.Hosting;
using CineCast.Web.Voices;
using Microsoft.Extensions.Options;

namespace CineCast.Web.Engines.Neural;

/// <summary>
/// Kyutai Pocket TTS through ONNX Runtime: zero-shot cloning from a clone's stored clip. The text files (bundle.json,
/// tokenizer) load on first use, for planning alone if need be; the graphs load on the first synthesis; each clone's
/// conditioning is computed once and cached.
/// </summary>
public sealed partial class NeuralEngine(AppLocations locations, CloneClips clips, IOptions<EnginesOptions> options, ILogger<NeuralEngine> logger) : ISpeechEngine, IDisposable
{
    public const string EngineId = "pocket-tts";

    private readonly ConditioningCache voices = new();
    private readonly Lock loading = new();
    private PocketTextChunker? text;
    private PocketModel? model;
    private string? loadProblem;

    public string Id => EngineId;

    public string Description =>
        "Pocket TTS (Kyutai): neural zero-shot cloning from your recording, English only. The model has no speed control: other speeds are applied after synthesis (time-stretched, pitch kept). Weights CC BY 4.0 by Kyutai; ONNX conversion by KevinAHM.";

    public EngineStatus Status => Installed
        ? loadProblem is null
            ? new EngineStatus(Id, EngineStates.Ready, null, Description)
            : new EngineStatus(Id, EngineStates.Failed, loadProblem, Description)
        : new EngineStatus(Id, EngineStates.NotInstalled,
            $"The Pocket TTS model is not installed. An administrator installs it on the Admin page or with 'CineCast.Web models install {PocketTtsBundles.Id} --accept-license'.",
            Description);

    private bool Installed => CustomFolder is { } folder
        ? File.Exists(Path.Combine(folder, "bundle.json"))
        : ModelInstaller.IsInstalled(locations.ModelsDirectory, PocketTtsBundles.For(options.Value.Neural.Precision));

    private string? CustomFolder => options.Value.Neural.ModelDirectory is { Length: > 0 } folder ? folder : null;

    public string? CannotSpeak(SpeakingVoice voice, double speed) =>
        voice.ClipPath is null
            ? $"'{voice.Name}' is a preset without a recording; {EngineId} clones from a recording, so choose one of your clones."
            : null;

    public string? CannotSay(string text) =>
        PocketPlanning.LanguageRuns(text).FirstOrDefault(run => run[0].Language != SpeechLanguage.English) is { } other
            ? $"{EngineId} has a model for English only, and part of this text is {other[0].Language} (\"{Problems.Shown(other[0].Text)}\"). Use the basic engine for it."
            : null;

    /// <summary>Kyutai's cutting (<see cref="PocketPlanning"/>); runs in another language keep the app's sentences, and are refused.</summary>
    public IEnumerable<TextChunk> Plan(string text)
    {
        var index = 0;
        foreach (var run in PocketPlanning.LanguageRuns(text))
        {
            var chunks = run[0].Language == SpeechLanguage.English
                ? PocketPlanning.Cut(run, TextModel(), index)
                : run.Select(sentence => sentence with { Index = index + sentence.Index - run[0].Index });
            foreach (var chunk in chunks)
            {
                index++;
                yield return chunk;
            }
        }
    }

    public Task<ChunkReading> ReadAsync(TextChunk chunk, CancellationToken cancellationToken)
    {
        var tokenizer = TextModel().Tokenizer;
        var tokens = chunk.Language == SpeechLanguage.English
            ? tokenizer.Encode(chunk.Text).Select(id => new TokenReading(id, tokenizer.PieceOf(id))).ToList()
            : null;
        return Task.FromResult(new ChunkReading(tokens, null));
    }

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
        var pocket = Model();
        var generation = new PocketGenerationOptions
        {
            Seed = settings.Seed,
            Temperature = settings.Temperature is { } temperature ? (float)temperature : PocketGenerationOptions.DefaultTemperature,
        };
        var stretcher = settings.Speed == 1.0 ? null : new TimeStretcher(pocket.Bundle.SampleRate, settings.Speed);
        // One stream for the whole request, so a seed fixes the noise of every chunk in turn.
        await foreach (var block in pocket.StreamAsync(lease.Voice, chunks.Select(chunk => PocketChunk(pocket, chunk)), generation, cancellationToken))
        {
            ClipInPlace(block);
            yield return stretcher is null ? block : stretcher.Process(block);
        }

        if (stretcher is not null)
        {
            yield return stretcher.Flush();
        }
    }

    private static PocketTextChunk PocketChunk(PocketModel pocket, TextChunk chunk) =>
        chunk.Language == SpeechLanguage.English
            ? pocket.Chunker.ChunkOf(chunk.Text)
            : throw new EngineFailedException($"{EngineId} has a model for English only; this part of the text is {chunk.Language}.");

    public void Dispose()
    {
        voices.Dispose();
        model?.Dispose();
    }

    // The model caps the prompt to what its cache allows (about 20 s), so the clip is read whole and cut there.
    private Task<PocketVoice> ConditionAsync(SpeakingVoice voice) =>
        Task.Run(() =>
        {
            var pocket = Model();
            return pocket.CreateVoice(clips.Read(voice.ClipPath!, pocket.Bundle.SampleRate));
        });

    /// <summary>bundle.json and the tokenizer, checked against their pins when installed: enough to plan and analyze text.</summary>
    private PocketTextChunker TextModel()
    {
        lock (loading)
        {
            if (text is not null)
            {
                return text;
            }

            var bundle = PocketTtsBundles.For(options.Value.Neural.Precision);
            if (CustomFolder is null && ModelInstaller.TextFilesProblem(locations.ModelsDirectory, bundle) is { } problem)
            {
                throw new EngineFailedException(problem);
            }

            try
            {
                return text = PocketTextChunker.Load(BundleDirectory());
            }
            catch (Exception exception) when (exception is IOException or InvalidDataException or UnauthorizedAccessException or System.Text.Json.JsonException)
            {
                throw new EngineFailedException($"The Pocket TTS text files could not be read: {exception.Message}");
            }
        }
    }

    private PocketModel Model()
    {
        lock (loading)
        {
            if (model is not null)
            {
                return model;
            }

            if (loadProblem is not null)
            {
                throw new EngineFailedException(loadProblem);
            }

            try
            {
                return model = PocketModel.Load(BundleDirectory(), new PocketModelOptions
                {
                    Precision = options.Value.Neural.Precision == "fp32" ? PocketPrecision.Float32 : PocketPrecision.Int8,
                }, TextModel());
            }
            catch (Exception exception) when (exception is not OutOfMemoryException)
            {
                loadProblem = exception is EngineFailedException ? exception.Message : $"The installed model could not be loaded: {exception.Message}";
                LogLoadFailed(logger, exception.Message);
                throw new EngineFailedException(loadProblem);
            }
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

    private string BundleDirectory() =>
        CustomFolder ?? ModelInstaller.BundleDirectory(locations.ModelsDirectory, PocketTtsBundles.For(options.Value.Neural.Precision));

    [LoggerMessage(Level = LogLevel.Error, Message = "Loading the Pocket TTS model failed: {Reason}")]
    private static partial void LogLoadFailed(ILogger logger, string reason);
}
