using System.Globalization;

namespace CineCast.Speech.Text;

internal readonly record struct CalendarDate(int Year, int Month, int Day, int End);

internal readonly record struct ClockTime(int Hour, int Minute, int Second, int End);

/// <summary>Date, time and phone shapes shared by the English and Mandarin readers.</summary>
internal static class NumberPatterns
{
    /// <summary>2024-03-05, 2024/3/5 or 2024.03.05.</summary>
    public static bool TryIsoDate(string text, int start, out CalendarDate date)
    {
        date = default;
        if (Scripts.CountDigits(text, start) != 4 || start + 4 >= text.Length || text[start + 4] is not ('-' or '/' or '.'))
        {
            return false;
        }

        var separator = text[start + 4];
        var monthDigits = Scripts.CountDigits(text, start + 5);
        var dayStart = start + 5 + monthDigits + 1;
        var dayDigits = Scripts.CountDigits(text, dayStart);
        if (monthDigits is < 1 or > 2 || !text.Is(dayStart - 1, separator) || dayDigits is < 1 or > 2)
        {
            return false;
        }

        date = new CalendarDate(ParseInt(text, start, 4), ParseInt(text, start + 5, monthDigits), ParseInt(text, dayStart, dayDigits), dayStart + dayDigits);
        return IsValid(date.Month, date.Day);
    }

    public static bool IsValid(int month, int day) => month is >= 1 and <= 12 && day is >= 1 and <= 31;

    /// <summary>10:30, 9:05 or 14:00:30.</summary>
    public static bool TryClock(string text, int start, out ClockTime time)
    {
        time = default;
        var hourDigits = Scripts.CountDigits(text, start);
        if (hourDigits is < 1 or > 2 || !text.Is(start + hourDigits, ':') || Scripts.CountDigits(text, start + hourDigits + 1) != 2)
        {
            return false;
        }

        var end = start + hourDigits + 3;
        var second = 0;
        if (text.Is(end, ':') && Scripts.CountDigits(text, end + 1) == 2)
        {
            second = ParseInt(text, end + 1, 2);
            end += 3;
        }

        time = new ClockTime(ParseInt(text, start, hourDigits), ParseInt(text, start + hourDigits + 1, 2), second, end);
        return time.Hour <= 24 && time.Minute <= 59 && second <= 59;
    }

    /// <summary>
    /// Collects digit groups joined by one kind of separator ('-', '.', or ' ' when <paramref name="allowSpaces"/>),
    /// after an optional '+' or "(area)" prefix. Returns the number of groups and where they end.
    /// </summary>
    public static int DigitGroups(string text, int start, Span<Range> groups, bool allowSpaces, out int end)
    {
        end = start;
        var bracketed = text.Is(start, '(');
        var j = text.Is(start, '+') || bracketed ? start + 1 : start;
        var digits = Scripts.CountDigits(text, j);
        if (digits == 0)
        {
            return 0;
        }

        var count = 0;
        groups[count++] = j..(j + digits);
        j += digits;
        if (bracketed)
        {
            if (!text.Is(j, ')'))
            {
                return 0;
            }

            j += text.Is(j + 1, ' ') ? 2 : 1;
            digits = Scripts.CountDigits(text, j);
            if (digits < 2)
            {
                return 0;
            }

            groups[count++] = j..(j + digits);
            j += digits;
        }

        var separator = '\0';
        while (count < groups.Length && j < text.Length && (text[j] is '-' or '.' || (text[j] == ' ' && allowSpaces)))
        {
            digits = Scripts.CountDigits(text, j + 1);
            if (digits < 2 || (separator != '\0' && text[j] != separator))
            {
                break;
            }

            separator = text[j];
            groups[count++] = (j + 1)..(j + 1 + digits);
            j += digits + 1;
        }

        end = j;
        return count;
    }

    public static int Length(Range range) => range.End.Value - range.Start.Value;

    public static int ParseInt(string text, int start, int length) =>
        int.Parse(text.AsSpan(start, length), NumberStyles.None, CultureInfo.InvariantCulture);
}
