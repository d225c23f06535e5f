namespace CineCast.Speech.Text;

internal static class Months
{
    public static readonly string[] Names =
        ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

    public static readonly (string Abbreviation, int Month)[] Abbreviated =
    [
        ("jan", 1), ("feb", 2), ("mar", 3), ("apr", 4), ("jun", 6), ("jul", 7), ("aug", 8), ("sep", 9), ("sept", 9), ("oct", 10), ("nov", 11), ("dec", 12),
    ];

    private static readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> ByName = BuildLookup();

    /// <summary>1–12 for a full or abbreviated month name ("March", "Mar"), otherwise 0.</summary>
    public static int Parse(ReadOnlySpan<char> word) => ByName.TryGetValue(word, out var month) ? month : 0;

    private static Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> BuildLookup()
    {
        var byName = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < Names.Length; i++)
        {
            byName[Names[i]] = i + 1;
        }

        foreach (var (abbreviation, month) in Abbreviated)
        {
            byName[abbreviation] = month;
        }

        return byName.GetAlternateLookup<ReadOnlySpan<char>>();
    }
}
