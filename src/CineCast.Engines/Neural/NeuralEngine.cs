using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using CineCast.Audio;
using CineCast.Neural.PocketTts;
using CineCast.Speech.Text;
using Microsoft.Extensions.Options;

namespace CineCast.Engines.Neural;

/// <summary>
/// Kyutai Pocket TTS through ONNX Runtime: zero-shot cloning from a clone's stored clip, in each language whose
/// bundle is installed. Per bundle, the text files (bundle.json, tokenizer) load on first use, for planning alone if
/// need be; the graphs load on the first synthesis; each clone's conditioning is computed once and cached.
/// </summary>
public sealed partial class NeuralEngine(
    EngineLocations locations, CloneClips clips, VoiceProfileCache profiles, IOptions<EnginesOptions> options, ILogger<NeuralEngine> logger) : ISpeechEngine, IDisposable
{
    public const string EngineId = "pocket-tts";

    private static readonly SpeechLanguage[] Languages = [SpeechLanguage.English, SpeechLanguage.Italian, SpeechLanguage.French];

    private readonly ConcurrentDictionary<string, BundleRuntime> runtimes = new(StringComparer.Ordinal);

    public string Id => EngineId;

    public string Description => Describe(Installed());

    public EngineStatus Status
    {
        get
        {
            // One look at the disk for the languages, the description and the load problems alike.
            var installed = Installed();
            if (installed.Count == 0)
            {
                return new EngineStatus(Id, EngineStates.NotInstalled,
                    $"The Pocket TTS model is not installed. An administrator installs it on the Admin page or with 'CineCast.Web models install {PocketTtsBundles.Id} --accept-license'.",
                    Describe(installed)) { Languages = [] };
            }

            var problem = installed.Select(i => runtimes.GetValueOrDefault(i.Folder.Path)?.LoadProblem).FirstOrDefault(p => p is not null);
            return new EngineStatus(Id, problem is null ? EngineStates.Ready : EngineStates.Failed, problem, Describe(installed))
            {
                Languages = [.. installed.Select(i => i.Language.Code())],
            };
        }
    }

    /// <summary>The model has no speed control; the pipeline time-stretches its audio.</summary>
    public bool ControlsSpeed => false;

    public string? CannotSpeak(SpeakingVoice voice, double speed) =>
        voice.ClipPath is null
            ? $"'{voice.Name}' is a preset without a recording; {EngineId} clones from a recording, so choose one of your clones."
            : null;

    public string? CannotSay(string text, SpeechLanguage? language = null)
    {
        var missing = PocketPlanning.LanguageRuns(text, language).Where(run => SpeechFolder(run[0].Language) is null)
            .DistinctBy(run => run[0].Language).Select(run => NoModel(run[0].Language, run[0].Text)).ToList();
        return missing.Count == 0 ? null : string.Join(" ", missing);
    }

    /// <summary>Kyutai's cutting (<see cref="PocketPlanning"/>) with each language's own tokenizer; runs without one keep the app's sentences.</summary>
    public IEnumerable<TextChunk> Plan(string text, SpeechLanguage? language = null)
    {
        var index = 0;
        foreach (var run in PocketPlanning.LanguageRuns(text, language))
        {
            var chunks = TextFolder(run[0].Language) is { } folder
                ? PocketPlanning.Cut(run, TextModel(folder), index)
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
        var tokenizer = TextFolder(chunk.Language) is { } folder ? TextModel(folder).Tokenizer : null;
        var tokens = tokenizer?.Encode(chunk.Text).Select(id => new TokenReading(id, tokenizer.PieceOf(id))).ToList();
        return Task.FromResult(new ChunkReading(tokens, null));
    }

    public async Task PrepareAsync(SpeakingVoice voice, SpeechLanguage language, CancellationToken cancellationToken)
    {
        if (voice.ClipPath is not null && SpeechFolder(language) is { } folder)
        {
            using var lease = await LeaseAsync(Runtime(folder), voice, cancellationToken);
        }
    }

    public void Forget(string voiceId) => profiles.Forget(voiceId);

    /// <summary>Conditionings held in memory, over every language.</summary>
    public int CachedVoices => profiles.Count(EngineId);

    /// <summary>Drops the least recently used conditionings past <paramref name="maxVoices"/>, none under a running stream.</summary>
    public int Trim(int maxVoices) => profiles.Trim(EngineId, maxVoices);

    public async IAsyncEnumerable<SpeechEvent> SynthesizeAsync(
        SpeakingVoice voice, IEnumerable<TextChunk> chunks, SynthesisSettings settings, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (CannotSpeak(voice, settings.Speed) is { } reason)
        {
            throw new EngineFailedException(reason);
        }

        var generation = new PocketGenerationOptions
        {
            Seed = settings.Seed,
            Temperature = settings.Temperature is { } temperature ? (float)temperature : PocketGenerationOptions.DefaultTemperature,
        };
        using var pending = chunks.GetEnumerator();
        TextChunk? started = null;
        EstimatedMarks? estimates = null;
        var more = pending.MoveNext();
        while (more)
        {
            // Each run of one language is one stream of its own bundle, so a seed fixes the noise of all its chunks.
            var language = pending.Current.Language;
            var folder = SpeechFolder(language) ?? throw new EngineFailedException(NoModel(language, pending.Current.Text));
            var runtime = Runtime(folder);
            var pocket = Model(runtime);
            var format = SpeechFormats.Mono(pocket.Bundle.SampleRate);
            using var lease = await LeaseAsync(runtime, voice, cancellationToken);
            estimates ??= new EstimatedMarks(format.SampleRate);
            await foreach (var block in pocket.StreamAsync(lease.Profile, Run(pocket, language), generation, cancellationToken))
            {
                // The model takes the next chunk only once the previous one's audio is all out: its mark goes here.
                if (started is { } chunk)
                {
                    started = null;
                    foreach (var mark in estimates.Start(chunk))
                    {
                        yield return mark;
                    }
                }
                foreach (var mark in estimates.Before(block.Length))
                {
                    yield return mark;
                }
                yield return SpeechEvent.Audio(block, format);
            }
        }
        foreach (var mark in estimates?.Rest() ?? [])
        {
            yield return mark;
        }

        IEnumerable<PocketTextChunk> Run(PocketModel pocket, SpeechLanguage language)
        {
            do
            {
                started = pending.Current;
                yield return pocket.Chunker.ChunkOf(pending.Current.Text);
                more = pending.MoveNext();
            }
            while (more && pending.Current.Language == language);
        }
    }

    public void Dispose()
    {
        // Conditionings belong to their model: they go first.
        profiles.Clear(EngineId);
        foreach (var runtime in runtimes.Values)
        {
            runtime.Dispose();
        }
    }

    private static string NoModel(SpeechLanguage language, string sample) => language switch
    {
        SpeechLanguage.Mandarin => $"{EngineId} has no model for Mandarin (\"{Quote.Shown(sample)}\"); use the basic engine for it.",
        _ => $"{EngineId} has no {language} model installed, and part of this text is {language} (\"{Quote.Shown(sample)}\"). " +
             $"An administrator installs it on the Admin page or with 'CineCast.Web models install {PocketTtsBundles.Id} --language {language.Code()} --accept-license'.",
    };

    private List<(SpeechLanguage Language, BundleFolder Folder)> Installed() =>
        [.. Languages.Select(l => (Language: l, Folder: SpeechFolder(l))).Where(i => i.Folder is not null).Select(i => (i.Language, i.Folder!))];

    private static string Describe(List<(SpeechLanguage Language, BundleFolder Folder)> installed)
    {
        var spoken = installed.Count == 0 ? "the languages of its installed bundles" : string.Join(", ", installed.Select(i => i.Language));
        return $"Pocket TTS (Kyutai): neural zero-shot cloning from your recording, in {spoken}. The model has no speed control: other speeds are applied after synthesis (time-stretched, pitch kept). Weights CC BY 4.0 by Kyutai; ONNX conversion by KevinAHM.";
    }

    /// <summary>The voice's conditioning for this bundle, from the shared cache (made once per clip version).</summary>
    private Task<VoiceProfileCache.Lease<PocketVoice>> LeaseAsync(BundleRuntime runtime, SpeakingVoice voice, CancellationToken cancellationToken) =>
        profiles.LeaseAsync(EngineId, runtime.Folder.Path, voice, () => ConditionAsync(runtime, voice), cancellationToken);

    // The model caps the prompt to what its cache allows (about 20 s), so the clip is read whole and cut there.
    private Task<PocketVoice> ConditionAsync(BundleRuntime runtime, SpeakingVoice voice) =>
        Task.Run(() =>
        {
            var pocket = Model(runtime);
            return pocket.CreateVoice(clips.Read(voice.ClipPath!, pocket.Bundle.SampleRate));
        });

    /// <summary>A configured folder for the language, used as it is; else its lightest installed pinned bundle.</summary>
    private BundleFolder? SpeechFolder(SpeechLanguage language) =>
        CustomFolder(language) ?? Pinned(language, bundle => ModelInstaller.IsInstalled(locations.ModelsDirectory, bundle));

    /// <summary>Like <see cref="SpeechFolder"/>, but a bundle whose text files alone are in place will do: enough to plan and analyze.</summary>
    private BundleFolder? TextFolder(SpeechLanguage language) =>
        SpeechFolder(language)
        ?? Pinned(language, bundle => File.Exists(Path.Combine(ModelInstaller.BundleDirectory(locations.ModelsDirectory, bundle), "bundle.json")));

    private BundleFolder? CustomFolder(SpeechLanguage language)
    {
        var neural = options.Value.Neural;
        var custom = language == SpeechLanguage.English ? neural.ModelDirectory : neural.LanguageDirectories.GetValueOrDefault(language.Code());
        return custom is { Length: > 0 } && File.Exists(Path.Combine(custom, "bundle.json")) ? new BundleFolder(custom, null) : null;
    }

    private BundleFolder? Pinned(SpeechLanguage language, Func<ModelBundle, bool> present) =>
        PocketTtsBundles.All(options.Value.Neural.Precision).FirstOrDefault(b => b.Language == language.Code() && present(b)) is { } bundle
            ? new BundleFolder(ModelInstaller.BundleDirectory(locations.ModelsDirectory, bundle), bundle)
            : null;

    private BundleRuntime Runtime(BundleFolder folder) => runtimes.GetOrAdd(folder.Path, _ => new BundleRuntime(folder));

    /// <summary>bundle.json and the tokenizer, checked against their pins when installed: enough to plan and analyze text.</summary>
    private PocketTextChunker TextModel(BundleFolder folder)
    {
        var runtime = Runtime(folder);
        lock (runtime.Loading)
        {
            if (runtime.Text is not null)
            {
                return runtime.Text;
            }

            if (folder.Pins is { } pins && ModelInstaller.TextFilesProblem(locations.ModelsDirectory, pins) is { } problem)
            {
                throw new EngineFailedException(problem);
            }

            try
            {
                return runtime.Text = PocketTextChunker.Load(folder.Path);
            }
            catch (Exception exception) when (exception is IOException or InvalidDataException or UnauthorizedAccessException or System.Text.Json.JsonException)
            {
                throw new EngineFailedException($"The Pocket TTS text files in {Path.GetFileName(folder.Path)} could not be read: {exception.Message}");
            }
        }
    }

    private PocketModel Model(BundleRuntime runtime)
    {
        lock (runtime.Loading)
        {
            if (runtime.Model is not null)
            {
                return runtime.Model;
            }

            if (runtime.LoadProblem is not null)
            {
                throw new EngineFailedException(runtime.LoadProblem);
            }
        }

        try
        {
            var text = TextModel(runtime.Folder);
            lock (runtime.Loading)
            {
                return runtime.Model ??= PocketModel.Load(runtime.Folder.Path, new PocketModelOptions
                {
                    Precision = options.Value.Neural.Precision == "fp32" ? PocketPrecision.Float32 : PocketPrecision.Int8,
                }, text);
            }
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            runtime.LoadProblem = exception is EngineFailedException ? exception.Message : $"The installed model could not be loaded: {exception.Message}";
            LogLoadFailed(logger, runtime.Folder.Path, exception.Message);
            throw new EngineFailedException(runtime.LoadProblem);
        }
    }

    // The decoder's output is not clipped (contract §3.7); the pipeline's 16-bit frames need [-1, 1].
    [LoggerMessage(Level = LogLevel.Error, Message = "Loading the Pocket TTS model in {Folder} failed: {Reason}")]
    private static partial void LogLoadFailed(ILogger logger, string folder, string reason);

    /// <summary>A bundle folder, with its pins when it is an installed pinned bundle (null for a configured folder).</summary>
    private sealed record BundleFolder(string Path, ModelBundle? Pins);

    /// <summary>What the engine holds for one bundle: its text model, its graphs and its clones' conditionings.</summary>
    private sealed class BundleRuntime(BundleFolder folder) : IDisposable
    {
        public BundleFolder Folder { get; } = folder;

        public Lock Loading { get; } = new();

        public PocketTextChunker? Text { get; set; }

        public PocketModel? Model { get; set; }

        public string? LoadProblem { get; set; }

        public void Dispose() => Model?.Dispose();
    }
}
