using System.Text.RegularExpressions;
using System.Xml;

namespace CineCast.Speech.Markup;

/// <summary>
/// How the app reads XML a caller sends (SSML, PLS): no DTD, nothing resolved, only the predefined entities, and a
/// declaration found before parsing so its place can be named. Faults are told as a place and a reason.
/// </summary>
public static partial class SafeXml
{
    public static XmlReaderSettings Settings(bool ignoreWhitespace) => new()
    {
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        MaxCharactersFromEntities = 1024,
        IgnoreComments = true,
        IgnoreProcessingInstructions = true,
        IgnoreWhitespace = ignoreWhitespace,
    };

    /// <summary>Where a document type or entity declaration starts, if the text holds one.</summary>
    public static TextPosition? DeclarationIn(string xml) =>
        Declaration().Match(xml) is { Success: true } found ? TextPosition.Of(xml, found.Index) : null;

    /// <summary>The reader's complaint without the "Line 1, position 5." it ends with (the place is told on its own).</summary>
    public static string Reason(XmlException exception) => LineInfo().Replace(exception.Message, "").TrimEnd();

    [GeneratedRegex(@"<!(DOCTYPE|ENTITY)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Declaration();

    [GeneratedRegex(@"\s*Line \d+, position \d+\.\s*$", RegexOptions.CultureInvariant)]
    private static partial Regex LineInfo();
}
