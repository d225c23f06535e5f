namespace CineCast.Speech.Text;

/// <param name="Expansion">The spoken form.</param>
/// <param name="NeedsDot">Only an abbreviation when written with its period ("No." but not "no").</param>
/// <param name="PrecedesName">A title (Mr., Dr., St.): its period never ends a sentence.</param>
/// <param name="AfterName">The reading after a name instead of before one ("Main St." → Street, "Elm Dr." → Drive).</param>
/// <param name="BeforeNumberOnly">Only expanded before a number ("No. 5" → number five, but "No." stays a word).</param>
internal sealed record Abbreviation(string Expansion, bool NeedsDot, bool PrecedesName = false, string? AfterName = null, bool BeforeNumberOnly = false);

/// <summary>Abbreviations known to both the sentence splitter (their period is not a full stop) and the English normaliser.</summary>
internal static class Abbreviations
{
    private static readonly Dictionary<string, Abbreviation> Known = Build();

    private static readonly Dictionary<string, Abbreviation>.AlternateLookup<ReadOnlySpan<char>> KnownBySpan =
        Known.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>Looks up a word written without its final period; dotted forms keep their inner dots ("e.g").</summary>
    public static bool TryGet(ReadOnlySpan<char> word, bool hasDot, out Abbreviation abbreviation) =>
        KnownBySpan.TryGetValue(word, out abbreviation!) && (hasDot || !abbreviation.NeedsDot);

    /// <summary>
    /// Whether the period after <paramref name="word"/> can end a sentence, given the first character of the next word
    /// (<c>'\0'</c> at the end of the text). Initials ("J. R. R.", "U.S.") and titles never end one; other
    /// abbreviations ("etc.", "Jr.", "No.") end one only when a capitalised word follows.
    /// </summary>
    public static bool PeriodCanEndSentence(ReadOnlySpan<char> word, char next)
    {
        if (IsInitials(word))
        {
            return false;
        }

        if (!TryGet(word, hasDot: true, out var abbreviation))
        {
            return true;
        }

        return !abbreviation.PrecedesName && (next == '\0' || char.IsUpper(next) || Scripts.IsHan(next));
    }

    /// <summary>"J", "U.S", "e.g": every dot-separated part is a single letter.</summary>
    public static bool IsInitials(ReadOnlySpan<char> word)
    {
        if (word.IsEmpty)
        {
            return false;
        }

        for (var i = 0; i < word.Length; i++)
        {
            var expectLetter = i % 2 == 0;
            if (expectLetter ? !char.IsLetter(word[i]) : word[i] != '.')
            {
                return false;
            }
        }

        return true;
    }

    private static Dictionary<string, Abbreviation> Build()
    {
        var known = new Dictionary<string, Abbreviation>(StringComparer.OrdinalIgnoreCase)
        {
            ["mr"] = new("Mister", NeedsDot: false, PrecedesName: true),
            ["mrs"] = new("Missus", NeedsDot: false, PrecedesName: true),
            ["ms"] = new("Miz", NeedsDot: false, PrecedesName: true),
            ["dr"] = new("Doctor", NeedsDot: false, PrecedesName: true, AfterName: "Drive"),
            ["st"] = new("Saint", NeedsDot: false, PrecedesName: true, AfterName: "Street"),
            ["prof"] = new("Professor", NeedsDot: false, PrecedesName: true),
            ["mt"] = new("Mount", NeedsDot: true, PrecedesName: true),
            ["capt"] = new("Captain", NeedsDot: true, PrecedesName: true),
            ["sgt"] = new("Sergeant", NeedsDot: true, PrecedesName: true),
            ["gov"] = new("Governor", NeedsDot: true, PrecedesName: true),
            ["sen"] = new("Senator", NeedsDot: true, PrecedesName: true),
            ["vs"] = new("versus", NeedsDot: false, PrecedesName: true),
            ["approx"] = new("approximately", NeedsDot: false, PrecedesName: true),
            ["jr"] = new("Junior", NeedsDot: false),
            ["sr"] = new("Senior", NeedsDot: false),
            ["etc"] = new("et cetera", NeedsDot: false),
            ["inc"] = new("Incorporated", NeedsDot: true),
            ["ltd"] = new("Limited", NeedsDot: true),
            ["dept"] = new("department", NeedsDot: true),
            ["ave"] = new("Avenue", NeedsDot: true),
            ["blvd"] = new("Boulevard", NeedsDot: true),
            ["no"] = new("number", NeedsDot: true, BeforeNumberOnly: true),
            ["fig"] = new("figure", NeedsDot: true, BeforeNumberOnly: true),
            ["pp"] = new("pages", NeedsDot: true, BeforeNumberOnly: true),
            ["e.g"] = new("for example", NeedsDot: false),
            ["i.e"] = new("that is", NeedsDot: false),
            ["a.m"] = new("A M", NeedsDot: false),
            ["p.m"] = new("P M", NeedsDot: false),
        };
        foreach (var (abbreviation, month) in Months.Abbreviated)
        {
            known[abbreviation] = new(Months.Names[month - 1], NeedsDot: true);
        }

        return known;
    }
}
