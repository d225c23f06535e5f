using System.Globalization;
using System.Text;

namespace CineCast.Speech.Text;

/// <summary>
/// Rewrites cleaned English text as plain words, scanning left to right: numbers, money, dates, times, units,
/// abbreviations, links and symbols. A bare four-digit number from 1100 to 2099 is read as a year only when a
/// cue says so: a preceding word such as "in", "since", "by", "of" or a month name, a following era (AD, BC),
/// a year range ("1990-2000", "from 1990 to 2000"), a decade ("1990s") or parentheses ("(1999)").
/// </summary>
internal sealed class EnglishNormalizer
{
    private const int MaxDigits = EnglishNumbers.MaxCardinalDigits;

    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> YearCues = Lookup(
        "in", "since", "by", "from", "until", "till", "year", "circa", "ca", "around", "before", "after", "during", "early", "late",
        "mid", "of", "between", "spring", "summer", "autumn", "fall", "winter", "christmas");

    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> RangeConnectors = Lookup("to", "and", "or", "through", "until", "till");

    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> Eras = Lookup("AD", "BC", "BCE", "CE", "A.D", "B.C");

    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> Scales = Lookup("thousand", "million", "billion", "trillion");

    private readonly string _text;
    private readonly StringBuilder _output;
    private int _position;
    private Range _previousWord;
    private bool _afterNumber;
    private bool _lastNumberWasYear;
    private bool _yearRangeContinues;

    private EnglishNormalizer(string text)
    {
        _text = text;
        _output = new StringBuilder(text.Length * 2);
    }

    public static StringBuilder Normalize(string cleaned)
    {
        var normalizer = new EnglishNormalizer(cleaned);
        normalizer.Run();
        return normalizer._output;
    }

    private ReadOnlySpan<char> PreviousWord => _text.AsSpan()[_previousWord];

    private bool AtTokenStart => _position == 0 || !char.IsLetterOrDigit(_text[_position - 1]);

    private void Run()
    {
        while (_position < _text.Length)
        {
            var c = _text[_position];
            if (c == ' ')
            {
                _output.Append(' ');
                _position++;
            }
            else if (char.IsAsciiDigit(c) || StartsSignedOrFractionalNumber(c))
            {
                ReadNumber();
            }
            else if (Measures.FromSign(c, SpeechLanguage.English) is { } currency && _text.IsAsciiDigit(_position + 1))
            {
                _position++;
                ReadMoney(WrittenNumber.Parse(_text, _position), currency);
                AfterNumber(year: false);
            }
            else if (char.IsLetter(c))
            {
                ReadWord();
            }
            else
            {
                ReadSymbol(c);
            }
        }
    }

    /// <summary>"-5" and ".5" at the start of a token; ".1" straight after digits continues a version such as 2.5.1.</summary>
    private bool StartsSignedOrFractionalNumber(char c) =>
        _text.IsAsciiDigit(_position + 1) && ((c == '-' && AtTokenStart) || (c == '.' && (AtTokenStart || _text.IsAsciiDigit(_position - 1))));

    private void ReadNumber()
    {
        if (TryIsoDate() || TryUsDate() || TryTime() || TryPhone())
        {
            AfterNumber(year: false);
            return;
        }

        var negative = _text[_position] == '-';
        if (negative)
        {
            _output.Append("minus ");
            _position++;
        }

        var number = WrittenNumber.Parse(_text, _position);
        _position = number.End;
        var value = number.IsInteger ? number.Value(MaxDigits) : -1;
        var year = !negative && IsYearInContext(number, value);

        if (value >= 0 && TrySuffix(number, value, year, out var readAsYear))
        {
            AfterNumber(readAsYear);
            return;
        }

        if (_text.Is(_position, '%'))
        {
            AppendNumber(number);
            _output.Append(" percent");
            _position++;
        }
        else if (UnitAfter(_position, out var unitEnd) is { } unit)
        {
            AppendNumber(number);
            _output.Append(' ').Append(value == 1 && !negative ? unit.Singular : unit.Plural);
            _position = unitEnd;
        }
        else if (CurrencyCodeAfter(_position, out var codeEnd) is { } currency)
        {
            _position = codeEnd;
            AppendMoney(number, currency);
        }
        else if (year)
        {
            EnglishNumbers.AppendYear(_output, (int)value);
        }
        else
        {
            AppendNumber(number);
        }

        if (!negative && (_text.Is(_position, '-') || _text.Is(_position, '–') || _text.Is(_position, ':')) && _text.IsAsciiDigit(_position + 1))
        {
            // "10-20" is a range and "16:9" a ratio; the dash is spent here so the next number is not read as negative.
            _output.Append(" to ");
            _position++;
            _yearRangeContinues = year;
            _afterNumber = false;
            return;
        }

        AfterNumber(year);
    }

    /// <summary>Ordinals (22nd), decades (1990s) and day-first dates (5 March 2024).</summary>
    private bool TrySuffix(WrittenNumber number, long value, bool year, out bool readAsYear)
    {
        readAsYear = false;
        var rest = _text.AsSpan(_position);
        if (rest.Length >= 2 && IsOrdinalSuffix(rest[..2]) && Scripts.EndsToken(_text, _position + 2))
        {
            EnglishNumbers.AppendOrdinal(_output, value);
            _position += 2;
            return true;
        }

        if (value >= 10 && value % 10 == 0 && _text.Is(_position, 's') && Scripts.EndsToken(_text, _position + 1))
        {
            readAsYear = number.Integer.Length == 4 && value is >= 1100 and <= 2099;
            if (readAsYear)
            {
                EnglishNumbers.AppendYear(_output, (int)value);
            }
            else
            {
                EnglishNumbers.AppendCardinal(_output, value);
            }

            EnglishNumbers.Pluralize(_output);
            _position++;
            return true;
        }

        if (value is >= 1 and <= 31 && number.Integer.Length <= 2 && _text.Is(_position, ' ') && !year)
        {
            var wordEnd = WordEnd(_position + 1);
            var month = Months.Parse(_text.AsSpan(_position + 1, wordEnd - _position - 1));
            if (month > 0 && char.IsUpper(_text[_position + 1]))
            {
                _output.Append("the ");
                EnglishNumbers.AppendOrdinal(_output, value);
                _output.Append(" of ").Append(Months.Names[month - 1]);
                _position = _text.Is(wordEnd, '.') ? wordEnd + 1 : wordEnd;
                AppendYearAfterDate();
                return true;
            }
        }

        return false;
    }

    private static bool IsOrdinalSuffix(ReadOnlySpan<char> suffix) =>
        suffix.Equals("st", StringComparison.OrdinalIgnoreCase) || suffix.Equals("nd", StringComparison.OrdinalIgnoreCase)
        || suffix.Equals("rd", StringComparison.OrdinalIgnoreCase) || suffix.Equals("th", StringComparison.OrdinalIgnoreCase);

    private bool IsYearInContext(WrittenNumber number, long value)
    {
        if (number.Grouped || number.Integer.Length != 4 || value is < 1100 or > 2099)
        {
            return false;
        }

        if (_yearRangeContinues || (_lastNumberWasYear && RangeConnectors.Contains(PreviousWord))
            || YearCues.Contains(PreviousWord) || Months.Parse(PreviousWord) > 0)
        {
            return true;
        }

        var next = _position;
        if (_text.Is(next, ' '))
        {
            var eraEnd = WordEnd(next + 1);
            if (_text.Is(eraEnd, '.') && _text.IsLetter(eraEnd + 1))
            {
                eraEnd = WordEnd(eraEnd + 1);
            }

            if (Eras.Contains(_text.AsSpan(next + 1, eraEnd - next - 1)))
            {
                return true;
            }
        }

        return (_text.Is(next, '-') || _text.Is(next, '–')) && Scripts.CountDigits(_text, next + 1) == 4
            || (_text.Is(number.Start - 1, '(') && _text.Is(next, ')'));
    }

    private void AfterNumber(bool year)
    {
        _afterNumber = true;
        _lastNumberWasYear = year;
        _yearRangeContinues = false;
        _previousWord = default;
    }

    private void AppendNumber(WrittenNumber number)
    {
        if (number.Integer.Length > 0)
        {
            if (number.ReadAsDigits(MaxDigits))
            {
                EnglishNumbers.AppendDigits(_output, number.Integer);
            }
            else
            {
                EnglishNumbers.AppendCardinal(_output, number.Value(MaxDigits));
            }
        }

        if (number.Fraction.Length > 0)
        {
            _output.Append(" point ");
            EnglishNumbers.AppendDigits(_output, number.Fraction);
        }
    }

    private void ReadMoney(WrittenNumber amount, Currency currency)
    {
        _position = amount.End;
        AppendMoney(amount, currency);
    }

    /// <summary>"$5.20" → five dollars and twenty cents; "$1.5 million" and "$1.5M" → one point five million dollars.</summary>
    private void AppendMoney(WrittenNumber amount, Currency currency)
    {
        if (ScaleAt(_position, out var scaleEnd) is { } scale)
        {
            AppendNumber(amount);
            _output.Append(' ').Append(scale).Append(' ').Append(currency.Plural);
            _position = scaleEnd;
            return;
        }

        if (currency.MinorPlural is not null && amount.Fraction.Length is 1 or 2 && amount.Integer.Length <= MaxDigits)
        {
            var main = amount.Integer.Length == 0 ? 0 : amount.Value(MaxDigits);
            var minor = int.Parse(amount.Fraction.PadRight(2, '0'), NumberStyles.None, CultureInfo.InvariantCulture);
            if (main > 0 || minor == 0)
            {
                EnglishNumbers.AppendCardinal(_output, main);
                _output.Append(' ').Append(main == 1 ? currency.Singular : currency.Plural);
            }

            if (minor > 0)
            {
                _output.Append(main > 0 ? " and " : string.Empty);
                EnglishNumbers.AppendCardinal(_output, minor);
                _output.Append(' ').Append(minor == 1 ? currency.MinorSingular : currency.MinorPlural);
            }

            return;
        }

        AppendNumber(amount);
        _output.Append(' ').Append(amount.IsInteger && amount.Value(MaxDigits) == 1 ? currency.Singular : currency.Plural);
    }

    private bool TryIsoDate()
    {
        if (!NumberPatterns.TryIsoDate(_text, _position, out var date))
        {
            return false;
        }

        AppendMonthDay(date.Month, date.Day);
        _output.Append(", ");
        EnglishNumbers.AppendYear(_output, date.Year);
        _position = date.End;
        return true;
    }

    /// <summary>03/05/2024 is read US-style as March fifth; when the first part cannot be a month (25/12/2024) it is the day.</summary>
    private bool TryUsDate()
    {
        var p = _position;
        var firstDigits = Scripts.CountDigits(_text, p);
        var secondStart = p + firstDigits + 1;
        var secondDigits = Scripts.CountDigits(_text, secondStart);
        var yearStart = secondStart + secondDigits + 1;
        if (firstDigits is < 1 or > 2 || secondDigits is < 1 or > 2 || !_text.Is(secondStart - 1, '/') || !_text.Is(yearStart - 1, '/')
            || Scripts.CountDigits(_text, yearStart) != 4)
        {
            return false;
        }

        var first = ParseInt(p, firstDigits);
        var second = ParseInt(secondStart, secondDigits);
        var (month, day) = first <= 12 ? (first, second) : (second, first);
        if (!NumberPatterns.IsValid(month, day))
        {
            return false;
        }

        AppendMonthDay(month, day);
        _output.Append(", ");
        EnglishNumbers.AppendYear(_output, ParseInt(yearStart, 4));
        _position = yearStart + 4;
        return true;
    }

    /// <summary>10:30 → ten thirty, 9:05 pm → nine oh five P M, 14:00 → fourteen hundred.</summary>
    private bool TryTime()
    {
        if (!NumberPatterns.TryClock(_text, _position, out var time))
        {
            return false;
        }

        var (hour, minute, second, end) = time;
        var meridiem = MeridiemAt(end, out var meridiemEnd);
        EnglishNumbers.AppendCardinal(_output, hour);
        if (minute > 0)
        {
            _output.Append(minute < 10 ? " oh " : " ");
            EnglishNumbers.AppendCardinal(_output, minute);
        }
        else if (meridiem is null)
        {
            _output.Append(hour is 0 or > 12 ? " hundred" : " o'clock");
        }

        if (second > 0)
        {
            _output.Append(" and ");
            EnglishNumbers.AppendCardinal(_output, second);
            _output.Append(second == 1 ? " second" : " seconds");
        }

        if (meridiem is not null)
        {
            _output.Append(' ').Append(meridiem);
            end = meridiemEnd;
        }

        _position = end;
        return true;
    }

    /// <summary>"am", "PM", "a.m." (optionally after one space) as spoken letters.</summary>
    private string? MeridiemAt(int index, out int end)
    {
        var start = _text.Is(index, ' ') ? index + 1 : index;
        end = WordEnd(start);
        var word = _text.AsSpan(start, end - start);
        if (_text.Is(end, '.') && _text.IsLetter(end + 1))
        {
            end = WordEnd(end + 1);
            word = _text.AsSpan(start, end - start);
            end = _text.Is(end, '.') && end + 1 < _text.Length ? end + 1 : end;
        }

        return word switch
        {
            _ when word.Equals("am", StringComparison.OrdinalIgnoreCase) || word.Equals("a.m", StringComparison.OrdinalIgnoreCase) => "A M",
            _ when word.Equals("pm", StringComparison.OrdinalIgnoreCase) || word.Equals("p.m", StringComparison.OrdinalIgnoreCase) => "P M",
            _ => null,
        };
    }

    /// <summary>Phone-like groups are read digit by digit: +1 555 123 4567, (555) 123-4567, 555-123-4567, 555-1234.</summary>
    private bool TryPhone()
    {
        var international = _text.Is(_position, '+');
        var bracketed = _text.Is(_position, '(');
        Span<Range> groups = stackalloc Range[8];
        var count = NumberPatterns.DigitGroups(_text, _position, groups, allowSpaces: international, out var end);
        var total = 0;
        foreach (var group in groups[..count])
        {
            total += NumberPatterns.Length(group);
        }

        var separator = count > 1 ? _text[groups[1].Start.Value - 1] : '\0';
        var phoneLike = international || bracketed
            ? count >= 2
            : total >= 7 && (count >= 3 || (count == 2 && separator == '-' && NumberPatterns.Length(groups[0]) == 3));
        if (!phoneLike || !Scripts.EndsToken(_text, end))
        {
            return false;
        }

        _output.Append(international ? "plus " : string.Empty);
        for (var i = 0; i < count; i++)
        {
            _output.Append(i > 0 ? ", " : string.Empty);
            EnglishNumbers.AppendDigits(_output, _text.AsSpan()[groups[i]]);
        }

        _position = end;
        return true;
    }

    private void ReadWord()
    {
        var start = _position;
        if (LinkReader.TryRead(_text, start, _output, LinkReader.English) is var linkEnd and >= 0)
        {
            _position = linkEnd;
            _previousWord = default;
            _afterNumber = false;
            return;
        }

        var end = WordEnd(start);
        var dotted = false;
        while (_text.Is(end, '.') && _text.IsLetter(end + 1) && !Scripts.IsHan(_text[end + 1]))
        {
            end = WordEnd(end + 1);
            dotted = true;
        }

        var word = _text.AsSpan(start, end - start);
        var hasDot = _text.Is(end, '.');
        _position = end;
        if (!TryReadSpecialWord(word, start, end, hasDot, dotted))
        {
            // A typographic apostrophe inside a word (it’s) is the plain one for every engine: the Pocket tokenizer has
            // a piece for ' but none for ’, which would reach the model as three bytes.
            var from = _output.Length;
            _output.Append(word).Replace('’', '\'', from, word.Length);
        }

        _previousWord = start..end;
        _afterNumber = false;
    }

    private bool TryReadSpecialWord(ReadOnlySpan<char> word, int start, int end, bool hasDot, bool dotted)
    {
        if (word.Length == 3 && Measures.FromCode(word) is { } currency && (_text.IsAsciiDigit(end) || (_text.Is(end, ' ') && _text.IsAsciiDigit(end + 1))))
        {
            var amount = WrittenNumber.Parse(_text, _text.IsAsciiDigit(end) ? end : end + 1);
            ReadMoney(amount, currency);
            return true;
        }

        if (_afterNumber && MeridiemAt(start, out var meridiemEnd) is { } meridiem)
        {
            _output.Append(' ').Append(meridiem);
            _position = meridiemEnd;
            return true;
        }

        if (!dotted && char.IsUpper(word[0]) && Months.Parse(word) is var month and > 0 && TryMonthFirstDate(month, hasDot ? end + 1 : end))
        {
            return true;
        }

        if (Abbreviations.TryGet(word, hasDot, out var abbreviation))
        {
            var next = NextWordInitial(hasDot ? end + 1 : end);
            if (abbreviation.BeforeNumberOnly && !char.IsAsciiDigit(next))
            {
                return false;
            }

            var beforeName = next != '\0' && char.IsUpper(next);
            var afterName = _previousWord.End.Value > 0 && char.IsUpper(_text[_previousWord.Start]);
            _output.Append(abbreviation.AfterName is not null && !beforeName && afterName ? abbreviation.AfterName : abbreviation.Expansion);
            SkipAbbreviationDot(hasDot, end);
            return true;
        }

        if (dotted && Abbreviations.IsInitials(word))
        {
            foreach (var c in word)
            {
                _output.Append(c == '.' ? ' ' : c);
            }

            SkipAbbreviationDot(hasDot, end);
            return true;
        }

        if (dotted)
        {
            // node.js, example.com: a dotted name without a scheme.
            foreach (var c in word)
            {
                if (c == '.')
                {
                    _output.Append(LinkReader.English.Dot);
                }
                else
                {
                    _output.Append(c);
                }
            }

            return true;
        }

        return false;
    }

    /// <summary>March 5, 2024 → March fifth, twenty twenty-four.</summary>
    private bool TryMonthFirstDate(int month, int afterMonth)
    {
        var dayStart = afterMonth + 1;
        var dayDigits = Scripts.CountDigits(_text, dayStart);
        if (!_text.Is(afterMonth, ' ') || dayDigits is < 1 or > 2 || _text.Is(dayStart + dayDigits, ':'))
        {
            return false;
        }

        var day = ParseInt(dayStart, dayDigits);
        var dayEnd = dayStart + dayDigits;
        if (day is < 1 or > 31)
        {
            return false;
        }

        if (dayEnd + 2 <= _text.Length && IsOrdinalSuffix(_text.AsSpan(dayEnd, 2)) && Scripts.EndsToken(_text, dayEnd + 2))
        {
            dayEnd += 2;
        }
        else if (!Scripts.EndsToken(_text, dayEnd))
        {
            return false;
        }

        AppendMonthDay(month, day);
        _position = dayEnd;
        AppendYearAfterDate();
        _afterNumber = false;
        return true;
    }

    private void AppendMonthDay(int month, int day)
    {
        _output.Append(Months.Names[month - 1]).Append(' ');
        EnglishNumbers.AppendOrdinal(_output, day);
    }

    /// <summary>Reads ", 2024" or " 2024" after a day and month as a year.</summary>
    private void AppendYearAfterDate()
    {
        var yearStart = _text.Is(_position, ',') && _text.Is(_position + 1, ' ') ? _position + 2 : _position + 1;
        if ((_text.Is(_position, ' ') || yearStart == _position + 2) && Scripts.CountDigits(_text, yearStart) == 4 && Scripts.EndsToken(_text, yearStart + 4))
        {
            _output.Append(", ");
            EnglishNumbers.AppendYear(_output, ParseInt(yearStart, 4));
            _position = yearStart + 4;
        }
    }

    /// <summary>The period after an abbreviation is dropped unless it also ends the text, where it still marks the full stop.</summary>
    private void SkipAbbreviationDot(bool hasDot, int end)
    {
        if (hasDot && NextWordInitial(end + 1) != '\0')
        {
            _position = end + 1;
        }
    }

    private void ReadSymbol(char c)
    {
        if (c is '+' or '(' && AtTokenStart && TryPhone())
        {
            AfterNumber(year: false);
            return;
        }

        var previous = _position > 0 ? _text[_position - 1] : ' ';
        var next = _position + 1 < _text.Length ? _text[_position + 1] : ' ';
        if (c is '.' or ',' or '!' or '?' or ';' or ':' or '(' or ')' or '"' or '\'')
        {
            _output.Append(c);
        }
        else
        {
            _output.Append(c switch
            {
                '&' => " and ",
                '@' => " at ",
                '=' => " equals ",
                '+' => _afterNumber || char.IsAsciiDigit(next) || (next == ' ' && _text.IsAsciiDigit(_position + 2)) ? " plus " : " ",
                '×' => " times ",
                '#' => char.IsAsciiDigit(next) ? " number " : " ",
                '%' => " percent ",
                '°' => " degrees ",
                '-' => char.IsLetter(previous) && char.IsLetter(next) ? "-" : " ",
                '—' or '–' or '|' => ", ",
                '…' or '。' => ".",
                '，' or '、' => ",",
                '“' or '”' or '„' or '«' or '»' or '「' or '」' or '『' or '』' => "\"",
                '‘' or '’' => "'",
                _ => " ",
            });
        }

        _position++;
        if (c is not ('+' or '=' or '×'))
        {
            _afterNumber = false;
        }

        _previousWord = default;
    }

    /// <summary>A scale word ("million") after a space, or a compact suffix ("5M", "1.2bn") right after the amount.</summary>
    private string? ScaleAt(int index, out int end)
    {
        if (_text.Is(index, ' '))
        {
            end = WordEnd(index + 1);
            var word = _text.AsSpan(index + 1, end - index - 1);
            return Scales.TryGetValue(word, out var scale) ? scale : null;
        }

        end = WordEnd(index);
        return _text.AsSpan(index, end - index) switch
        {
            "K" or "k" => "thousand",
            "M" or "m" or "mn" => "million",
            "B" or "bn" => "billion",
            "T" or "tn" => "trillion",
            _ => null,
        };
    }

    private Unit? UnitAfter(int index, out int end)
    {
        var start = _text.Is(index, ' ') ? index + 1 : index;
        var unit = Measures.UnitAt(_text, start);
        end = unit is null ? index : start + unit.Symbol.Length;
        return unit;
    }

    private Currency? CurrencyCodeAfter(int index, out int end)
    {
        var start = _text.Is(index, ' ') ? index + 1 : index;
        end = WordEnd(start);
        return end - start == 3 ? Measures.FromCode(_text.AsSpan(start, 3)) : null;
    }

    private int WordEnd(int start)
    {
        var end = start;
        while (end < _text.Length && IsWordCharacter(end))
        {
            end++;
        }

        return end;
    }

    private bool IsWordCharacter(int index)
    {
        var c = _text[index];
        return char.IsLetter(c) || CharUnicodeInfo.GetUnicodeCategory(c) is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark
            || (c is '\'' or '’' && _text.IsLetter(index - 1) && _text.IsLetter(index + 1));
    }

    /// <summary>The first letter or digit of the next word, or '\0' at the end of the text.</summary>
    private char NextWordInitial(int index)
    {
        while (index < _text.Length && !char.IsLetterOrDigit(_text[index]))
        {
            index++;
        }

        return index < _text.Length ? _text[index] : '\0';
    }

    private int ParseInt(int start, int length) => NumberPatterns.ParseInt(_text, start, length);

    private static HashSet<string>.AlternateLookup<ReadOnlySpan<char>> Lookup(params string[] words) =>
        new HashSet<string>(words, StringComparer.OrdinalIgnoreCase).GetAlternateLookup<ReadOnlySpan<char>>();
}
