namespace CineCast.Speech.Text;

/// <summary>One piece of text to synthesize: normalised words, its language, and where it came from in the input.</summary>
public sealed record TextChunk(int Index, string Text, SpeechLanguage Language, int SourceStart, int SourceLength)
{
    /// <summary>The caller's own text of the span, as written, so what is spoken can be traced word by word (<see cref="SourceSpans"/>).</summary>
    public string Source { get; init; } = "";
}
