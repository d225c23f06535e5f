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

    /// <summary>
    /// Whether to time words and sentences through espeak-ng's library (a second, silent synthesis of each chunk beside
    /// the audio). Off, the engine marks chunks only: for a server whose clients never read word marks or timestamps.
    /// </summary>
    public bool WordMarks { get; set; } = true;
}
