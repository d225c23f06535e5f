using System.Text.RegularExpressions;

namespace CineCast.Speech.Markup;

/// <summary>
/// The markup plain text may hold: <c>[pause:1.5s]</c> / <c>[pause:300ms]</c> (as Kokoro-FastAPI writes it) and
/// <c>&lt;break time="1s"/&gt;</c> (as ElevenLabs accepts it in plain text). Everything else is text, as before:
/// other tag-like pieces are left to the text cleaner, which does not speak them.
/// </summary>
internal static partial class PlainMarkup
{
    public static SpeechScript Read(string text, MarkupLimits limits)
    {
        var parts = new List<ScriptPart>();
        var pauses = 0;
        var sayFrom = 0;
        foreach (var found in Marker().EnumerateMatches(text))
        {
            var at = TextPosition.Of(text, found.Index);
            var marker = text.AsSpan(found.Index, found.Length);
            var pause = marker[0] == '[' ? BracketPause(marker, at) : BreakTag(marker.ToString(), at);
            Say(text, sayFrom, found.Index, parts);
            parts.Add(new PausePart(Pauses.Checked(pause, limits, ref pauses, at), found.Index, found.Length));
            sayFrom = found.Index + found.Length;
        }
        Say(text, sayFrom, text.Length, parts);
        return new SpeechScript(parts, IsSsml: false);
    }

    private static void Say(string text, int start, int end, List<ScriptPart> parts)
    {
        if (end > start && !string.IsNullOrWhiteSpace(text[start..end]))
        {
            parts.Add(new SayPart(text[start..end], SourceMap.Verbatim(start, end - start), null, 1.0, [], start, end - start));
        }
    }

    private static TimeSpan BracketPause(ReadOnlySpan<char> marker, TextPosition at)
    {
        var close = marker.IndexOf(']');
        return (close > 0 ? Pauses.OfTime(marker["[pause:".Length..close]) : null)
            ?? throw MarkupException.At(MarkupFaults.BadPause, at, "[pause:…] takes a length and a unit, such as [pause:1.5s] or [pause:300ms]");
    }

    private static TimeSpan BreakTag(string tag, TextPosition at)
    {
        TimeSpan? pause = null;
        foreach (Match attribute in Attribute().Matches(tag))
        {
            var (name, value) = (attribute.Groups["name"].Value, attribute.Groups["value"].Value);
            pause = name switch
            {
                "time" => Pauses.OfTime(value) ?? throw MarkupException.At(MarkupFaults.BadAttribute, at,
                    $"<break time=\"{Shown(value)}\"> is not a length; write it as 1.5s or 300ms"),
                "strength" => pause ?? Pauses.OfStrength(value) ?? throw MarkupException.At(MarkupFaults.BadAttribute, at,
                    $"<break strength=\"{Shown(value)}\"> is not one of {Pauses.Strengths}"),
                _ => throw MarkupException.At(MarkupFaults.BadAttribute, at, $"<break> takes time or strength, not {Shown(name)}"),
            };
        }
        return pause ?? Pauses.Medium;
    }

    private static string Shown(string value) => value.Length <= 40 ? value : value[..40] + "…";

    // "[pause:" up to its closing bracket (or 40 characters, to say where a broken one is); a <break …/> tag.
    [GeneratedRegex(@"\[pause:[^\]\[]{0,40}\]?|<break(?:\s[^<>]{0,400})?/?>", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Marker();

    [GeneratedRegex(@"(?<name>[\w:-]+)\s*=\s*(?:""(?<value>[^""]*)""|'(?<value>[^']*)')", RegexOptions.CultureInvariant)]
    private static partial Regex Attribute();
}
