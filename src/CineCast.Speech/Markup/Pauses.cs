using System.Globalization;

namespace CineCast.Speech.Markup;

/// <summary>How long a pause asked for in words lasts: SSML's <c>time</c> ("1.5s", "300ms") and <c>strength</c> values.</summary>
internal static class Pauses
{
    /// <summary>The silence of a <c>&lt;break/&gt;</c> with neither attribute, as SSML's "medium".</summary>
    public static readonly TimeSpan Medium = TimeSpan.FromMilliseconds(400);

    /// <summary>The silence after a <c>&lt;p&gt;</c>, on top of the end of its last sentence.</summary>
    public static readonly TimeSpan Paragraph = TimeSpan.FromMilliseconds(700);

    public const string Strengths = "none, x-weak, weak, medium, strong or x-strong";

    public static TimeSpan? OfStrength(string value) => value switch
    {
        "none" => TimeSpan.Zero,
        "x-weak" => TimeSpan.FromMilliseconds(100),
        "weak" => TimeSpan.FromMilliseconds(200),
        "medium" => Medium,
        "strong" => TimeSpan.FromMilliseconds(700),
        "x-strong" => TimeSpan.FromMilliseconds(1200),
        _ => null,
    };

    /// <summary>"1.5s", "300ms", " 2 s ": a non-negative number and its unit; null when the value is not one.</summary>
    public static TimeSpan? OfTime(ReadOnlySpan<char> value)
    {
        value = value.Trim();
        var milliseconds = value.EndsWith("ms", StringComparison.OrdinalIgnoreCase);
        var scale = milliseconds ? 1.0 : value.EndsWith("s", StringComparison.OrdinalIgnoreCase) ? 1000.0 : 0.0;
        var number = scale == 0 ? default : value[..^(milliseconds ? 2 : 1)].TrimEnd();
        if (scale == 0 || number.IsEmpty || number.Length > 12 || !char.IsAsciiDigit(number[0])
            || !double.TryParse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var amount))
        {
            return null;
        }
        return TimeSpan.FromMilliseconds(Math.Round(amount * scale));
    }

    /// <summary>The pause, when it is within the limits; counts it against <paramref name="count"/>.</summary>
    public static TimeSpan Checked(TimeSpan pause, MarkupLimits limits, ref int count, TextPosition at)
    {
        if (pause > limits.MaxPause)
        {
            throw MarkupException.At(MarkupFaults.BadPause, at,
                $"a pause of {pause.TotalSeconds:0.###} s is longer than the {limits.MaxPause.TotalSeconds:0.###} s one pause may last");
        }
        if (++count > limits.MaxPauses)
        {
            throw MarkupException.At(MarkupFaults.TooManyPauses, at, $"a text may hold at most {limits.MaxPauses} pauses");
        }
        return pause;
    }
}
