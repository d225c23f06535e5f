namespace CineCast.Speech.Text;

internal sealed record Unit(string Symbol, string Singular, string Plural, string Chinese);

internal sealed record Currency(string Singular, string Plural, string? MinorSingular, string? MinorPlural, string Chinese);

/// <summary>Units and currencies read after (or, for currency signs, before) a number.</summary>
internal static class Measures
{
    public static readonly Currency Dollar = new("dollar", "dollars", "cent", "cents", "美元");
    public static readonly Currency Euro = new("euro", "euros", "cent", "cents", "欧元");
    public static readonly Currency Pound = new("pound", "pounds", "penny", "pence", "英镑");
    public static readonly Currency Yen = new("yen", "yen", null, null, "日元");
    public static readonly Currency Yuan = new("yuan", "yuan", null, null, "元");

    // Longest symbols first so "km/h" wins over "km" and "mm" over "m".
    private static readonly Unit[] Units =
    [
        new("km/h", "kilometer per hour", "kilometers per hour", "公里每小时"),
        new("°C", "degree Celsius", "degrees Celsius", "摄氏度"),
        new("°F", "degree Fahrenheit", "degrees Fahrenheit", "华氏度"),
        new("mph", "mile per hour", "miles per hour", "英里每小时"),
        new("kph", "kilometer per hour", "kilometers per hour", "公里每小时"),
        new("kHz", "kilohertz", "kilohertz", "千赫"),
        new("MHz", "megahertz", "megahertz", "兆赫"),
        new("GHz", "gigahertz", "gigahertz", "吉赫"),
        new("km", "kilometer", "kilometers", "公里"),
        new("kg", "kilogram", "kilograms", "公斤"),
        new("cm", "centimeter", "centimeters", "厘米"),
        new("mm", "millimeter", "millimeters", "毫米"),
        new("ml", "milliliter", "milliliters", "毫升"),
        new("ms", "millisecond", "milliseconds", "毫秒"),
        new("mi", "mile", "miles", "英里"),
        new("ft", "foot", "feet", "英尺"),
        new("lb", "pound", "pounds", "磅"),
        new("lbs", "pound", "pounds", "磅"),
        new("oz", "ounce", "ounces", "盎司"),
        new("KB", "kilobyte", "kilobytes", "KB"),
        new("MB", "megabyte", "megabytes", "MB"),
        new("GB", "gigabyte", "gigabytes", "GB"),
        new("TB", "terabyte", "terabytes", "TB"),
        new("Hz", "hertz", "hertz", "赫兹"),
        new("°", "degree", "degrees", "度"),
        new("m", "meter", "meters", "米"),
        new("g", "gram", "grams", "克"),
    ];

    /// <summary>The unit written at <paramref name="index"/>, ending a token there (so "5 min" is not "5 m").</summary>
    public static Unit? UnitAt(string text, int index)
    {
        var rest = text.AsSpan(Math.Min(index, text.Length));
        foreach (var unit in Units)
        {
            if (rest.StartsWith(unit.Symbol, StringComparison.Ordinal) && Scripts.EndsToken(text, index + unit.Symbol.Length))
            {
                return unit;
            }
        }

        return null;
    }

    public static Currency? FromSign(char sign, SpeechLanguage language) => sign switch
    {
        '$' => Dollar,
        '€' => Euro,
        '£' => Pound,
        '¥' => language == SpeechLanguage.Mandarin ? Yuan : Yen,
        _ => null,
    };

    public static Currency? FromCode(ReadOnlySpan<char> code) => code switch
    {
        "USD" => Dollar,
        "EUR" => Euro,
        "GBP" => Pound,
        "JPY" => Yen,
        "CNY" or "RMB" => Yuan,
        _ => null,
    };
}
