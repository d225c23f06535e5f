using CineCast.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CineCast.Web.Batches;

/// <summary>
/// Start-up: a job left running was cut off by a crash (a clean stop puts it back in the queue) and runs again
/// from the start, until it has been cut off more than <see cref="BatchOptions.MaxInterruptions"/> times. Done jobs
/// must have their file, and files in <c>batches/</c> must belong to a job.
/// </summary>
public sealed partial class BatchRecovery(
    BatchFiles files, BatchRows rows, Hosting.AppLocations locations, IServiceScopeFactory scopes, IOptions<BatchOptions> options, TimeProvider clock,
    ILogger<BatchRecovery> logger)
{
    /// <summary>The ids of the jobs to queue again, oldest first.</summary>
    public async Task<IReadOnlyList<string>> RecoverAsync(CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(files.Folder);
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CineCastDb>();
        var jobs = await db.BatchJobs
            .Where(j => j.Status == BatchStates.Queued || j.Status == BatchStates.Running || j.Status == BatchStates.Done)
            .OrderBy(j => j.CreatedAt)
            .Select(j => new { j.Id, j.Status, j.Format, j.Interruptions })
            .ToListAsync(cancellationToken);

        var resume = new List<string>();
        var expectedFiles = new HashSet<string>(StringComparer.Ordinal);
        foreach (var job in jobs)
        {
            if (job.Status == BatchStates.Done)
            {
                var output = files.OutputPath(job.Id, job.Format);
                if (File.Exists(output))
                {
                    expectedFiles.Add(Path.GetFileName(output));
                    expectedFiles.Add(Path.GetFileName(files.CaptionsPath(job.Id)));
                    continue;
                }
                await rows.LostAudioAsync(db, job.Id, cancellationToken);
                LogOutputMissing(job.Id);
                continue;
            }

            if (job.Status == BatchStates.Running && await BatchJobLease.IsHeldElsewhereAsync(db, job.Id))
            {
                LogRunningElsewhere(job.Id);
                continue;
            }
            if (job.Status == BatchStates.Running)
            {
                var interruptions = job.Interruptions + 1;
                if (interruptions > options.Value.MaxInterruptions)
                {
                    await rows.EndAsync(job.Id, BatchStates.Failed, $"The server stopped while this job was running {interruptions} times; it was not started again.");
                    LogGaveUp(job.Id, interruptions);
                    continue;
                }
                await rows.PutBackAsync(db, job.Id, interruptions);
                LogResumedAfterInterruption(job.Id, interruptions);
            }
            resume.Add(job.Id);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        foreach (var file in Directory.EnumerateFiles(files.Folder))
        {
            var name = Path.GetFileName(file);
            if (!expectedFiles.Contains(name) && locations.IsSettled(file, now))
            {
                files.DeleteQuietly(file);
                LogRemovedOrphanFile(name);
            }
        }
        if (resume.Count > 0)
        {
            LogResuming(resume.Count);
        }
        return resume;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Batch job {JobId} was running when the server stopped (interruption {Interruptions}); it runs again from the start.")]
    private partial void LogResumedAfterInterruption(string jobId, int interruptions);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Batch job {JobId} was interrupted {Interruptions} times and is marked failed.")]
    private partial void LogGaveUp(string jobId, int interruptions);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Start-up sweep marked batch job {JobId} failed: its audio file is missing.")]
    private partial void LogOutputMissing(string jobId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Start-up sweep removed batches/{File}: no batch job refers to it.")]
    private partial void LogRemovedOrphanFile(string file);

    [LoggerMessage(Level = LogLevel.Information, Message = "Batch job {JobId} is being rendered by another instance; it is left to that instance.")]
    private partial void LogRunningElsewhere(string jobId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Resuming {Count} unfinished batch jobs.")]
    private partial void LogResuming(int count);
}
