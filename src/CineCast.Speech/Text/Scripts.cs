namespace CineCast.Speech.Text;

/// <summary>Character classes shared by splitting, detection and normalisation.</summary>
internal static class Scripts
{
    /// <summary>CJK ideographs; a high surrogate in D840–D87F starts an ideograph from the supplementary extensions.</summary>
    public static bool IsHan(char c) =>
        c is (>= '\u4E00' and <= '\u9FFF') or (>= '\u3400' and <= '\u4DBF') or (>= '\uF900' and <= '\uFAFF') or (>= '\uD840' and <= '\uD87F');

    public static bool IsLatinLetter(char c) =>
        char.IsAsciiLetter(c) || (c is >= '\u00C0' and <= '\u024F' and not '\u00D7' and not '\u00F7');

    public static bool IsAsciiDigit(this string text, int index) => (uint)index < (uint)text.Length && char.IsAsciiDigit(text[index]);

    public static bool IsLetter(this string text, int index) => (uint)index < (uint)text.Length && char.IsLetter(text[index]);

    public static bool Is(this string text, int index, char c) => (uint)index < (uint)text.Length && text[index] == c;

    public static bool IsLineBreak(char c) => c is '\n' or '\r' or '\u2028' or '\u2029' or '\u0085';

    /// <summary>Full stops and marks that end a Chinese sentence wherever they stand.</summary>
    public static bool IsCjkTerminator(char c) => c is '。' or '！' or '？' or '；' or '｡';

    public static bool IsCjkClauseBreak(char c) => c is '，' or '、' or '：' or '﹐' or '､';

    /// <summary>Closing quotes and brackets that belong to the sentence they follow.</summary>
    public static bool IsCloser(char c) => c is '"' or '\'' or ')' or ']' or '}' or '”' or '’' or '」' or '』' or '》' or '）' or '】' or '»';

    public static int CountDigits(string text, int from)
    {
        var end = from;
        while (text.IsAsciiDigit(end))
        {
            end++;
        }

        return end - from;
    }

    /// <summary>True when no letter or digit continues at <paramref name="index"/>, i.e. a token ends there.</summary>
    public static bool EndsToken(string text, int index) => index >= text.Length || !char.IsLetterOrDigit(text[index]);
}
