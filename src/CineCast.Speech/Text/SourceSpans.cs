namespace CineCast.Speech.Text;

/// <summary>
/// Finds, for a piece of the text an engine speaks (normalised: "$1,250" became "one thousand two hundred fifty
/// dollars"), the piece of the caller's own text it came from. Words are lined up by their longest common
/// subsequence; a spoken word with no twin stands for what lies between its neighbours' twins ("$1,250").
/// </summary>
public sealed class SourceSpans
{
    private readonly string source;
    private readonly List<(int Start, int Length)> spokenWords;
    private readonly (int Start, int Length)?[] twins;

    public SourceSpans(string spoken, string source)
    {
        ArgumentNullException.ThrowIfNull(spoken);
        this.source = source ?? throw new ArgumentNullException(nameof(source));
        spokenWords = Words(spoken);
        var sourceWords = Words(source);
        twins = Align(spoken, spokenWords, source, sourceWords);
    }

    /// <summary>
    /// The span of the source that the spoken word starting at <paramref name="spokenStart"/> came from, or null
    /// when no word starts there (a stray symbol the engine read on its own).
    /// </summary>
    public (int Start, int Length)? Of(int spokenStart)
    {
        var index = spokenWords.FindIndex(word => word.Start == spokenStart);
        if (index < 0)
        {
            return null;
        }
        if (twins[index] is { } twin)
        {
            return twin;
        }
        var before = index - 1;
        while (before >= 0 && twins[before] is null)
        {
            before--;
        }
        var after = index + 1;
        while (after < twins.Length && twins[after] is null)
        {
            after++;
        }
        var from = before >= 0 ? twins[before]!.Value.Start + twins[before]!.Value.Length : 0;
        var to = after < twins.Length ? twins[after]!.Value.Start : source.Length;
        while (from < to && !IsSpoken(source[from]))
        {
            from++;
        }
        while (to > from && char.IsWhiteSpace(source[to - 1]))
        {
            to--;
        }
        return to > from ? (from, to - from) : before >= 0 ? twins[before] : after < twins.Length ? twins[after] : null;
    }

    /// <summary>Runs of letters and digits, joined across an apostrophe or a separator inside a number ("don't", "1,250.50").</summary>
    private static List<(int Start, int Length)> Words(string text)
    {
        var words = new List<(int, int)>();
        var i = 0;
        while (i < text.Length)
        {
            if (!IsWordCharacter(text[i]))
            {
                i++;
                continue;
            }
            var start = i;
            while (i < text.Length && (IsWordCharacter(text[i])
                || (i + 1 < text.Length && text[i] is '\'' or '’' or ',' or '.' && i > start && IsWordCharacter(text[i - 1]) && IsWordCharacter(text[i + 1]))))
            {
                i++;
            }
            words.Add((start, i - start));
        }
        return words;
    }

    private static bool IsWordCharacter(char c) =>
        char.IsLetterOrDigit(c) || char.GetUnicodeCategory(c) is System.Globalization.UnicodeCategory.NonSpacingMark or System.Globalization.UnicodeCategory.SpacingCombiningMark;

    // Symbols a reader speaks ("$", "%", "&") start a source span; spaces and quotes do not.
    private static bool IsSpoken(char c) => !char.IsWhiteSpace(c) && c is not ('"' or '\'' or '“' or '”' or '‘' or '’' or '(' or '[' or ',');

    private static (int Start, int Length)?[] Align(string spoken, List<(int Start, int Length)> spokenWords, string source, List<(int Start, int Length)> sourceWords)
    {
        var n = spokenWords.Count;
        var m = sourceWords.Count;
        var common = new int[n + 1, m + 1];
        for (var i = n - 1; i >= 0; i--)
        {
            for (var j = m - 1; j >= 0; j--)
            {
                common[i, j] = Same(spoken, spokenWords[i], source, sourceWords[j])
                    ? common[i + 1, j + 1] + 1
                    : Math.Max(common[i + 1, j], common[i, j + 1]);
            }
        }

        var twins = new (int Start, int Length)?[n];
        for (int i = 0, j = 0; i < n && j < m;)
        {
            if (Same(spoken, spokenWords[i], source, sourceWords[j]))
            {
                twins[i++] = sourceWords[j++];
            }
            else if (common[i + 1, j] >= common[i, j + 1])
            {
                i++;
            }
            else
            {
                j++;
            }
        }
        return twins;
    }

    private static bool Same(string spoken, (int Start, int Length) a, string source, (int Start, int Length) b) =>
        a.Length == b.Length && string.Compare(spoken, a.Start, source, b.Start, a.Length, StringComparison.OrdinalIgnoreCase) == 0;
}
