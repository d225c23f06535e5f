using Microsoft.Extensions.Options;

namespace CineCast.Web.Synthesis;

/// <summary>
/// How many interactive streams may run at once. Past that a request is refused at once with a time to retry,
/// rather than slowing every stream below real time or letting requests pile up until the server falls over.
/// </summary>
public sealed class SynthesisAdmission(IOptions<SynthesisOptions> options)
{
    private int active;

    public int RetryAfterSeconds => options.Value.RetryAfterSeconds;

    /// <summary>A slot that is given back when disposed, or null when every slot is taken.</summary>
    public IDisposable? TryEnter()
    {
        if (Interlocked.Increment(ref active) > options.Value.MaxConcurrentStreams)
        {
            Interlocked.Decrement(ref active);
            return null;
        }
        return new Slot(this);
    }

    private sealed class Slot(SynthesisAdmission admission) : IDisposable
    {
        private int released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref released, 1) == 0)
            {
                Interlocked.Decrement(ref admission.active);
            }
        }
    }
}
