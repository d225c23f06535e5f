using CineCast.Speech.Text;
using NAudio.Wave;

namespace CineCast.Engines;

public enum SpeechEventKind
{
    /// <summary>Samples in the format the event carries.</summary>
    Audio,

    /// <summary>The engine starts speaking one planned chunk: the audio after this mark is that span of the caller's text.</summary>
    ChunkStarts,

    /// <summary>A sentence starts here; its span is the sentence in the caller's text.</summary>
    SentenceStarts,

    /// <summary>A word starts here; its span is what it was read from (a word, or "$1,250" for each of the words said for it).</summary>
    WordStarts,
}

/// <summary>
/// One event of an engine's speech, in order: audio that carries its own format, or a mark at the point in the audio
/// where it happens. A mark's time is where it falls in the stream; the pipeline turns it into a sample count of
/// what the listener hears. A struct, so speaking allocates nothing per block.
/// </summary>
public readonly record struct SpeechEvent
{
    private SpeechEvent(SpeechEventKind kind, ReadOnlyMemory<float> samples, WaveFormat? format, int offset, int length, bool estimated = false)
    {
        Kind = kind;
        Samples = samples;
        Format = format;
        Offset = offset;
        Length = length;
        Estimated = estimated;
    }

    public SpeechEventKind Kind { get; }

    /// <summary>Audio: mono float samples, valid until the stream moves on.</summary>
    public ReadOnlyMemory<float> Samples { get; }

    /// <summary>Audio: the samples' rate and channels (NAudio's description of a stream's format).</summary>
    public WaveFormat? Format { get; }

    /// <summary>Marks: where the span starts in the caller's original text.</summary>
    public int Offset { get; }

    /// <summary>Marks: how many characters of the caller's original text the span covers.</summary>
    public int Length { get; }

    /// <summary>Marks: placed by an estimate (the engine does not know when this word starts), not by the engine's own timing.</summary>
    public bool Estimated { get; }

    /// <summary>
    /// Marks: how many samples (in the audio's own format) before this point in the stream the mark happened; an
    /// engine that learns a time only after its audio has gone on sends the mark late rather than hold the audio back.
    /// </summary>
    public long SamplesAgo { get; private init; }

    public static SpeechEvent Audio(ReadOnlyMemory<float> samples, WaveFormat format) => new(SpeechEventKind.Audio, samples, format, 0, 0);

    public static SpeechEvent Starts(TextChunk chunk) => new(SpeechEventKind.ChunkStarts, default, null, chunk.SourceStart, chunk.SourceLength);

    /// <summary>A sentence or word mark, with its span of the caller's text; <paramref name="estimated"/> when its time is a guess.</summary>
    public static SpeechEvent Mark(SpeechEventKind kind, int offset, int length, bool estimated = false) =>
        kind is SpeechEventKind.SentenceStarts or SpeechEventKind.WordStarts
            ? new(kind, default, null, offset, length, estimated)
            : throw new ArgumentOutOfRangeException(nameof(kind), kind, "Only sentence and word marks carry a span of their own.");

    /// <summary>The same mark, sent <paramref name="samplesAgo"/> samples after the point where it happened.</summary>
    public static SpeechEvent Late(SpeechEvent mark, long samplesAgo) => mark with { SamplesAgo = Math.Max(0, samplesAgo) };
}

/// <summary>The formats engines speak in, made once.</summary>
public static class SpeechFormats
{
    /// <summary>Mono 32-bit float: how engines hand over samples, at their own rate.</summary>
    public static WaveFormat Mono(int sampleRate) => WaveFormat.CreateIeeeFloatWaveFormat(sampleRate, 1);
}
