using CineCast.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace CineCast.Web.Batches;

/// <summary>
/// Every change of a job's state, made in its row (guarded by the state it must be in, so racing changes cannot
/// both win) and pushed to its owner. The row is the whole truth about a job.
/// </summary>
public sealed class BatchRows(IServiceScopeFactory scopes, BatchNotifier notifier, TimeProvider clock)
{
    /// <summary>Queued → running; false when it was cancelled or deleted while it waited.</summary>
    public async Task<bool> ClaimAsync(CineCastDb db, string id, CancellationToken cancellationToken)
    {
        var startedAt = clock.GetUtcNow().UtcDateTime;
        var claimed = await db.BatchJobs
            .Where(j => j.Id == id && j.Status == BatchStates.Queued)
            .ExecuteUpdateAsync(set => set.SetProperty(j => j.Status, BatchStates.Running).SetProperty(j => j.StartedAt, startedAt), cancellationToken);
        return await NotifiedAsync(id, claimed);
    }

    /// <summary>Raises a running job's percent; it never goes down.</summary>
    public async Task ProgressAsync(CineCastDb db, string id, int percent, CancellationToken cancellationToken)
    {
        var raised = await db.BatchJobs
            .Where(j => j.Id == id && j.Status == BatchStates.Running && j.Percent < percent)
            .ExecuteUpdateAsync(set => set.SetProperty(j => j.Percent, percent), cancellationToken);
        await NotifiedAsync(id, raised);
    }

    /// <summary>Running → done with its audio's facts; false when a cancel got there first.</summary>
    public async Task<bool> DoneAsync(CineCastDb db, string id, double seconds, long bytes, string? provenance)
    {
        var finishedAt = clock.GetUtcNow().UtcDateTime;
        var recorded = await db.BatchJobs
            .Where(j => j.Id == id && j.Status == BatchStates.Running)
            .ExecuteUpdateAsync(set => set
                .SetProperty(j => j.Status, BatchStates.Done)
                .SetProperty(j => j.Percent, 100)
                .SetProperty(j => j.DurationSeconds, seconds)
                .SetProperty(j => j.OutputBytes, bytes)
                .SetProperty(j => j.Provenance, provenance)
                .SetProperty(j => j.FinishedAt, finishedAt), CancellationToken.None);
        return await NotifiedAsync(id, recorded);
    }

    /// <summary>Running → queued, for the next start of the server to run again (a clean shutdown, or recovery after a crash).</summary>
    public async Task PutBackAsync(CineCastDb db, string id, int? interruptions = null)
    {
        var putBack = await db.BatchJobs
            .Where(j => j.Id == id && j.Status == BatchStates.Running)
            .ExecuteUpdateAsync(set => set
                .SetProperty(j => j.Status, BatchStates.Queued)
                .SetProperty(j => j.StartedAt, (DateTime?)null)
                .SetProperty(j => j.Interruptions, j => interruptions ?? j.Interruptions), CancellationToken.None);
        await NotifiedAsync(id, putBack);
    }

    /// <summary>Records how a queued or running job ended (cancelled or failed), with what happened and, for a refusal, its code.</summary>
    public async Task EndAsync(string id, string status, string? error, string? reason = null)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CineCastDb>();
        var finishedAt = clock.GetUtcNow().UtcDateTime;
        var ended = await db.BatchJobs
            .Where(j => j.Id == id && (j.Status == BatchStates.Queued || j.Status == BatchStates.Running))
            .ExecuteUpdateAsync(set => set
                .SetProperty(j => j.Status, status)
                .SetProperty(j => j.Error, error)
                .SetProperty(j => j.Reason, reason)
                .SetProperty(j => j.FinishedAt, finishedAt), CancellationToken.None);
        await NotifiedAsync(id, ended);
    }

    /// <summary>A done job whose audio is gone is failed with the reason.</summary>
    public async Task LostAudioAsync(CineCastDb db, string id, CancellationToken cancellationToken)
    {
        var failed = await db.BatchJobs.Where(j => j.Id == id).ExecuteUpdateAsync(set => set
            .SetProperty(j => j.Status, BatchStates.Failed)
            .SetProperty(j => j.OutputBytes, (long?)null)
            .SetProperty(j => j.Error, "The audio file was missing when the server started; submit the job again."), cancellationToken);
        await NotifiedAsync(id, failed);
    }

    /// <summary>Deletes the row; the owner's page drops it.</summary>
    public async Task RemoveAsync(CineCastDb db, string ownerId, string id, CancellationToken cancellationToken)
    {
        if (await db.BatchJobs.Where(j => j.Id == id).ExecuteDeleteAsync(cancellationToken) > 0)
        {
            await notifier.RemovedAsync(ownerId, id);
        }
    }

    public Task ChangedAsync(string id) => notifier.ChangedAsync(id);

    private async Task<bool> NotifiedAsync(string id, int changedRows)
    {
        if (changedRows == 0)
        {
            return false;
        }
        await notifier.ChangedAsync(id);
        return true;
    }
}
