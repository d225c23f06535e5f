using System.Security.Claims;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using CineCast.Web.Refusals;

namespace CineCast.Web.Hosting;

/// <summary>
/// Per-user rate limits (ASP.NET Core rate limiting with <see cref="FixedWindowLimiter"/>s partitioned by user, or
/// by address before sign-in). A refusal is 429 with <c>Retry-After</c> and a body that says which limit and when to come back.
/// </summary>
public static class RateLimitSetup
{
    public const string Uploads = "uploads";
    public const string Synthesis = "synthesis";
    public const string Batches = "batches";
    public const string Detection = "detection";

    public static WebApplicationBuilder AddRateLimits(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<RateLimitOptions>()
            .BindConfiguration(RateLimitOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.AddPolicy(Uploads, context => Partition(context, options => options.Uploads));
            limiter.AddPolicy(Synthesis, context => Partition(context, options => options.Synthesis));
            limiter.AddPolicy(Batches, context => Partition(context, options => options.Batches));
            limiter.AddPolicy(Detection, DetectionPartition);
            limiter.OnRejected = WriteRejectionAsync;
        });
        return builder;
    }

    /// <summary>The caller's partition: the signed-in user, else the client address.</summary>
    public static string CallerKey(ClaimsPrincipal user, HttpContext? context) =>
        user.FindFirstValue(ClaimTypes.NameIdentifier) is { } userId
            ? "user:" + userId
            : "address:" + (context?.Connection.RemoteIpAddress?.ToString() ?? "unknown");

    private static RateLimitPartition<string> Partition(HttpContext context, Func<RateLimitOptions, RateLimitRule> rule)
    {
        var limits = rule(context.RequestServices.GetRequiredService<IOptions<RateLimitOptions>>().Value);
        var clock = context.RequestServices.GetRequiredService<TimeProvider>();
        return RateLimitPartition.Get(CallerKey(context.User, context), _ => new FixedWindowLimiter(limits, clock));
    }

    /// <summary>Signed-in callers and anonymous ones (when allowed at all) each have their own detection limit.</summary>
    private static RateLimitPartition<string> DetectionPartition(HttpContext context)
    {
        var options = context.RequestServices.GetRequiredService<IOptions<Provenance.ProvenanceOptions>>().Value;
        var limits = context.User.Identity?.IsAuthenticated == true ? options.Detection : options.AnonymousDetectionLimit;
        var clock = context.RequestServices.GetRequiredService<TimeProvider>();
        return RateLimitPartition.Get("detection:" + CallerKey(context.User, context), _ => new FixedWindowLimiter(limits, clock));
    }

    private static async ValueTask WriteRejectionAsync(OnRejectedContext rejected, CancellationToken cancellationToken)
    {
        var context = rejected.HttpContext;
        var policy = context.GetEndpoint()?.Metadata.GetMetadata<EnableRateLimitingAttribute>()?.PolicyName ?? "requests";
        await Refusal(policy, rejected.Lease).ToHttp(context.Request).ExecuteAsync(context);
    }

    /// <summary>The refusal of a used-up window, with when the caller may try again; HTTP and the hub say the same.</summary>
    public static RefusedException Refusal(string policy, RateLimitLease lease)
    {
        var retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)) : 60;
        return Refuse.RateLimited(policy).RetryAfter(retryAfter, retryAfter);
    }
}
