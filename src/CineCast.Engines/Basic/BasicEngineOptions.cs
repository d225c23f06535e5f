using System.ComponentModel.DataAnnotations;

namespace CineCast.Engines.Basic;

/// <summary>Section <c>CineCast:Engines:Basic</c>.</summary>
public sealed class BasicEngineOptions
{
    /// <summary>The espeak-ng program: a name looked up on PATH or an absolute path.</summary>
    [Required]
    public string EspeakPath { get; set; } = "espeak-ng";

    /// <summary>Longest a single espeak-ng run may take before it is killed (a chunk is at most a few hundred characters).</summary>
    [Range(1, 600)]
    public int RunTimeoutSeconds { get; set; } = 30;
}
