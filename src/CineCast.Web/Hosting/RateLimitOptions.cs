using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace CineCast.Web.Hosting;

/// <summary>Requests one user may make per window, per kind of work. Section <c>CineCast:RateLimits</c>.</summary>
public sealed class RateLimitOptions
{
    public const string Section = "CineCast:RateLimits";

    /// <summary>Clone uploads (<c>POST /api/voices</c>, <c>/set_voice</c>).</summary>
    [ValidateObjectMembers]
    public RateLimitRule Uploads { get; set; } = new() { PermitLimit = 30, WindowSeconds = 3600 };

    /// <summary>Speech requests: the hub's streams and the HTTP speech endpoints, each counted on its own.</summary>
    [ValidateObjectMembers]
    public RateLimitRule Synthesis { get; set; } = new() { PermitLimit = 120, WindowSeconds = 60 };

    /// <summary>Batch job submissions.</summary>
    [ValidateObjectMembers]
    public RateLimitRule Batches { get; set; } = new() { PermitLimit = 60, WindowSeconds = 3600 };
}

public sealed class RateLimitRule
{
    [Range(1, 1_000_000)]
    public int PermitLimit { get; set; }

    [Range(1, 7 * 24 * 3600)]
    public int WindowSeconds { get; set; }
}
