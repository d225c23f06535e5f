using MessagePack;

namespace CineCast.Web.Synthesis;

/// <summary>What a client asks the speech hub to say; camelCase keys in JSON and MessagePack alike.</summary>
[MessagePackObject]
public sealed record SynthesisRequest
{
    public SynthesisRequest()
    {
    }

    public SynthesisRequest(string? text, string? voiceId, double speed = 1.0, string? engine = null)
    {
        Text = text;
        VoiceId = voiceId;
        Speed = speed;
        Engine = engine;
    }

    [Key("text")] public string? Text { get; init; }
    [Key("voiceId")] public string? VoiceId { get; init; }
    [Key("speed")] public double Speed { get; init; } = 1.0;
    [Key("engine")] public string? Engine { get; init; }

    /// <summary>Seed of the engine's sampling: the same seed gives the same audio. Absent, each request draws its own.</summary>
    [Key("seed")] public int? Seed { get; init; }

    /// <summary>Sampling temperature for engines that sample (pocket-tts, default 0.7); 0 is deterministic.</summary>
    [Key("temperature")] public double? Temperature { get; init; }
}

public static class SpeechItemKinds
{
    public const string Start = "start";
    public const string Audio = "audio";
    public const string Mark = "mark";
    public const string End = "end";
}

/// <summary>
/// One item of a speech stream: <c>start</c> (who really speaks), then <c>audio</c> frames with <c>mark</c>s among
/// them (where a piece of the text begins, in samples of the stream), then <c>end</c>.
/// One flat shape with camelCase keys in both JSON and MessagePack, so every client reads the same names; each item
/// carries only the fields of its kind (JSON leaves nulls out, MessagePack through <see cref="SpeechItemFormatter"/>).
/// </summary>
[MessagePackObject]
[MessagePackFormatter(typeof(SpeechItemFormatter))]
public sealed record SpeechItem
{
    [Key("kind")] public required string Kind { get; init; }

    [Key("engine")] public string? Engine { get; init; }
    [Key("engineDescription")] public string? EngineDescription { get; init; }
    [Key("voiceId")] public string? VoiceId { get; init; }
    [Key("voiceName")] public string? VoiceName { get; init; }
    [Key("voiceKind")] public string? VoiceKind { get; init; }
    [Key("sampleRate")] public int? SampleRate { get; init; }
    [Key("encoding")] public string? Encoding { get; init; }
    [Key("channels")] public int? Channels { get; init; }

    /// <summary>On <c>start</c>: the signed provenance statement of this output (a compact JWS; keys at <c>/api/provenance/keys</c>).</summary>
    [Key("provenance")] public string? Provenance { get; init; }

    /// <summary>On <c>start</c>: <c>on</c> when the audio carries the server's watermark, <c>off</c> when an administrator turned it off.</summary>
    [Key("watermark")] public string? Watermark { get; init; }

    [Key("sequence")] public int? Sequence { get; init; }
    [Key("pcm")] public byte[]? Pcm { get; init; }

    /// <summary>A mark's kind (<see cref="SpeechMarks"/>), its span of the caller's text and the stream sample where it is heard.</summary>
    [Key("mark")] public string? Mark { get; init; }

    /// <summary>An SSML mark's name, as the caller wrote it in <c>&lt;mark name="…"/&gt;</c>.</summary>
    [Key("name")] public string? Name { get; init; }
    [Key("offset")] public int? Offset { get; init; }
    [Key("length")] public int? Length { get; init; }
    [Key("sample")] public long? Sample { get; init; }

    /// <summary>True when the mark's time is an estimate (engines that do not time words themselves); absent when exact.</summary>
    [Key("estimated")] public bool? Estimated { get; init; }

    [Key("durationSeconds")] public double? DurationSeconds { get; init; }
    [Key("firstAudioMs")] public double? FirstAudioMs { get; init; }
    [Key("realTimeFactor")] public double? RealTimeFactor { get; init; }
}

/// <summary>What a <c>mark</c> item marks.</summary>
public static class SpeechMarks
{
    /// <summary>The engine starts speaking one planned chunk of the text (a sentence, part of a long one, or a few short ones).</summary>
    public const string Chunk = "chunk";

    /// <summary>A sentence starts; its span is the whole sentence in the caller's text.</summary>
    public const string Sentence = "sentence";

    /// <summary>A word starts; its span is what it was read from (the word, or "$1,250" for each word said for it).</summary>
    public const string Word = "word";

    /// <summary>A pause asked for in the text starts; its span is the <c>[pause:…]</c> or <c>&lt;break/&gt;</c>, the silence lasts until the next sound.</summary>
    public const string Pause = "pause";

    /// <summary>An SSML <c>&lt;mark name="…"/&gt;</c> is reached: at the start of the word after it (its span is the tag).</summary>
    public const string Ssml = "ssml";
}
