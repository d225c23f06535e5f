using System.ComponentModel.DataAnnotations;

namespace CineCast.Web.Storage;

/// <summary>
/// Quotas on clone audio and housekeeping of what can be rebuilt. Section <c>CineCast:Storage</c>.
/// User clones are never evicted: past a quota a new clone is refused; only temp files and caches are cleaned.
/// </summary>
public sealed class StorageOptions
{
    public const string Section = "CineCast:Storage";

    [Range(1, 100_000)]
    public int MaxClonesPerUser { get; set; } = 50;

    /// <summary>Clone audio one user may keep (a 60 s clone is about 2.9 MB at 24 kHz, 16-bit).</summary>
    [Range(64 * 1024, long.MaxValue)]
    public long MaxCloneBytesPerUser { get; set; } = 256L * 1024 * 1024;

    /// <summary>Clone audio of all users together.</summary>
    [Range(64 * 1024, long.MaxValue)]
    public long MaxTotalCloneBytes { get; set; } = 20L * 1024 * 1024 * 1024;

    /// <summary>Temp files older than this belong to no request still running and are removed.</summary>
    [Range(1, 7 * 24 * 60)]
    public int TempFileMaxAgeMinutes { get; set; } = 60;

    /// <summary>How often the cleanup runs.</summary>
    [Range(1, 24 * 3600)]
    public int CleanupIntervalSeconds { get; set; } = 300;

    /// <summary>Measured voice profiles kept in memory; the least recently used are dropped and measured again when next used.</summary>
    [Range(1, 1_000_000)]
    public int MaxCachedVoiceProfiles { get; set; } = 512;

    /// <summary>
    /// Clones whose neural conditioning (native memory, tens of MB each with the real Pocket TTS model) is kept; the
    /// least recently used are dropped once no stream uses them, and rebuilt on their next use.
    /// </summary>
    [Range(1, 10_000)]
    public int MaxCachedNeuralVoices { get; set; } = 8;

    public TimeSpan TempFileMaxAge => TimeSpan.FromMinutes(TempFileMaxAgeMinutes);
}
