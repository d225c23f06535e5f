using System.Globalization;
using System.Text;
using System.Xml;
using CineCast.Speech.Text;

namespace CineCast.Speech.Markup;

/// <summary>
/// Reads the SSML subset: <c>&lt;speak&gt;</c> with <c>&lt;break&gt;</c>, <c>&lt;p&gt;</c>, <c>&lt;s&gt;</c>,
/// <c>&lt;sub&gt;</c>, <c>&lt;say-as&gt;</c>, <c>&lt;prosody rate&gt;</c>, <c>&lt;phoneme&gt;</c>, <c>&lt;lang&gt;</c>,
/// <c>&lt;mark&gt;</c> and <c>&lt;emphasis&gt;</c> (accepted, not voiced). Anything else is refused with its name and
/// place, never dropped. The XML reader takes no DTD, resolves nothing and expands only the five predefined entities;
/// depth, element count, attribute length and pauses are limited as it reads.
/// </summary>
internal static class SsmlReader
{
    public const string SsmlNamespace = "http://www.w3.org/2001/10/synthesis";

    private const string Tags = "<speak>, <break>, <p>, <s>, <sub>, <say-as>, <prosody>, <phoneme>, <lang>, <mark> and <emphasis>";

    public static bool LooksLikeSsml(string text)
    {
        var start = text.AsSpan().TrimStart();
        return start.StartsWith("<?xml", StringComparison.Ordinal) || start.StartsWith("<!DOCTYPE", StringComparison.OrdinalIgnoreCase)
            || (start.StartsWith("<speak", StringComparison.Ordinal) && (start.Length == 6 || start[6] is '>' or '/' || char.IsWhiteSpace(start[6])));
    }

    public static SpeechScript Read(string text, MarkupLimits limits)
    {
        if (SafeXml.DeclarationIn(text) is { } declaration)
        {
            throw MarkupException.At(MarkupFaults.Declaration, declaration,
                "SSML here takes no document type or entity declarations (only &amp; &lt; &gt; &quot; &apos; and character references)");
        }
        var reading = new Reading(text, limits);
        try
        {
            reading.Run();
        }
        catch (XmlException exception)
        {
            throw MarkupException.At(MarkupFaults.Malformed, new TextPosition(exception.LineNumber, exception.LinePosition),
                "the SSML is not well-formed: " + SafeXml.Reason(exception));
        }
        return new SpeechScript(reading.Parts, IsSsml: true);
    }

    /// <summary>One element being read, with what it sets for the text inside it.</summary>
    private sealed record Scope(string Name, double Rate, SpeechLanguage? Language, TextPosition At, int Offset)
    {
        /// <summary>Inside <c>&lt;sub&gt;</c>, <c>&lt;say-as&gt;</c>, <c>&lt;phoneme&gt;</c>, <c>&lt;break&gt;</c> and <c>&lt;mark&gt;</c>: their text is not said as written.</summary>
        public StringBuilder? Captured { get; init; }

        public int CapturedFrom { get; set; } = -1;

        public int CapturedTo { get; set; } = -1;

        public Dictionary<string, string> Attributes { get; init; } = [];
    }

    private sealed class Reading(string text, MarkupLimits limits)
    {
        private readonly int[] lineStarts = LineStarts(text);
        private readonly Stack<Scope> scopes = new();
        private readonly StringBuilder spoken = new();
        private SourceMap map = SourceMap.Empty();
        private List<NamedMark> marks = [];
        private int partFrom = -1;
        private int partTo = -1;
        private double partRate = 1.0;
        private SpeechLanguage? partLanguage;
        private int elements;
        private int pauses;

        public List<ScriptPart> Parts { get; } = [];

        public void Run()
        {
            using var reader = XmlReader.Create(new StringReader(text), SafeXml.Settings(ignoreWhitespace: false));
            var lines = (IXmlLineInfo)reader;
            while (reader.Read())
            {
                var at = new TextPosition(lines.LineNumber, lines.LinePosition);
                switch (reader.NodeType)
                {
                    case XmlNodeType.Element:
                        var empty = reader.IsEmptyElement;
                        Open(reader, at, OffsetOf(at) - 1);
                        if (empty)
                        {
                            Close(at);
                        }
                        break;
                    case XmlNodeType.EndElement:
                        Close(at);
                        break;
                    case XmlNodeType.Text or XmlNodeType.Whitespace or XmlNodeType.SignificantWhitespace or XmlNodeType.CDATA:
                        if (scopes.Count == 0)
                        {
                            continue;
                        }
                        Text(reader.Value, OffsetOf(at), reader.NodeType == XmlNodeType.CDATA);
                        break;
                }
            }
            Flush();
        }

        private void Open(XmlReader reader, TextPosition at, int offset)
        {
            if (++elements > limits.MaxElements)
            {
                throw MarkupException.At(MarkupFaults.TooLarge, at, $"SSML here may hold at most {limits.MaxElements} elements");
            }
            if (reader.Depth >= limits.MaxDepth)
            {
                throw MarkupException.At(MarkupFaults.TooDeep, at, $"SSML elements here nest at most {limits.MaxDepth} deep");
            }
            var name = reader.LocalName;
            if (reader.NamespaceURI is not ("" or SsmlNamespace) || !IsTag(name))
            {
                throw MarkupException.At(MarkupFaults.UnknownTag, at, $"<{reader.Name}> is not SSML this server speaks; it speaks {Tags}");
            }
            var parent = scopes.Count > 0 ? scopes.Peek() : null;
            if ((parent is null) != (name == "speak"))
            {
                throw MarkupException.At(MarkupFaults.Misplaced, at, parent is null ? $"SSML starts with <speak>, not <{name}>" : "<speak> cannot be inside another element");
            }
            if (parent?.Captured is not null)
            {
                throw MarkupException.At(MarkupFaults.Misplaced, at, $"<{parent.Name}> holds only text, not <{name}>");
            }

            var attributes = Attributes(reader, name, at);
            var rate = parent?.Rate ?? 1.0;
            var language = parent?.Language;
            switch (name)
            {
                case "speak" or "lang":
                    if (attributes.TryGetValue("xml:lang", out var code))
                    {
                        language = LanguageOf(code, at);
                    }
                    else if (name == "lang")
                    {
                        throw Missing(at, name, "xml:lang");
                    }
                    break;
                case "prosody":
                    rate *= attributes.TryGetValue("rate", out var value) ? RateOf(value, at) : throw Missing(at, name, "rate");
                    break;
                case "p":
                    if (Parts.Count > 0 || HasWords())
                    {
                        EndSentence(offset);
                        Flush();
                        Parts.Add(new PausePart(Pauses.Paragraph, offset, 0));
                    }
                    break;
                case "s":
                    EndSentence(offset);
                    break;
            }
            if (language != parent?.Language || rate != (parent?.Rate ?? 1.0))
            {
                Flush();
            }
            var captures = name is "sub" or "say-as" or "phoneme" or "break" or "mark";
            scopes.Push(new Scope(name, rate, language, at, offset) { Captured = captures ? new StringBuilder() : null, Attributes = attributes });
        }

        private void Close(TextPosition at)
        {
            var scope = scopes.Pop();
            var end = TagEnd(scope.Offset);
            var parent = scopes.Count > 0 ? scopes.Peek() : null;
            var captured = scope.Captured?.ToString() ?? "";
            var (from, to) = scope.CapturedFrom >= 0 ? (scope.CapturedFrom, scope.CapturedTo) : (scope.Offset, end);
            switch (scope.Name)
            {
                case "break" or "mark" when !string.IsNullOrWhiteSpace(captured):
                    throw MarkupException.At(MarkupFaults.Misplaced, scope.At, $"<{scope.Name}> holds nothing; close it as <{scope.Name} …/>");
                case "break":
                    Flush();
                    var pause = scope.Attributes.TryGetValue("time", out var time)
                        ? Pauses.OfTime(time) ?? throw Bad(scope.At, "break", "time", time, "a length such as 1.5s or 300ms")
                        : scope.Attributes.TryGetValue("strength", out var strength)
                            ? Pauses.OfStrength(strength) ?? throw Bad(scope.At, "break", "strength", strength, Pauses.Strengths)
                            : Pauses.Medium;
                    Parts.Add(new PausePart(Pauses.Checked(pause, limits, ref pauses, scope.At), scope.Offset, end - scope.Offset));
                    break;
                case "mark":
                    var name = scope.Attributes.TryGetValue("name", out var markName) ? markName : throw Missing(scope.At, "mark", "name");
                    marks.Add(new NamedMark(name, spoken.Length, scope.Offset, end - scope.Offset));
                    Widen(scope.Offset, end);
                    break;
                case "sub":
                    Say(scope.Attributes.TryGetValue("alias", out var alias) ? alias : throw Missing(scope.At, "sub", "alias"), from, to);
                    break;
                case "say-as":
                    var kind = scope.Attributes.TryGetValue("interpret-as", out var interpretAs) ? interpretAs : throw Missing(scope.At, "say-as", "interpret-as");
                    if (!SayAs.IsKind(kind))
                    {
                        throw Bad(scope.At, "say-as", "interpret-as", kind, SayAs.Kinds);
                    }
                    var (reading, problem) = SayAs.Read(kind, scope.Attributes.GetValueOrDefault("format"), captured, scope.Language ?? LanguageDetector.Detect(captured));
                    Say(reading ?? throw MarkupException.At(MarkupFaults.CannotSayAs, scope.At, $"<say-as interpret-as=\"{kind}\">: {problem}"), from, to);
                    break;
                case "phoneme":
                    var alphabet = scope.Attributes.GetValueOrDefault("alphabet", "ipa");
                    if (alphabet is not ("ipa" or "x-sampa"))
                    {
                        throw Bad(scope.At, "phoneme", "alphabet", alphabet, "ipa or x-sampa");
                    }
                    Flush();
                    Parts.Add(new PhonemePart(alphabet, scope.Attributes.TryGetValue("ph", out var ph) ? ph : throw Missing(scope.At, "phoneme", "ph"),
                        scope.At.Line, scope.At.Column, scope.Offset, end - scope.Offset));
                    break;
                case "s" or "p":
                    EndSentence(end);
                    break;
            }
            if (parent is not null && (parent.Language != scope.Language || parent.Rate != scope.Rate))
            {
                Flush();
            }
        }

        private void Text(string value, int offset, bool cdata)
        {
            var scope = scopes.Peek();
            var rawEnd = cdata ? text.IndexOf("]]>", offset, StringComparison.Ordinal) : text.IndexOf('<', offset);
            rawEnd = rawEnd < 0 ? text.Length : rawEnd;
            if (scope.Captured is { } captured)
            {
                captured.Append(value);
                scope.CapturedFrom = scope.CapturedFrom < 0 ? offset : scope.CapturedFrom;
                scope.CapturedTo = rawEnd;
                return;
            }
            var start = spoken.Length;
            if (!MapDecoded(value, offset, rawEnd, start))
            {
                map.Add(start, value.Length, offset, rawEnd - offset, verbatim: false);
            }
            spoken.Append(value);
            if (!string.IsNullOrWhiteSpace(value))
            {
                Widen(offset, rawEnd);
            }
            else if (partFrom < 0)
            {
                (partRate, partLanguage) = (scope.Rate, scope.Language);
            }
        }

        /// <summary>Text said instead of the original span <paramref name="from"/>..<paramref name="to"/> (an alias, a reading).</summary>
        private void Say(string words, int from, int to)
        {
            spoken.Append(' ');
            map.Add(spoken.Length, words.Length, from, to - from, verbatim: false);
            spoken.Append(words).Append(' ');
            Widen(from, to);
        }

        /// <summary>Maps decoded text to its raw span character by character, entity by entity; false when they do not line up.</summary>
        private bool MapDecoded(string value, int rawStart, int rawEnd, int spokenStart)
        {
            var segments = new List<(int Spoken, int Length, int Source, int SourceLength, bool Verbatim)>();
            var (i, j) = (rawStart, 0);
            while (i < rawEnd && j < value.Length)
            {
                if (text[i] == '&')
                {
                    var semicolon = text.IndexOf(';', i, Math.Min(12, rawEnd - i));
                    if (semicolon < 0)
                    {
                        return false;
                    }
                    var decoded = char.IsHighSurrogate(value[j]) ? 2 : 1;
                    segments.Add((spokenStart + j, decoded, i, semicolon + 1 - i, false));
                    (i, j) = (semicolon + 1, j + decoded);
                }
                else if (text[i] == '\r')
                {
                    var raw = i + 1 < rawEnd && text[i + 1] == '\n' ? 2 : 1;
                    segments.Add((spokenStart + j, 1, i, raw, false));
                    (i, j) = (i + raw, j + 1);
                }
                else if (text[i] == value[j])
                {
                    segments.Add((spokenStart + j, 1, i, 1, true));
                    (i, j) = (i + 1, j + 1);
                }
                else
                {
                    return false;
                }
            }
            if (i != rawEnd || j != value.Length)
            {
                return false;
            }
            foreach (var (spokenAt, length, source, sourceLength, verbatim) in segments)
            {
                map.Add(spokenAt, length, source, sourceLength, verbatim);
            }
            return true;
        }

        /// <summary>A sentence ends here: the text so far gets a full stop when it has words and none ends it.</summary>
        private void EndSentence(int offset)
        {
            var end = spoken.Length;
            while (end > 0 && char.IsWhiteSpace(spoken[end - 1]))
            {
                end--;
            }
            if (end == 0 || !HasWords() || spoken[end - 1] is '.' or '!' or '?' or '。' or '！' or '？' or '…')
            {
                return;
            }
            map.Add(spoken.Length, 1, offset, 0, verbatim: false);
            spoken.Append(". ");
        }

        private bool HasWords()
        {
            foreach (var chunk in spoken.GetChunks())
            {
                foreach (var c in chunk.Span)
                {
                    if (char.IsLetterOrDigit(c))
                    {
                        return true;
                    }
                }
            }
            return false;
        }

        /// <summary>Ends the part being gathered: what follows is said with other settings, or after a pause.</summary>
        private void Flush()
        {
            if (HasWords() || marks.Count > 0)
            {
                Parts.Add(new SayPart(spoken.ToString(), map, partLanguage, partRate, marks, partFrom, Math.Max(0, partTo - partFrom)));
            }
            spoken.Clear();
            map = SourceMap.Empty();
            marks = [];
            (partFrom, partTo) = (-1, -1);
        }

        /// <summary>The part grows by the original span <paramref name="from"/>..<paramref name="to"/>, said with the settings in force.</summary>
        private void Widen(int from, int to)
        {
            if (partFrom < 0 && scopes.TryPeek(out var scope))
            {
                (partRate, partLanguage) = (scope.Rate, scope.Language);
            }
            partFrom = partFrom < 0 ? from : Math.Min(partFrom, from);
            partTo = Math.Max(partTo, to);
        }

        private Dictionary<string, string> Attributes(XmlReader reader, string element, TextPosition at)
        {
            var attributes = new Dictionary<string, string>(StringComparer.Ordinal);
            for (var more = reader.MoveToFirstAttribute(); more; more = reader.MoveToNextAttribute())
            {
                var name = reader.Name;
                if (reader.Value.Length > limits.MaxAttributeLength)
                {
                    throw MarkupException.At(MarkupFaults.BadAttribute, at,
                        $"the {name} attribute of <{element}> is {reader.Value.Length:N0} characters; the limit is {limits.MaxAttributeLength}");
                }
                if (name == "xmlns" || name.StartsWith("xmlns:", StringComparison.Ordinal) || (element == "speak" && name is "version" or "xml:base"))
                {
                    continue;
                }
                if (!Allowed(element, name))
                {
                    throw MarkupException.At(MarkupFaults.BadAttribute, at, $"<{element}> does not take the {name} attribute{Takes(element)}");
                }
                attributes[name] = reader.Value;
            }
            reader.MoveToElement();
            return attributes;
        }

        private int OffsetOf(TextPosition at) =>
            at.Line - 1 < lineStarts.Length ? Math.Min(text.Length, lineStarts[at.Line - 1] + at.Column - 1) : text.Length;

        private int TagEnd(int offset)
        {
            var close = text.IndexOf('>', offset);
            return close < 0 ? text.Length : close + 1;
        }
    }

    private static bool IsTag(string name) =>
        name is "speak" or "break" or "p" or "s" or "sub" or "say-as" or "prosody" or "phoneme" or "lang" or "mark" or "emphasis";

    private static bool Allowed(string element, string attribute) => (element, attribute) switch
    {
        ("speak" or "lang" or "p" or "s", "xml:lang") => true,
        ("break", "time" or "strength") => true,
        ("sub", "alias") => true,
        ("say-as", "interpret-as" or "format" or "detail") => true,
        ("prosody", "rate") => true,
        ("phoneme", "alphabet" or "ph") => true,
        ("mark", "name") => true,
        ("emphasis", "level") => true,
        _ => false,
    };

    private static string Takes(string element) => element switch
    {
        "break" => "; it takes time or strength",
        "sub" => "; it takes alias",
        "say-as" => "; it takes interpret-as and format",
        "prosody" => "; it takes rate only (pitch and volume are not supported)",
        "phoneme" => "; it takes alphabet and ph",
        "mark" => "; it takes name",
        "emphasis" => "; it takes level",
        "lang" => "; it takes xml:lang",
        _ => "",
    };

    /// <summary>"x-slow" … "x-fast", "150%", "+20%", "-10%" or a plain factor ("1.2"): how much faster than the request's speed.</summary>
    private static double RateOf(string value, TextPosition at)
    {
        var rate = value.Trim() switch
        {
            "x-slow" => 0.5,
            "slow" => 0.75,
            "medium" or "default" => 1.0,
            "fast" => 1.25,
            "x-fast" => 1.5,
            var v when v.EndsWith('%') && double.TryParse(v[..^1], NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var percent)
                => v[0] is '+' or '-' ? 1 + percent / 100 : percent / 100,
            var v when double.TryParse(v, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var factor) => factor,
            _ => double.NaN,
        };
        return double.IsFinite(rate) && rate > 0
            ? rate
            : throw Bad(at, "prosody", "rate", value, "x-slow, slow, medium, fast, x-fast, a percentage such as 80% or +20%, or a factor such as 1.2");
    }

    private static SpeechLanguage LanguageOf(string code, TextPosition at) =>
        code.Split('-', '_')[0].ToLowerInvariant() switch
        {
            "en" => SpeechLanguage.English,
            "zh" or "cmn" => SpeechLanguage.Mandarin,
            "fr" => SpeechLanguage.French,
            "it" => SpeechLanguage.Italian,
            _ => throw MarkupException.At(MarkupFaults.LanguageUnsupported, at,
                $"xml:lang=\"{Shown(code)}\" is not a language this server speaks; it speaks en, zh, fr and it"),
        };

    private static MarkupException Missing(TextPosition at, string element, string attribute) =>
        MarkupException.At(MarkupFaults.BadAttribute, at, $"<{element}> needs its {attribute} attribute");

    private static MarkupException Bad(TextPosition at, string element, string attribute, string value, string expected) =>
        MarkupException.At(MarkupFaults.BadAttribute, at, $"<{element} {attribute}=\"{Shown(value)}\"> is not one of: {expected}");

    private static string Shown(string value) => value.Length <= 40 ? value : value[..40] + "…";

    private static int[] LineStarts(string text)
    {
        var starts = new List<int> { 0 };
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\n' || (text[i] == '\r' && (i + 1 >= text.Length || text[i + 1] != '\n')))
            {
                starts.Add(i + 1);
            }
        }
        return [.. starts];
    }

}
