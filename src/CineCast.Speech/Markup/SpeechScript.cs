using CineCast.Speech.Text;

namespace CineCast.Speech.Markup;

/// <summary>
/// What the caller asked for, in order: stretches of text to say (each with its own pace and, where the markup
/// names one, language), silences, and named marks to report back. Plain text is one part unless it holds
/// <c>[pause:…]</c>; text that starts with <c>&lt;speak&gt;</c> is read as SSML (<see cref="SsmlReader"/>).
/// </summary>
public sealed partial record SpeechScript(IReadOnlyList<ScriptPart> Parts, bool IsSsml)
{
    /// <summary>Reads the caller's text; throws <see cref="MarkupException"/> with the place and the reason when it cannot.</summary>
    public static SpeechScript Parse(string text, MarkupLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        limits ??= MarkupLimits.Default;
        return SsmlReader.LooksLikeSsml(text) ? SsmlReader.Read(text, limits) : PlainMarkup.Read(text, limits);
    }

    /// <summary>The stretches of text to say.</summary>
    public IEnumerable<SayPart> Sayings => Parts.OfType<SayPart>();

    /// <summary>The caller's text of a span as a person reads it: for SSML without its tags and with entities decoded.</summary>
    public string Quote(string text, int offset, int length)
    {
        var span = text.Substring(offset, length);
        return IsSsml ? Spaces().Replace(System.Net.WebUtility.HtmlDecode(Tag().Replace(span, "")), " ").Trim() : span;
    }

    /// <summary>How long all the asked silences last.</summary>
    public TimeSpan Silence => Parts.OfType<PausePart>().Aggregate(TimeSpan.Zero, (sum, pause) => sum + pause.Duration);
}

public sealed partial record SpeechScript
{
    [System.Text.RegularExpressions.GeneratedRegex(@"<[^<>]*>")]
    private static partial System.Text.RegularExpressions.Regex Tag();

    [System.Text.RegularExpressions.GeneratedRegex(@"\s+")]
    private static partial System.Text.RegularExpressions.Regex Spaces();
}

/// <summary>One step of a <see cref="SpeechScript"/>; its place is where it starts in the caller's text.</summary>
public abstract record ScriptPart(int Offset, int Length);

/// <summary>
/// Text to say as it is (an engine plans and normalises it): <paramref name="Text"/> is what the engine receives,
/// <paramref name="Map"/> leads from it back to the caller's text, <paramref name="Rate"/> multiplies the request's
/// speed and <paramref name="Language"/> overrides detection. <paramref name="Marks"/> are named marks at places in
/// <paramref name="Text"/>.
/// </summary>
public sealed record SayPart(string Text, SourceMap Map, SpeechLanguage? Language, double Rate, IReadOnlyList<NamedMark> Marks, int Offset, int Length)
    : ScriptPart(Offset, Length);

/// <summary>Silence of exactly <paramref name="Duration"/> between the sound before and the sound after.</summary>
public sealed record PausePart(TimeSpan Duration, int Offset, int Length) : ScriptPart(Offset, Length);

/// <summary>
/// A <c>&lt;phoneme&gt;</c>: what to say written as phonemes. No engine here speaks IPA yet, so a request with one is
/// refused before any audio, naming the tag; it is never read out as its plain text.
/// </summary>
public sealed record PhonemePart(string Alphabet, string Phonemes, int Line, int Column, int Offset, int Length) : ScriptPart(Offset, Length)
{
    /// <summary>The lexicon entry's grapheme when the phonemes come from the user's lexicon rather than a tag.</summary>
    public string? FromLexicon { get; init; }

    /// <summary>What asked for the phonemes, for a person: the tag, or the lexicon entry, and where.</summary>
    public override string ToString() => FromLexicon is { } grapheme
        ? $"'{grapheme}' at line {Line}, column {Column} (your lexicon gives it as IPA /{Phonemes}/)"
        : $"the <phoneme> at line {Line}, column {Column}";
}

/// <summary>A <c>&lt;mark name="…"/&gt;</c> at <paramref name="SpokenOffset"/> of its part's text, and at <paramref name="Offset"/> of the caller's.</summary>
public sealed record NamedMark(string Name, int SpokenOffset, int Offset, int Length);

/// <summary>How much markup one request may hold; each limit is checked as the markup is read, so a hostile text stops early.</summary>
public sealed record MarkupLimits
{
    public static readonly MarkupLimits Default = new();

    /// <summary>The longest single pause.</summary>
    public TimeSpan MaxPause { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How many pauses (and breaks) one text may hold.</summary>
    public int MaxPauses { get; init; } = 100;

    /// <summary>How deep SSML elements may nest.</summary>
    public int MaxDepth { get; init; } = 16;

    /// <summary>How many SSML elements one text may hold.</summary>
    public int MaxElements { get; init; } = 2000;

    /// <summary>The longest attribute value (a <c>&lt;sub&gt;</c> alias, a mark's name).</summary>
    public int MaxAttributeLength { get; init; } = 500;
}

/// <summary>Text whose markup cannot be read: <see cref="Code"/> names the fault, the message says where and why.</summary>
public sealed class MarkupException(string code, string message) : Exception(message)
{
    public string Code { get; } = code;

    internal static MarkupException At(string code, TextPosition at, string what) => new(code, $"{at}: {what}");
}

/// <summary>The fault codes of <see cref="MarkupException"/>.</summary>
public static class MarkupFaults
{
    public const string Malformed = "markup.malformed";
    public const string Declaration = "markup.declaration";
    public const string UnknownTag = "markup.unknown-tag";
    public const string BadAttribute = "markup.bad-attribute";
    public const string Misplaced = "markup.misplaced";
    public const string TooDeep = "markup.too-deep";
    public const string TooLarge = "markup.too-large";
    public const string BadPause = "markup.bad-pause";
    public const string TooManyPauses = "markup.too-many-pauses";
    public const string LanguageUnsupported = "markup.language-unsupported";
    public const string CannotSayAs = "markup.cannot-say-as";
}

/// <summary>A place in the caller's text, as people count: line and column from 1.</summary>
public readonly record struct TextPosition(int Line, int Column)
{
    public static TextPosition Of(string text, int offset)
    {
        var line = 1;
        var lineStart = 0;
        for (var i = 0; i < offset && i < text.Length; i++)
        {
            if (text[i] == '\n' || (text[i] == '\r' && (i + 1 >= text.Length || text[i + 1] != '\n')))
            {
                line++;
                lineStart = i + 1;
            }
        }
        return new TextPosition(line, offset - lineStart + 1);
    }

    public override string ToString() => $"line {Line}, column {Column}";
}
