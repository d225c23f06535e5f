using System.Text;

namespace CineCast.Speech.Text;

/// <summary>The words a language uses for the separators inside web addresses and email addresses.</summary>
internal sealed record LinkWords(string Dot, string Slash, string At, string Dash, string Underscore);

/// <summary>Reads URLs and email addresses as their parts ("example dot com") instead of punctuation soup.</summary>
internal static class LinkReader
{
    public static readonly LinkWords English = new(" dot ", " slash ", " at ", " dash ", " underscore ");
    public static readonly LinkWords Mandarin = new(" 点 ", " 斜杠 ", " 艾特 ", " 杠 ", " 下划线 ");

    /// <summary>Reads the link starting at <paramref name="start"/> and returns where it ends, or -1 when none starts there.</summary>
    public static int TryRead(string text, int start, StringBuilder output, LinkWords words)
    {
        var end = start;
        while (end < text.Length && !char.IsWhiteSpace(text[end]) && !Scripts.IsHan(text[end]))
        {
            end++;
        }

        // Trailing sentence punctuation belongs to the sentence, not the address.
        while (end > start && text[end - 1] is '.' or ',' or ';' or ':' or '!' or '?' or ')' or ']' or '"' or '\'')
        {
            end--;
        }

        var link = text.AsSpan(start, end - start);
        var body = start;
        var scheme = link.IndexOf("://", StringComparison.Ordinal);
        if (scheme > 0 && IsWord(link[..scheme]))
        {
            body = start + scheme + 3;
        }
        else if (!link.StartsWith("www.", StringComparison.OrdinalIgnoreCase) && !IsEmail(link))
        {
            return -1;
        }

        var last = end;
        while (last > body && text[last - 1] == '/')
        {
            last--;
        }

        for (var i = body; i < last; i++)
        {
            var c = text[i];
            var separator = c switch
            {
                '.' => words.Dot,
                '/' => words.Slash,
                '@' => words.At,
                '-' => words.Dash,
                '_' => words.Underscore,
                _ => null,
            };
            if (separator is not null)
            {
                output.Append(separator);
            }
            else
            {
                output.Append(char.IsAsciiLetterOrDigit(c) ? c : ' ');
            }
        }

        output.Append(' ');
        return end;
    }

    private static bool IsWord(ReadOnlySpan<char> span)
    {
        foreach (var c in span)
        {
            if (!char.IsAsciiLetter(c))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsEmail(ReadOnlySpan<char> link)
    {
        var at = link.IndexOf('@');
        return at > 0 && link[(at + 1)..].IndexOf('.') > 0 && link.LastIndexOf('@') == at && !link.EndsWith(".");
    }
}
