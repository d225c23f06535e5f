using CineCast.Web.Data;
using Microsoft.AspNetCore.SignalR;
using Microsoft.EntityFrameworkCore;

namespace CineCast.Web.Batches;

/// <summary>Tells a job's owner, through <see cref="BatchesHub"/>, that it changed or went. A lost message never fails a job.</summary>
public sealed partial class BatchNotifier(IHubContext<BatchesHub> hub, IServiceScopeFactory scopes, ILogger<BatchNotifier> logger)
{
    /// <summary>Sends the job as its row says now.</summary>
    public async Task ChangedAsync(string jobId)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<CineCastDb>();
            var jobs = db.BatchJobs.AsNoTracking().Where(j => j.Id == jobId);
            var owner = await jobs.Select(j => j.OwnerId).FirstOrDefaultAsync();
            var job = await jobs.Select(BatchJobDto.Projection).FirstOrDefaultAsync();
            if (owner is not null && job is not null)
            {
                await hub.Clients.Group(BatchesHub.GroupOf(owner)).SendAsync(BatchesHub.JobChanged, job);
            }
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            LogNotSent(jobId, exception.Message);
        }
    }

    public async Task RemovedAsync(string ownerId, string jobId)
    {
        try
        {
            await hub.Clients.Group(BatchesHub.GroupOf(ownerId)).SendAsync(BatchesHub.JobRemoved, jobId);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            LogNotSent(jobId, exception.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The change of batch job {JobId} could not be pushed to its owner: {Reason}")]
    private partial void LogNotSent(string jobId, string reason);
}
