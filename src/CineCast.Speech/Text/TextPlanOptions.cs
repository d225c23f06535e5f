namespace CineCast.Speech.Text;

public sealed record TextPlanOptions
{
    /// <summary>The first chunk is cut at a clause break or space when longer, so the first audio arrives quickly.</summary>
    public int FirstChunkMaxChars { get; init; } = 60;

    /// <summary>Later chunks: long sentences are cut at clause breaks, then at spaces (English) or between characters (Chinese).</summary>
    public int MaxChunkChars { get; init; } = 240;

    /// <summary>Every chunk is in this language (markup such as <c>&lt;lang&gt;</c> said so); null: each chunk's language is detected.</summary>
    public SpeechLanguage? Language { get; init; }
}
