using System.ComponentModel.DataAnnotations;

namespace CineCast.Engines.Neural;

/// <summary>Section <c>CineCast:Engines:Neural</c>.</summary>
public sealed class NeuralEngineOptions
{
    /// <summary>Where the pinned files are downloaded from; a mirror with the same layout works too.</summary>
    [Required, Url]
    public string BaseUrl { get; set; } = PocketTtsBundles.DefaultBaseUrl;

    /// <summary>
    /// A folder holding a bundle to use as it is, instead of the installed pinned one: for a custom export, or the
    /// tiny test graphs. Its files are not checked against the pinned table.
    /// </summary>
    public string? ModelDirectory { get; set; }

    /// <summary>
    /// The same for the other languages, by ISO 639-1 code (<c>CineCast:Engines:Neural:LanguageDirectories:it</c>):
    /// folders used as they are instead of the installed pinned bundle of that language.
    /// </summary>
    public Dictionary<string, string> LanguageDirectories { get; set; } = [];

    /// <summary><c>int8</c> (smaller, the reference default) or <c>fp32</c>.</summary>
    [Required, RegularExpression("^(int8|fp32)$", ErrorMessage = "CineCast:Engines:Neural:Precision is 'int8' or 'fp32'.")]
    public string Precision { get; set; } = "int8";
}
