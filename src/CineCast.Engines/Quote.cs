namespace CineCast.Engines;

/// <summary>Text a person sent, made fit to quote back in a message.</summary>
public static class Quote
{
    /// <summary>A value the client sent, fit to quote back in a message: control characters dropped, long values cut.</summary>
    public static string Shown(string? value)
    {
        const int MaxShown = 60;
        var shown = new string((value ?? "").Where(c => !char.IsControl(c) && c is not ('\u202E' or '\u202D' or '\u2066' or '\u2067' or '\u2068')).Take(MaxShown + 1).ToArray());
        return shown.Length > MaxShown ? shown[..MaxShown] + "…" : shown;
    }
}
