using System.Globalization;

namespace CineCast.Speech.Text;

/// <summary>A number as written: integer digits (thousands separators removed), optional fraction digits, and where it ends.</summary>
internal readonly record struct WrittenNumber(int Start, int End, string Integer, string Fraction, bool Grouped)
{
    public bool IsInteger => Fraction.Length == 0 && Integer.Length > 0;

    /// <summary>Digits read one by one: leading zeros ("007") and runs too long for a cardinal.</summary>
    public bool ReadAsDigits(int maxCardinalDigits) =>
        Integer.Length > maxCardinalDigits || (Integer.Length > 1 && Integer[0] == '0' && !Grouped);

    /// <summary>The integer value when it fits a cardinal reading, otherwise -1.</summary>
    public long Value(int maxCardinalDigits) =>
        Integer.Length > 0 && Integer.Length <= maxCardinalDigits
            ? long.Parse(Integer, NumberStyles.None, CultureInfo.InvariantCulture)
            : -1;

    /// <summary>Parses "1,234,567.89", "42", ".5" at <paramref name="start"/>; commas count only in groups of three.</summary>
    public static WrittenNumber Parse(string text, int start)
    {
        var end = start + Scripts.CountDigits(text, start);
        var grouped = false;
        if (end - start is >= 1 and <= 3)
        {
            while (text.Is(end, ',') && Scripts.CountDigits(text, end + 1) == 3)
            {
                end += 4;
                grouped = true;
            }
        }

        var integer = grouped ? text[start..end].Replace(",", string.Empty, StringComparison.Ordinal) : text[start..end];
        var fraction = string.Empty;
        if (text.Is(end, '.') && text.IsAsciiDigit(end + 1))
        {
            var fractionStart = end + 1;
            end = fractionStart + Scripts.CountDigits(text, fractionStart);
            fraction = text[fractionStart..end];
        }

        return new WrittenNumber(start, end, integer, fraction, grouped);
    }
}
