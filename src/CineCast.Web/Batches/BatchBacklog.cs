using System.Threading.Channels;
using Microsoft.Extensions.Options;

namespace CineCast.Web.Batches;

/// <summary>
/// The ids of jobs waiting to run, bounded so a flood of submissions is refused rather than held in memory. The rows
/// stay the truth: a job cancelled while it waits is skipped when its id comes up.
/// </summary>
public sealed class BatchBacklog(IOptions<BatchOptions> options) : IDisposable
{
    private readonly Channel<string> waiting = Channel.CreateBounded<string>(
        new BoundedChannelOptions(options.Value.QueueCapacity) { FullMode = BoundedChannelFullMode.Wait });

    // Counting a user's active jobs and adding one must not interleave, or two requests could both pass the cap.
    private readonly SemaphoreSlim admission = new(1, 1);

    public ChannelReader<string> Reader => waiting.Reader;

    public bool TryEnqueue(string id) => waiting.Writer.TryWrite(id);

    public ValueTask EnqueueAsync(string id, CancellationToken cancellationToken) => waiting.Writer.WriteAsync(id, cancellationToken);

    public async Task<T> AdmitAsync<T>(Func<Task<T>> admit, CancellationToken cancellationToken)
    {
        await admission.WaitAsync(cancellationToken);
        try
        {
            return await admit();
        }
        finally
        {
            admission.Release();
        }
    }

    public void Dispose() => admission.Dispose();
}
