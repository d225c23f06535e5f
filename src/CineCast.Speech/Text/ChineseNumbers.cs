using System.Text;

namespace CineCast.Speech.Text;

/// <summary>Mandarin numerals: 12345 → 一万两千三百四十五, 10 → 十, 2000 → 两千.</summary>
internal static class ChineseNumbers
{
    /// <summary>Up to 千亿; longer runs are read digit by digit.</summary>
    public const int MaxCardinalDigits = 12;

    private const string DigitNames = "零一二三四五六七八九";
    private const string PlaceNames = "千百十";

    public static char Digit(char asciiDigit) => DigitNames[asciiDigit - '0'];

    public static void AppendDigits(StringBuilder builder, ReadOnlySpan<char> digits)
    {
        foreach (var digit in digits)
        {
            builder.Append(Digit(digit));
        }
    }

    public static void AppendCardinal(StringBuilder builder, long value)
    {
        if (value == 0)
        {
            builder.Append('零');
            return;
        }

        ReadOnlySpan<int> sections = [(int)(value / 100_000_000), (int)(value / 10_000 % 10_000), (int)(value % 10_000)];
        ReadOnlySpan<char> markers = ['亿', '万', '\0'];
        var started = false;
        var skippedSection = false;
        for (var i = 0; i < sections.Length; i++)
        {
            var section = sections[i];
            if (section == 0)
            {
                skippedSection = started;
                continue;
            }

            // 一亿零一万, 一万零五十: a gap in the places is read as a single 零.
            if (started && (skippedSection || section < 1000))
            {
                builder.Append('零');
            }

            AppendSection(builder, section, leading: !started, beforeMarker: markers[i] != '\0');
            if (markers[i] != '\0')
            {
                builder.Append(markers[i]);
            }

            started = true;
            skippedSection = false;
        }
    }

    private static void AppendSection(StringBuilder builder, int section, bool leading, bool beforeMarker)
    {
        ReadOnlySpan<int> digits = [section / 1000, section / 100 % 10, section / 10 % 10, section % 10];
        var any = false;
        var gap = false;
        for (var place = 0; place < digits.Length; place++)
        {
            var digit = digits[place];
            if (digit == 0)
            {
                gap = any;
                continue;
            }

            if (gap)
            {
                builder.Append('零');
                gap = false;
            }

            var isTens = place == 2;
            if (!(digit == 1 && isTens && leading && !any))
            {
                // 两 is idiomatic before 千 and before a bare 万/亿 (两千, 两万, 两亿); elsewhere 二.
                var useLiang = digit == 2 && (place == 0 || (section == 2 && beforeMarker));
                builder.Append(useLiang ? '两' : DigitNames[digit]);
            }

            if (place < PlaceNames.Length)
            {
                builder.Append(PlaceNames[place]);
            }

            any = true;
        }
    }
}
