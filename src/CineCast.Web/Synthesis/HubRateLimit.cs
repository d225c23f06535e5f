using System.Threading.RateLimiting;
using CineCast.Web.Hosting;
using CineCast.Web.Refusals;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;

namespace CineCast.Web.Synthesis;

/// <summary>
/// The per-user speech rate limit for hub streams, which the HTTP rate-limiting middleware never sees: one
/// invocation of <see cref="SpeechHub.Synthesize"/> or <see cref="SpeechHub.SynthesizeLive"/> takes one permit of the user's window.
/// </summary>
public sealed class HubRateLimit(IOptions<RateLimitOptions> options, TimeProvider clock) : IHubFilter, IDisposable
{
    private readonly PartitionedRateLimiter<string> limiter = PartitionedRateLimiter.Create<string, string>(
        key => RateLimitPartition.Get(key, _ => new FixedWindowLimiter(options.Value.Synthesis, clock)));

    public async ValueTask<object?> InvokeMethodAsync(HubInvocationContext invocationContext, Func<HubInvocationContext, ValueTask<object?>> next)
    {
        if (invocationContext.HubMethodName is nameof(SpeechHub.Synthesize) or nameof(SpeechHub.SynthesizeLive))
        {
            var caller = RateLimitSetup.CallerKey(invocationContext.Context.User!, invocationContext.Context.GetHttpContext());
            using var lease = limiter.AttemptAcquire(caller);
            if (!lease.IsAcquired)
            {
                throw RateLimitSetup.Refusal(RateLimitSetup.Synthesis, lease).ToHubException();
            }
        }
        return await next(invocationContext);
    }

    public void Dispose() => limiter.Dispose();
}
