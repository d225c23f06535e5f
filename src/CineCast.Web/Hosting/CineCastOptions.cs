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

    /// <summary>
    /// When several instances serve one site: a folder they all mount (NFS, SMB, a cloud file share) for clone audio
    /// and the key ring that signs sign-ins. Empty (the default) keeps both in the data directory.
    /// </summary>
    public string? SharedDirectory { get; set; }

    /// <summary>The shipped preset voices (manifest and engine assets).</summary>
    [Required]
    public string PresetsDirectory { get; set; } = "voices";
}
