using System.Text;

namespace CineCast.Speech.Text;

/// <summary>English number words in US style ("one hundred twenty-three", no "and").</summary>
internal static class EnglishNumbers
{
    /// <summary>Longer digit runs (card numbers, hashes, hostile input) are read digit by digit.</summary>
    public const int MaxCardinalDigits = 15;

    private static readonly string[] Ones =
    [
        "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
        "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen",
    ];

    private static readonly string[] Tens = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"];

    private static readonly string[] Scales = ["", " thousand", " million", " billion", " trillion"];

    public static void AppendCardinal(StringBuilder builder, long value)
    {
        if (value == 0)
        {
            builder.Append("zero");
            return;
        }

        Span<int> groups = stackalloc int[Scales.Length];
        var count = 0;
        for (; value > 0; value /= 1000)
        {
            groups[count++] = (int)(value % 1000);
        }

        var first = true;
        for (var group = count - 1; group >= 0; group--)
        {
            if (groups[group] == 0)
            {
                continue;
            }

            if (!first)
            {
                builder.Append(' ');
            }

            AppendUnderThousand(builder, groups[group]);
            builder.Append(Scales[group]);
            first = false;
        }
    }

    public static void AppendOrdinal(StringBuilder builder, long value)
    {
        var start = builder.Length;
        AppendCardinal(builder, value);
        var lastWord = start;
        for (var i = builder.Length - 1; i > start; i--)
        {
            if (builder[i - 1] is ' ' or '-')
            {
                lastWord = i;
                break;
            }
        }

        var word = builder.ToString(lastWord, builder.Length - lastWord);
        builder.Length = lastWord;
        builder.Append(word switch
        {
            "one" => "first",
            "two" => "second",
            "three" => "third",
            "five" => "fifth",
            "eight" => "eighth",
            "nine" => "ninth",
            "twelve" => "twelfth",
            _ when word.EndsWith('y') => string.Concat(word.AsSpan(0, word.Length - 1), "ieth"),
            _ => word + "th",
        });
    }

    /// <summary>1999 → "nineteen ninety-nine", 1905 → "nineteen oh five", 2005 → "two thousand five", 2024 → "twenty twenty-four".</summary>
    public static void AppendYear(StringBuilder builder, int year)
    {
        var century = year / 100;
        var rest = year % 100;
        if (year is < 1000 or > 9999 || (year % 1000 < 10 && century % 10 == 0))
        {
            AppendCardinal(builder, year);
            return;
        }

        AppendUnderHundred(builder, century);
        if (rest == 0)
        {
            builder.Append(" hundred");
            return;
        }

        builder.Append(rest < 10 ? " oh " : " ");
        AppendUnderHundred(builder, rest);
    }

    public static void AppendDigits(StringBuilder builder, ReadOnlySpan<char> digits)
    {
        for (var i = 0; i < digits.Length; i++)
        {
            if (i > 0)
            {
                builder.Append(' ');
            }

            builder.Append(Ones[digits[i] - '0']);
        }
    }

    /// <summary>"twenty" → "twenties", "nineteen ninety" → "nineteen nineties" (for decades such as 1990s).</summary>
    public static void Pluralize(StringBuilder builder)
    {
        if (builder.Length > 0 && builder[^1] == 'y')
        {
            builder.Length--;
            builder.Append("ies");
        }
        else
        {
            builder.Append('s');
        }
    }

    private static void AppendUnderThousand(StringBuilder builder, int value)
    {
        if (value >= 100)
        {
            builder.Append(Ones[value / 100]).Append(" hundred");
            value %= 100;
            if (value == 0)
            {
                return;
            }

            builder.Append(' ');
        }

        AppendUnderHundred(builder, value);
    }

    private static void AppendUnderHundred(StringBuilder builder, int value)
    {
        if (value < 20)
        {
            builder.Append(Ones[value]);
            return;
        }

        builder.Append(Tens[value / 10]);
        if (value % 10 != 0)
        {
            builder.Append('-').Append(Ones[value % 10]);
        }
    }
}
