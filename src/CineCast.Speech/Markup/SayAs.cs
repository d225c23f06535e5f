using System.Globalization;
using System.Text;
using CineCast.Speech.Text;

namespace CineCast.Speech.Markup;

/// <summary>
/// What <c>&lt;say-as interpret-as="…"&gt;</c> turns its text into, before the engine's normaliser sees it: letters
/// spelled one by one, digits one by one, numbers, ordinals and dates as English words, times as the normaliser
/// reads them, telephone numbers digit by digit in their groups. Word forms are English; in another language the
/// reading that does not need words (letters, digits, telephone) is given and the rest is refused.
/// </summary>
internal static class SayAs
{
    public const string Kinds = "characters, spell-out, digits, cardinal, ordinal, date, time or telephone";

    public static bool IsKind(string interpretAs) =>
        interpretAs is "characters" or "spell-out" or "digits" or "cardinal" or "number" or "ordinal" or "date" or "time" or "telephone";

    /// <summary>The text to say for <paramref name="content"/>, or why it cannot be read that way.</summary>
    public static (string? Spoken, string? Problem) Read(string interpretAs, string? format, string content, SpeechLanguage language)
    {
        var text = content.Trim();
        var english = language == SpeechLanguage.English;
        var builder = new StringBuilder();
        switch (interpretAs)
        {
            case "characters" or "spell-out":
                foreach (var rune in text.EnumerateRunes())
                {
                    if (Rune.IsWhiteSpace(rune))
                    {
                        continue;
                    }
                    Separate(builder, ", ");
                    if (english && Rune.IsDigit(rune) && rune.Value < 128)
                    {
                        EnglishNumbers.AppendDigits(builder, [(char)rune.Value]);
                    }
                    else
                    {
                        // "A," is the letter to espeak-ng ("A" alone is the article); the comma is the spelling rhythm.
                        builder.Append(Rune.ToUpperInvariant(rune).ToString());
                    }
                }
                return builder.Length > 0 ? (builder.ToString(), null) : (null, "there is nothing to spell");
            case "digits":
                return Digits(builder, text, english) ? (builder.ToString(), null) : (null, $"'{Shown(text)}' is not a run of digits");
            case "cardinal" or "number":
                if (!TryWhole(text, out var value))
                {
                    return (null, $"'{Shown(text)}' is not a whole number");
                }
                if (!english)
                {
                    return (value.ToString(CultureInfo.InvariantCulture), null);
                }
                if (value < 0)
                {
                    builder.Append("minus ");
                }
                EnglishNumbers.AppendCardinal(builder, Math.Abs(value));
                return (builder.ToString(), null);
            case "ordinal":
                if (!TryWhole(StripOrdinalSuffix(text), out var ordinal) || ordinal < 0)
                {
                    return (null, $"'{Shown(text)}' is not a whole number from 0 up");
                }
                if (!english)
                {
                    return (null, "ordinals are read as words in English only");
                }
                EnglishNumbers.AppendOrdinal(builder, ordinal);
                return (builder.ToString(), null);
            case "date":
                return english ? Date(builder, text, format) : (null, "dates are read as words in English only");
            case "time":
                return TimeOfDay(text) ? (text, null) : (null, $"'{Shown(text)}' is not a time such as 14:30 or 9:05 pm");
            default: // telephone
                return Telephone(builder, text, english) ? (builder.ToString(), null) : (null, $"'{Shown(text)}' is not a telephone number");
        }
    }

    private static bool Digits(StringBuilder builder, string text, bool english)
    {
        foreach (var c in text)
        {
            if (char.IsAsciiDigit(c))
            {
                Separate(builder, " ");
                if (english)
                {
                    EnglishNumbers.AppendDigits(builder, [c]);
                }
                else
                {
                    builder.Append(c);
                }
            }
            else if (!char.IsWhiteSpace(c) && c is not ('-' or '.'))
            {
                return false;
            }
        }
        return builder.Length > 0;
    }

    private static bool Telephone(StringBuilder builder, string text, bool english)
    {
        var group = new StringBuilder();
        foreach (var c in text)
        {
            if (char.IsAsciiDigit(c))
            {
                group.Append(c);
                continue;
            }
            if (c == '+' && builder.Length == 0 && group.Length == 0)
            {
                builder.Append(english ? "plus" : "+");
                continue;
            }
            if (!char.IsWhiteSpace(c) && c is not ('-' or '.' or '(' or ')' or '/'))
            {
                return false;
            }
            EndGroup(builder, group, english);
        }
        EndGroup(builder, group, english);
        return builder.Length > 0 && builder.ToString() != "plus" && builder.ToString() != "+";
    }

    private static void EndGroup(StringBuilder builder, StringBuilder group, bool english)
    {
        if (group.Length == 0)
        {
            return;
        }
        var digits = new StringBuilder();
        Digits(digits, group.ToString(), english);
        Separate(builder, builder.ToString() is "plus" or "+" ? " " : ", ");
        builder.Append(digits);
        group.Clear();
    }

    private static (string?, string?) Date(StringBuilder builder, string text, string? format)
    {
        var fields = text.Split(['-', '/', '.', ' '], StringSplitOptions.RemoveEmptyEntries);
        format ??= fields.Length switch { 1 => "y", 2 => "md", _ => fields[0].Length == 4 ? "ymd" : "mdy" };
        if (format.Length != fields.Length || format.Any(f => f is not ('y' or 'm' or 'd')) || format.Distinct().Count() != format.Length)
        {
            return (null, $"'{Shown(text)}' does not match the date format '{Shown(format)}' (such as mdy, dmy, ymd, md, y)");
        }
        int year = 0, month = 0, day = 0;
        for (var i = 0; i < fields.Length; i++)
        {
            var ok = int.TryParse(fields[i], NumberStyles.None, CultureInfo.InvariantCulture, out var number) || (format[i] == 'm' && (number = Months.Parse(fields[i])) > 0);
            if (!ok)
            {
                return (null, $"'{Shown(fields[i])}' is not a {Field(format[i])}");
            }
            switch (format[i])
            {
                case 'y': year = number; break;
                case 'm': month = number; break;
                default: day = number; break;
            }
        }
        if (format.Contains('m') && month is < 1 or > 12 || format.Contains('d') && day is < 1 or > 31 || format.Contains('y') && year is < 1 or > 9999)
        {
            return (null, $"'{Shown(text)}' is not a date");
        }
        if (month > 0)
        {
            builder.Append(Months.Names[month - 1]);
        }
        if (day > 0)
        {
            Separate(builder, " ");
            builder.Append(month > 0 ? "" : "the ");
            EnglishNumbers.AppendOrdinal(builder, day);
        }
        if (year > 0)
        {
            Separate(builder, day > 0 ? ", " : " ");
            EnglishNumbers.AppendYear(builder, year);
        }
        return (builder.ToString(), null);
    }

    private static string Field(char field) => field switch { 'y' => "year", 'm' => "month", _ => "day" };

    private static bool TimeOfDay(string text)
    {
        var parts = text.Split(' ', 2);
        var clock = parts[0].Split(':');
        if (clock.Length is < 2 or > 3 || clock.Any(p => p.Length is 0 or > 2 || !p.All(char.IsAsciiDigit)))
        {
            return false;
        }
        var (hours, minutes) = (int.Parse(clock[0], CultureInfo.InvariantCulture), int.Parse(clock[1], CultureInfo.InvariantCulture));
        var meridiem = parts.Length > 1 ? parts[1].Replace(".", "", StringComparison.Ordinal).ToLowerInvariant() : null;
        return hours <= 23 && minutes <= 59 && clock[1].Length == 2 && meridiem is null or "am" or "pm" && (meridiem is null || hours is >= 1 and <= 12);
    }

    private static bool TryWhole(string text, out long value) =>
        long.TryParse(text.Replace(",", "", StringComparison.Ordinal).Replace("_", "", StringComparison.Ordinal).Replace(" ", "", StringComparison.Ordinal),
            NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value)
        && Math.Abs(value) < 1_000_000_000_000_000; // up to the trillions EnglishNumbers has words for

    private static string StripOrdinalSuffix(string text) =>
        text.Length > 2 && text[^2..].ToLowerInvariant() is "st" or "nd" or "rd" or "th" ? text[..^2] : text;

    private static void Separate(StringBuilder builder, string separator)
    {
        if (builder.Length > 0)
        {
            builder.Append(separator);
        }
    }

    private static string Shown(string value) => value.Length <= 40 ? value : value[..40] + "…";
}
