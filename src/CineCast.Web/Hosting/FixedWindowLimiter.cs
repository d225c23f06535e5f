using System.Threading.RateLimiting;

namespace CineCast.Web.Hosting;

/// <summary>
/// One caller's fixed window of permits, timed by the app's <see cref="TimeProvider"/> rather than by timers of its
/// own: a window opens at the first request after the last one closed, and a refusal says how long until it
/// closes. The framework's fixed-window limiter keeps its own clock, which a test cannot move.
/// </summary>
public sealed class FixedWindowLimiter(RateLimitRule rule, TimeProvider clock) : RateLimiter
{
    private readonly Lock gate = new();
    private readonly TimeSpan window = TimeSpan.FromSeconds(rule.WindowSeconds);
    private long opened = clock.GetTimestamp();
    private int used;

    /// <summary>Idle once its window has closed: the partitioned limiter may then drop it, and a new one starts afresh.</summary>
    public override TimeSpan? IdleDuration
    {
        get
        {
            lock (gate)
            {
                var age = clock.GetElapsedTime(opened);
                return used == 0 || age >= window ? age : null;
            }
        }
    }

    public override RateLimiterStatistics? GetStatistics()
    {
        lock (gate)
        {
            return new RateLimiterStatistics { CurrentAvailablePermits = rule.PermitLimit - used };
        }
    }

    protected override RateLimitLease AttemptAcquireCore(int permitCount)
    {
        lock (gate)
        {
            var age = clock.GetElapsedTime(opened);
            if (age >= window)
            {
                opened = clock.GetTimestamp();
                used = 0;
                age = TimeSpan.Zero;
            }
            if (used + permitCount <= rule.PermitLimit)
            {
                used += permitCount;
                return Granted.Lease;
            }
            return new Refused(window - age);
        }
    }

    protected override ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken) =>
        ValueTask.FromResult(AttemptAcquireCore(permitCount));

    private sealed class Granted : RateLimitLease
    {
        public static readonly Granted Lease = new();

        public override bool IsAcquired => true;

        public override IEnumerable<string> MetadataNames => [];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = null;
            return false;
        }
    }

    private sealed class Refused(TimeSpan retryAfter) : RateLimitLease
    {
        public override bool IsAcquired => false;

        public override IEnumerable<string> MetadataNames => [MetadataName.RetryAfter.Name];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = metadataName == MetadataName.RetryAfter.Name ? retryAfter : null;
            return metadata is not null;
        }
    }
}
