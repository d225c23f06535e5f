using CineCast.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CineCast.Web.Batches;

/// <summary>Finished jobs past their retention go entirely, row and audio, so the database does not keep their text forever.</summary>
public sealed partial class BatchRetention(
    BatchFiles files, BatchRows rows, IServiceScopeFactory scopes, IOptions<BatchOptions> options, TimeProvider clock, ILogger<BatchRetention> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var sweep = new PeriodicTimer(TimeSpan.FromSeconds(options.Value.SweepIntervalSeconds), clock);
        try
        {
            do
            {
                await RemoveExpiredAsync(stoppingToken);
            }
            while (await sweep.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
    }

    /// <summary>One sweep: removes every finished job whose retention has passed by the clock's time now.</summary>
    public async Task RemoveExpiredAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<CineCastDb>();
            var cutoff = clock.GetUtcNow().UtcDateTime - options.Value.Retention;
            var expired = await db.BatchJobs
                .Where(j => (j.Status == BatchStates.Done || j.Status == BatchStates.Failed || j.Status == BatchStates.Cancelled) && j.FinishedAt < cutoff)
                .Select(j => new { j.Id, j.OwnerId, j.Format })
                .ToListAsync(cancellationToken);
            foreach (var job in expired)
            {
                await rows.RemoveAsync(db, job.OwnerId, job.Id, cancellationToken);
                files.DeleteOutputs(job.Id, job.Format);
                LogExpired(job.Id);
            }
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            LogSweepFailed(exception.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Batch job {JobId} passed its retention and was removed with its audio.")]
    private partial void LogExpired(string jobId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The batch retention sweep failed and runs again at its next interval: {Reason}")]
    private partial void LogSweepFailed(string reason);
}
