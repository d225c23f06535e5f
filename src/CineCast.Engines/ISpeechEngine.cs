using CineCast.Speech.Text;

namespace CineCast.Engines;

/// <summary>
/// A text-to-speech engine. Engines never substitute a voice: they speak as <see cref="SpeakingVoice"/> or fail.
/// </summary>
public interface ISpeechEngine
{
    string Id { get; }

    /// <summary>What the engine is, in words a user reads next to its output (e.g. that it only approximates a voice).</summary>
    string Description { get; }

    EngineStatus Status { get; }

    /// <summary>Why this engine cannot speak as this voice at this speed (checked before any audio), or null.</summary>
    string? CannotSpeak(SpeakingVoice voice, double speed);

    /// <summary>
    /// Why this engine cannot say this text, such as a language it has no model for (checked before any audio), or
    /// null. <paramref name="language"/>, when markup names one, is the text's language instead of the detected one.
    /// </summary>
    string? CannotSay(string text, SpeechLanguage? language = null);

    /// <summary>
    /// How this engine wants the text cut: normalised chunks in order, each the exact text the engine receives,
    /// with its language and the span of the caller's text it came from. Lazy where the engine can be.
    /// </summary>
    IEnumerable<TextChunk> Plan(string text, SpeechLanguage? language = null);

    /// <summary>What the engine reads in one planned chunk: its tokens, or its phonemes. Speaks nothing.</summary>
    Task<ChunkReading> ReadAsync(TextChunk chunk, CancellationToken cancellationToken);

    /// <summary>Derives and caches what the engine needs for this voice in this language, ahead of the first request.</summary>
    Task PrepareAsync(SpeakingVoice voice, SpeechLanguage language, CancellationToken cancellationToken);

    /// <summary>Drops whatever the engine derived from a voice that no longer exists.</summary>
    void Forget(string voiceId);

    /// <summary>
    /// Whether the engine speaks at <see cref="SynthesisSettings.Speed"/> itself; when it cannot, the pipeline
    /// time-stretches its audio (pitch kept) after synthesis.
    /// </summary>
    bool ControlsSpeed { get; }

    /// <summary>
    /// Speaks the chunks in order as one continuous stream of events: a <see cref="SpeechEventKind.ChunkStarts"/>
    /// mark where each chunk's audio begins, and audio blocks in whatever format the engine makes (the pipeline
    /// converts once). A block is valid until the next <c>MoveNextAsync</c>; cancellation stops the work
    /// underneath (processes, native runs) at once.
    /// </summary>
    IAsyncEnumerable<SpeechEvent> SynthesizeAsync(SpeakingVoice voice, IEnumerable<TextChunk> chunks, SynthesisSettings settings, CancellationToken cancellationToken);
}

/// <summary>How to speak: speed, and for engines that sample, the seed and temperature (null: the engine's own).</summary>
public sealed record SynthesisSettings(double Speed, int? Seed = null, double? Temperature = null);

/// <summary>One token an engine feeds its model: the id and the piece of text it stands for.</summary>
public sealed record TokenReading(int Id, string Piece);

/// <summary>What an engine makes of a chunk before speaking it: model tokens, or phonemes (IPA), whichever it uses.</summary>
public sealed record ChunkReading(IReadOnlyList<TokenReading>? Tokens, string? Phonemes);

public static class EngineStates
{
    public const string Ready = "ready";
    public const string MissingDependency = "missing-dependency";
    public const string NotInstalled = "not-installed";
    public const string Failed = "failed";
}

/// <summary>One engine's readiness; <c>Reason</c> says what is missing when it is not ready.</summary>
public sealed record EngineStatus(string Id, string Status, string? Reason, string Description)
{
    /// <summary>The languages (ISO 639-1) the engine can speak now, for engines whose languages come with installed models.</summary>
    public IReadOnlyList<string>? Languages { get; init; }

    public bool IsReady => Status == EngineStates.Ready;
}

/// <summary>The voice that really speaks: a preset's fixed profile or a clone's stored clip.</summary>
public sealed record SpeakingVoice(string Id, string Name, string Kind, PresetVoice? Preset, string? ClipPath, DateTime ClipVersion)
{
    public static SpeakingVoice From(PresetVoice preset) => new(preset.Id, preset.Name, VoiceKinds.Preset, preset, null, default);

    /// <summary>A clone, by its stored clip; <paramref name="version"/> changes when the clip does, so profiles made from an older one are not reused.</summary>
    public static SpeakingVoice OfClip(string id, string name, string clipPath, DateTime version) => new(id, name, VoiceKinds.Clone, null, clipPath, version);

    /// <summary>The language this voice will most likely speak: a preset's own, or that of a clone's transcript.</summary>
    public static SpeechLanguage LikelyLanguage(PresetVoice? preset, string? transcript) =>
        preset is not null
            ? preset.Language == "zh" ? SpeechLanguage.Mandarin : SpeechLanguage.English
            : string.IsNullOrWhiteSpace(transcript) ? SpeechLanguage.English : LanguageDetector.Detect(transcript);
}
