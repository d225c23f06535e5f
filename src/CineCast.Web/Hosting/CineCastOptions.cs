using System.ComponentModel.DataAnnotations;

namespace CineCast.Web.Hosting;

/// <summary>Where the app keeps its state. Bound from the <c>CineCast</c> section (env: <c>CineCast__DataDirectory</c>).</summary>
public sealed class CineCastOptions
{
    public const string Section = "CineCast";

    /// <summary>All mutable state: database, clone audio, temp files, key ring. Relative paths resolve against the repository (source) or the app folder (published).</summary>
    [Required]
    public string DataDirectory { get; set; } = "data";

    /// <summary>Downloaded model files.</summary>
    [Required]
    public string ModelsDirectory { get; set; } = "models";

    /// <summary>The shipped preset voices (manifest and engine assets).</summary>
    [Required]
    public string PresetsDirectory { get; set; } = "voices";
}
