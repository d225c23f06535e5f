using System.Text;

namespace CineCast.Speech.Text;

/// <summary>
/// Rewrites cleaned Mandarin text with Chinese numerals (一万两千三百四十五, 二零二四年, 十点三十分, 百分之五十, 五美元);
/// Latin words stay as written because the Mandarin voice reads them as English.
/// </summary>
internal sealed class MandarinNormalizer
{
    private const int MaxDigits = ChineseNumbers.MaxCardinalDigits;

    /// <summary>Measure words after which 2 is read 两 (两个, 两点, 两年).</summary>
    private const string MeasureWords = "个只本位次天种件条张点岁年倍台辆家名套把双杯碗块斤周层页首句场份间";

    private readonly string _text;
    private readonly StringBuilder _output;
    private int _position;

    private MandarinNormalizer(string text)
    {
        _text = text;
        _output = new StringBuilder(text.Length * 2);
    }

    public static StringBuilder Normalize(string cleaned)
    {
        var normalizer = new MandarinNormalizer(cleaned);
        normalizer.Run();
        return normalizer._output;
    }

    private bool AtTokenStart => _position == 0 || !char.IsAsciiLetterOrDigit(_text[_position - 1]);

    private void Run()
    {
        while (_position < _text.Length)
        {
            var c = _text[_position];
            if (char.IsAsciiDigit(c) || StartsSignedOrFractionalNumber(c))
            {
                ReadNumber();
            }
            else if (Measures.FromSign(c, SpeechLanguage.Mandarin) is { } currency && _text.IsAsciiDigit(_position + 1))
            {
                var amount = WrittenNumber.Parse(_text, _position + 1);
                AppendNumber(amount);
                _output.Append(currency.Chinese);
                _position = amount.End;
            }
            else if (char.IsAsciiLetter(c) && LinkReader.TryRead(_text, _position, _output, LinkReader.Mandarin) is var linkEnd and >= 0)
            {
                _position = linkEnd;
            }
            else
            {
                ReadCharacter(c);
            }
        }
    }

    /// <summary>"-5" and ".5" at the start of a token; ".1" straight after digits continues a version such as 2.5.1.</summary>
    private bool StartsSignedOrFractionalNumber(char c) =>
        _text.IsAsciiDigit(_position + 1) && ((c == '-' && AtTokenStart) || (c == '.' && (AtTokenStart || _text.IsAsciiDigit(_position - 1))));

    private void ReadNumber()
    {
        if (TryDateTimeOrPhone())
        {
            return;
        }

        if (_text[_position] == '-')
        {
            _output.Append('负');
            _position++;
        }

        var number = WrittenNumber.Parse(_text, _position);
        _position = number.End;
        if (_text.Is(_position, '年') && number.IsInteger && number.Integer.Length == 4)
        {
            ChineseNumbers.AppendDigits(_output, number.Integer);
        }
        else if (_text.Is(_position, '%'))
        {
            _output.Append("百分之");
            AppendNumber(number);
            _position++;
        }
        else if (Measures.UnitAt(_text, _text.Is(_position, ' ') ? _position + 1 : _position) is { } unit)
        {
            AppendNumber(number);
            _output.Append(unit.Chinese);
            _position = (_text.Is(_position, ' ') ? _position + 1 : _position) + unit.Symbol.Length;
        }
        else if (number is { Integer: "2", Fraction: "" } && _position < _text.Length && IsMeasureWordAt(_position))
        {
            _output.Append('两');
        }
        else
        {
            AppendNumber(number);
        }

        if (_position + 1 < _text.Length && _text[_position] is '-' or '~' or '–' && char.IsAsciiDigit(_text[_position + 1]))
        {
            _output.Append('到');
            _position++;
        }
    }

    private bool TryDateTimeOrPhone()
    {
        if (NumberPatterns.TryIsoDate(_text, _position, out var date))
        {
            ChineseNumbers.AppendDigits(_output, _text.AsSpan(_position, 4));
            _output.Append('年');
            ChineseNumbers.AppendCardinal(_output, date.Month);
            _output.Append('月');
            ChineseNumbers.AppendCardinal(_output, date.Day);
            _output.Append('日');
            _position = date.End;
            return true;
        }

        if (NumberPatterns.TryClock(_text, _position, out var time))
        {
            _output.Append(time.Hour == 2 ? "两" : string.Empty);
            if (time.Hour != 2)
            {
                ChineseNumbers.AppendCardinal(_output, time.Hour);
            }

            _output.Append('点');
            AppendClockPart(time.Minute, '分', padWithZero: true);
            AppendClockPart(time.Second, '秒', padWithZero: false);
            _position = time.End;
            return true;
        }

        Span<Range> groups = stackalloc Range[8];
        var count = NumberPatterns.DigitGroups(_text, _position, groups, allowSpaces: true, out var end);
        if (count < 2 || !Scripts.EndsToken(_text, end))
        {
            return false;
        }

        var total = 0;
        var telling = count >= 3;
        foreach (var group in groups[..count])
        {
            var length = NumberPatterns.Length(group);
            total += length;
            telling |= length > 6 || _text[group.Start] == '0';
        }

        if (total < 7 || !telling)
        {
            return false;
        }

        for (var i = 0; i < count; i++)
        {
            _output.Append(i > 0 ? " " : string.Empty);
            ChineseNumbers.AppendDigits(_output, _text.AsSpan()[groups[i]]);
        }

        _position = end;
        return true;
    }

    private void AppendClockPart(int value, char unit, bool padWithZero)
    {
        if (value == 0)
        {
            return;
        }

        if (value < 10 && padWithZero)
        {
            _output.Append('零');
        }

        ChineseNumbers.AppendCardinal(_output, value);
        _output.Append(unit);
    }

    private void AppendNumber(WrittenNumber number)
    {
        // Mobile numbers (11 digits starting with 1), leading zeros and very long runs are read digit by digit.
        var mobile = number is { IsInteger: true, Integer.Length: 11, Grouped: false } && number.Integer[0] == '1';
        if (number.ReadAsDigits(MaxDigits) || mobile)
        {
            ChineseNumbers.AppendDigits(_output, number.Integer);
        }
        else if (number.Integer.Length > 0)
        {
            ChineseNumbers.AppendCardinal(_output, number.Value(MaxDigits));
        }
        else
        {
            _output.Append('零');
        }

        if (number.Fraction.Length > 0)
        {
            _output.Append('点');
            ChineseNumbers.AppendDigits(_output, number.Fraction);
        }
    }

    private bool IsMeasureWordAt(int index) =>
        MeasureWords.Contains(_text[index], StringComparison.Ordinal)
        || _text.AsSpan(index).StartsWith("小时", StringComparison.Ordinal)
        || _text.AsSpan(index).StartsWith("分钟", StringComparison.Ordinal)
        || _text.AsSpan(index).StartsWith("公里", StringComparison.Ordinal);

    private static bool IsKeptPunctuation(char c) =>
        c is ',' or '!' or '?' or ';' or ':' or '(' or ')' or '"' or '\'' or '。' or '，' or '、' or '「' or '」' or '『' or '』' or '《' or '》'
            or '“' or '”' or '‘' or '’';

    private void ReadCharacter(char c)
    {
        var next = _position + 1 < _text.Length ? _text[_position + 1] : ' ';
        if (char.IsLetterOrDigit(c) || c == ' ' || IsKeptPunctuation(c) || (c == '.' && !char.IsAsciiLetter(next)))
        {
            _output.Append(c);
        }
        else if (c == '.' && char.IsAsciiLetter(next) && _position > 0 && char.IsAsciiLetter(_text[_position - 1]))
        {
            _output.Append(LinkReader.Mandarin.Dot);
        }
        else
        {
            _output.Append(c switch
            {
                '&' => "和",
                '+' => "加",
                '=' => "等于",
                '×' => "乘",
                '÷' => "除以",
                '@' => " 艾特 ",
                '°' => "度",
                '—' or '–' or '|' => "，",
                '…' => "。",
                _ => " ",
            });
        }

        _position++;
    }
}
