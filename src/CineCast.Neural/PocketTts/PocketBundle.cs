using System.Text.Json;

namespace CineCast.Neural.PocketTts;

/// <summary>A Pocket TTS bundle folder described by its bundle.json (schema 2). All sizes come from the file.</summary>
public sealed class PocketBundle
{
    public const string ManifestFileName = "bundle.json";

    private PocketBundle(string directory) => Directory = directory;

    public string Directory { get; }

    public required string BundleName { get; init; }

    public required int SampleRate { get; init; }

    public required double FrameRate { get; init; }

    public required int SamplesPerFrame { get; init; }

    public required int LatentDim { get; init; }

    public required int ConditioningDim { get; init; }

    public required int MaxTokenPerChunk { get; init; }

    public required bool InsertBosBeforeVoice { get; init; }

    public required string TokenizerFile { get; init; }

    public string? BosBeforeVoiceFile { get; init; }

    public required bool PadWithSpacesForShortInputs { get; init; }

    public required bool RemoveSemicolons { get; init; }

    public int? ModelRecommendedFramesAfterEos { get; init; }

    public required IReadOnlyList<string> PredefinedVoices { get; init; }

    public required StateManifest FlowLmStates { get; init; }

    public required StateManifest MimiStates { get; init; }

    /// <summary>
    /// Positions the flow backbone's attention cache holds (dimension 2 of its <c>cache</c> states). The voice prompt,
    /// a chunk's tokens and every generated frame each take one; the exported graph cannot go past the end.
    /// </summary>
    public required int FlowCachePositions { get; init; }

    /// <summary>The most positions a voice prompt may take: a quarter of the cache (about 20 s for the real model).</summary>
    public int MaxVoicePositions => FlowCachePositions / 4;

    /// <summary>
    /// The most tokens one chunk may have so that, after the longest voice prompt, each token still has the frames
    /// Kyutai's length estimate gives it (3 tokens a second); longer chunks are cut at word starts.
    /// </summary>
    public int MaxChunkTokensThatFit => Math.Max(1, (int)((FlowCachePositions - MaxVoicePositions) / (1 + (FrameRate / TokensPerSecond))));

    /// <summary>Kyutai's estimate of how fast text is spoken, which sets each chunk's frame limit.</summary>
    public const double TokensPerSecond = 3.0;

    public string PathOf(string fileName) => Path.Combine(Directory, fileName);

    public static PocketBundle Load(string directory)
    {
        var path = Path.Combine(directory, ManifestFileName);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"No {ManifestFileName} in the Pocket TTS bundle folder.", path);
        }

        using var stream = File.OpenRead(path);
        using var json = JsonDocument.Parse(stream);
        return Parse(json.RootElement, directory);
    }

    internal static PocketBundle Parse(JsonElement root, string directory)
    {
        var schema = Required(root, "schema_version").GetInt32();
        if (schema != 2)
        {
            throw new InvalidDataException($"bundle.json: schema_version {schema} is not supported (expected 2).");
        }

        var flowStates = StateManifest.Parse(Required(root, "flow_lm_state_manifest"), "flow_lm_state_manifest");
        var bundle = new PocketBundle(directory)
        {
            BundleName = Required(root, "bundle_name").GetString() ?? string.Empty,
            SampleRate = Positive(root, "sample_rate"),
            FrameRate = Required(root, "frame_rate").GetDouble(),
            SamplesPerFrame = Positive(root, "samples_per_frame"),
            LatentDim = Positive(root, "latent_dim"),
            ConditioningDim = Positive(root, "conditioning_dim"),
            MaxTokenPerChunk = Positive(root, "max_token_per_chunk"),
            InsertBosBeforeVoice = OptionalBool(root, "insert_bos_before_voice"),
            TokenizerFile = Required(root, "tokenizer_file").GetString() ?? "tokenizer.model",
            BosBeforeVoiceFile = root.TryGetProperty("bos_before_voice_file", out var bos) && bos.ValueKind == JsonValueKind.String
                ? bos.GetString()
                : null,
            PadWithSpacesForShortInputs = OptionalBool(root, "pad_with_spaces_for_short_inputs"),
            RemoveSemicolons = OptionalBool(root, "remove_semicolons"),
            ModelRecommendedFramesAfterEos =
                root.TryGetProperty("model_recommended_frames_after_eos", out var frames) && frames.ValueKind == JsonValueKind.Number
                    ? frames.GetInt32()
                    : null,
            PredefinedVoices = root.TryGetProperty("predefined_voices", out var voices) && voices.ValueKind == JsonValueKind.Array
                ? voices.EnumerateArray().Select(v => v.GetString() ?? string.Empty).ToArray()
                : [],
            FlowLmStates = flowStates,
            FlowCachePositions = CachePositions(flowStates),
            MimiStates = StateManifest.Parse(Required(root, "mimi_state_manifest"), "mimi_state_manifest"),
        };
        if (bundle.FrameRate <= 0)
        {
            throw new InvalidDataException("bundle.json: frame_rate must be positive.");
        }

        if (bundle.InsertBosBeforeVoice && bundle.BosBeforeVoiceFile is null)
        {
            throw new InvalidDataException("bundle.json: insert_bos_before_voice is true but bos_before_voice_file is missing.");
        }

        return bundle;
    }

    private static int CachePositions(StateManifest flowStates)
    {
        var caches = flowStates.Entries.Where(e => e.Key == "cache").ToList();
        return caches.Count > 0 && caches.All(e => e.Shape.Count == 5 && e.Shape[2] > 0)
            ? (int)caches.Min(e => e.Shape[2])
            : throw new InvalidDataException("bundle.json: the flow_lm_state_manifest has no attention cache of shape [2, batch, positions, heads, head dim].");
    }

    private static JsonElement Required(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null
            ? value
            : throw new InvalidDataException($"bundle.json: '{name}' is missing.");

    private static int Positive(JsonElement root, string name)
    {
        var value = Required(root, name).GetInt32();
        return value > 0 ? value : throw new InvalidDataException($"bundle.json: '{name}' must be positive.");
    }

    private static bool OptionalBool(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.True;
}
