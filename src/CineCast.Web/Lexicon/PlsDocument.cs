using System.Text;
using System.Xml;
using CineCast.Speech.Markup;

namespace CineCast.Web.Lexicon;

/// <summary>One lexeme's grapheme and the pronunciation PLS prefers for it (the first alias or phoneme given).</summary>
public sealed record PlsLexeme(string Grapheme, string? Alias, string? Phoneme);

/// <summary>A PLS file that cannot be read: where and why.</summary>
public sealed class PlsException(int line, int column, string message) : Exception(message)
{
    public int Line { get; } = line;
    public int Column { get; } = column;
}

/// <summary>
/// W3C Pronunciation Lexicon Specification 1.0 documents: read (IPA only; several graphemes of one lexeme become one
/// entry each; the first alias or phoneme is the one kept, as PLS orders them by preference) and written. No DTD,
/// no external resources; a malformed file is refused with its line and column.
/// </summary>
public static class PlsDocument
{
    public const string Namespace = "http://www.w3.org/2005/01/pronunciation-lexicon";
    public const string ContentType = "application/pls+xml";

    /// <summary>The lexemes and the document's language (its <c>xml:lang</c>).</summary>
    public static (string Language, List<PlsLexeme> Lexemes) Read(string xml, int maxLexemes)
    {
        if (SafeXml.DeclarationIn(xml) is { } declaration)
        {
            throw new PlsException(declaration.Line, declaration.Column, "a PLS file here takes no document type or entity declarations");
        }
        using var reader = XmlReader.Create(new StringReader(xml), SafeXml.Settings(ignoreWhitespace: true));
        var lines = (IXmlLineInfo)reader;
        var lexemes = new List<PlsLexeme>();
        string? language = null;
        try
        {
            reader.Read();
            while (!reader.EOF)
            {
                if (reader.NodeType != XmlNodeType.Element)
                {
                    reader.Read();
                    continue;
                }
                switch (reader.LocalName)
                {
                    case "lexicon" when reader.Depth == 0:
                        if (reader.GetAttribute("alphabet") is { } alphabet && !alphabet.Equals("ipa", StringComparison.OrdinalIgnoreCase))
                        {
                            throw Fault(lines, $"the lexicon's alphabet is '{alphabet}'; only ipa is read");
                        }
                        language = reader.GetAttribute("xml:lang") ?? throw Fault(lines, "<lexicon> needs its xml:lang attribute");
                        reader.Read();
                        break;
                    case "lexeme" when reader.Depth == 1:
                        using (var lexeme = reader.ReadSubtree())
                        {
                            lexemes.AddRange(ReadLexeme(lexeme, lines));
                        }
                        if (lexemes.Count > maxLexemes)
                        {
                            throw Fault(lines, $"the file holds more than {maxLexemes} entries, the most a lexicon may have");
                        }
                        reader.Read();
                        break;
                    case "meta" or "metadata" when reader.Depth == 1:
                        reader.Skip();
                        break;
                    default:
                        throw Fault(lines, $"<{reader.Name}> is not an element of a PLS lexicon here (lexicon, lexeme, grapheme, alias, phoneme, example, meta, metadata)");
                }
            }
        }
        catch (XmlException exception)
        {
            throw new PlsException(exception.LineNumber, exception.LinePosition, SafeXml.Reason(exception));
        }
        return (language ?? throw new PlsException(1, 1, "the file has no <lexicon> element"), lexemes);
    }

    public static string Write(IEnumerable<LexiconEntry> entries, string language)
    {
        var builder = new StringBuilder();
        var settings = new XmlWriterSettings { Indent = true, Encoding = new UTF8Encoding(false), OmitXmlDeclaration = false };
        using (var writer = XmlWriter.Create(builder, settings))
        {
            writer.WriteStartElement("lexicon", Namespace);
            writer.WriteAttributeString("version", "1.0");
            writer.WriteAttributeString("alphabet", "ipa");
            writer.WriteAttributeString("xml", "lang", null, language);
            foreach (var entry in entries)
            {
                writer.WriteStartElement("lexeme", Namespace);
                writer.WriteElementString("grapheme", Namespace, entry.Grapheme);
                if (entry.Alias is { } alias)
                {
                    writer.WriteElementString("alias", Namespace, alias);
                }
                else
                {
                    writer.WriteElementString("phoneme", Namespace, entry.Phoneme);
                }
                writer.WriteEndElement();
            }
            writer.WriteEndElement();
        }
        return builder.ToString().Replace("encoding=\"utf-16\"", "encoding=\"utf-8\"", StringComparison.Ordinal);
    }

    private static List<PlsLexeme> ReadLexeme(XmlReader lexeme, IXmlLineInfo lines)
    {
        var graphemes = new List<string>();
        string? alias = null;
        string? phoneme = null;
        var (line, column) = (lines.LineNumber, lines.LinePosition);
        lexeme.Read();
        lexeme.Read();
        while (!lexeme.EOF)
        {
            if (lexeme.NodeType != XmlNodeType.Element)
            {
                lexeme.Read();
                continue;
            }
            switch (lexeme.LocalName)
            {
                case "grapheme":
                    graphemes.Add(lexeme.ReadElementContentAsString().Trim());
                    break;
                case "alias":
                    var said = lexeme.ReadElementContentAsString().Trim();
                    alias ??= phoneme is null ? said : null;
                    break;
                case "phoneme":
                    if (lexeme.GetAttribute("alphabet") is { } alphabet && !alphabet.Equals("ipa", StringComparison.OrdinalIgnoreCase))
                    {
                        throw Fault(lines, $"a phoneme in the '{alphabet}' alphabet; only ipa is read");
                    }
                    var ipa = lexeme.ReadElementContentAsString().Trim();
                    phoneme ??= alias is null ? ipa : null;
                    break;
                case "example":
                    lexeme.Skip();
                    break;
                default:
                    throw Fault(lines, $"<{lexeme.Name}> is not an element of a PLS lexeme (grapheme, alias, phoneme, example)");
            }
        }
        if (graphemes.Count == 0 || (alias is null && phoneme is null))
        {
            throw new PlsException(line, column, "a <lexeme> needs a <grapheme> and an <alias> or a <phoneme>");
        }
        return [.. graphemes.Select(grapheme => new PlsLexeme(grapheme, alias, phoneme))];
    }

    private static PlsException Fault(IXmlLineInfo lines, string message) => new(lines.LineNumber, lines.LinePosition, message);

}
