using System.ComponentModel.DataAnnotations;
using CineCast.Web.Hosting;
using Microsoft.Extensions.Options;

namespace CineCast.Web.Provenance;

/// <summary>Section <c>CineCast:Provenance</c>: the watermark and who may ask the detector.</summary>
public sealed class ProvenanceOptions
{
    public const string Section = "CineCast:Provenance";

    /// <summary>
    /// Whether every output carries the watermark (on unless an administrator turns it off). Off, <c>/health</c>, the
    /// <c>X-CineCast-Watermark</c> header, the hub's <c>start</c> item and the signed statement all say so.
    /// </summary>
    public bool Watermark { get; set; } = true;

    /// <summary>Whether <c>POST /api/provenance/detect</c> answers callers who are not signed in (only "made here: yes/no" and when).</summary>
    public bool AnonymousDetection { get; set; }

    /// <summary>Detections per signed-in caller per window.</summary>
    [ValidateObjectMembers]
    public RateLimitRule Detection { get; set; } = new() { PermitLimit = 60, WindowSeconds = 3600 };

    /// <summary>Detections per address per window for callers who are not signed in, when <see cref="AnonymousDetection"/> is on.</summary>
    [ValidateObjectMembers]
    public RateLimitRule AnonymousDetectionLimit { get; set; } = new() { PermitLimit = 10, WindowSeconds = 3600 };

    /// <summary>The largest file the detector takes, in bytes.</summary>
    [Range(1024, 1L << 31)]
    public long MaxDetectBytes { get; set; } = 50L * 1024 * 1024;

    /// <summary>The longest audio the detector decodes; the mark repeats every 4.1 s, so a few minutes say all there is.</summary>
    [Range(1, 3600)]
    public int MaxDetectSeconds { get; set; } = 600;

    /// <summary>How much of the audio, from its start, is searched for the mark.</summary>
    [Range(5, 3600)]
    public int SearchedSeconds { get; set; } = 120;
}
