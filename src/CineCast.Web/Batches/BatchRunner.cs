using System.Collections.Concurrent;
using CineCast.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CineCast.Web.Batches;

/// <summary>
/// Takes queued jobs, <see cref="BatchOptions.Concurrency"/> at a time, and runs each: claim its row, render it into
/// a temp file, rename that into <c>batches/</c>, record the outcome. What a previous process left unfinished is
/// recovered before the app takes requests.
/// </summary>
public sealed partial class BatchRunner(
    BatchBacklog backlog,
    BatchRecovery recovery,
    BatchRenderer renderer,
    BatchRows rows,
    BatchFiles files,
    IServiceScopeFactory scopes,
    IOptions<BatchOptions> options,
    ILogger<BatchRunner> logger) : BackgroundService
{
    private readonly ConcurrentDictionary<string, RunningJob> running = new(StringComparer.Ordinal);
    private IReadOnlyList<string> resumable = [];

    /// <summary>Recovery finishes before the app takes requests, so no request sees a job a dead process left running.</summary>
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        resumable = await recovery.RecoverAsync(cancellationToken);
        await base.StartAsync(cancellationToken);
    }

    /// <summary>Stops a job this process is running and waits until it has recorded the outcome; false when it is not running here.</summary>
    public async Task<bool> CancelAsync(string id)
    {
        if (!running.TryGetValue(id, out var job))
        {
            return false;
        }
        try
        {
            await job.Cancel.CancelAsync();
        }
        catch (ObjectDisposedException)
        {
            // It finished between the lookup and the cancel.
        }
        await job.Finished;
        return true;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var workers = Enumerable.Range(0, options.Value.Concurrency)
            .Select(_ => Task.Run(() => WorkAsync(stoppingToken), CancellationToken.None))
            .ToList();
        try
        {
            foreach (var id in resumable)
            {
                await backlog.EnqueueAsync(id, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down; the workers put their jobs back in the queue.
        }
        await Task.WhenAll(workers);
    }

    private async Task WorkAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var id in backlog.Reader.ReadAllAsync(stoppingToken))
            {
                await RunAsync(id, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
    }

    private async Task RunAsync(string id, CancellationToken stoppingToken)
    {
        var cancel = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var finished = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        // Registered before the job is claimed, so a job whose row says running can always be cancelled here.
        running[id] = new RunningJob(cancel, finished.Task);
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<CineCastDb>();
            if (await BatchJobLease.TryHoldAsync(db, id))
            {
                try
                {
                    await RunLeasedAsync(db, id, cancel.Token, stoppingToken);
                }
                finally
                {
                    await BatchJobLease.ReleaseAsync(db, id);
                }
            }
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            LogUnexpectedFailure(id, exception);
            await rows.EndAsync(id, BatchStates.Failed, $"The job failed unexpectedly: {exception.Message}");
        }
        finally
        {
            running.TryRemove(id, out _);
            finished.SetResult();
            cancel.Dispose();
        }
    }

    private async Task RunLeasedAsync(CineCastDb db, string id, CancellationToken cancellationToken, CancellationToken stoppingToken)
    {
        try
        {
            if (!await rows.ClaimAsync(db, id, cancellationToken))
            {
                return; // Cancelled or deleted while it waited.
            }
        }
        catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
        {
            await rows.EndAsync(id, BatchStates.Cancelled, null);
            return;
        }

        var job = await db.BatchJobs.AsNoTracking().SingleAsync(j => j.Id == id, CancellationToken.None);
        var partial = files.PartialPath(job.Id, job.Format);
        var partialCaptions = files.PartialCaptionsPath(job.Id);
        try
        {
            var (seconds, bytes, provenance) = await renderer.RenderAsync(
                job, partial, partialCaptions, percent => rows.ProgressAsync(db, id, percent, cancellationToken), cancellationToken);
            var output = files.OutputPath(job.Id, job.Format);
            // Captions first: once the audio is in place, so are they.
            File.Move(partialCaptions, files.CaptionsPath(job.Id), overwrite: true);
            File.Move(partial, output, overwrite: true);
            // Past the rename the job is done: a late cancel must not leave a file its row does not point to.
            if (!await rows.DoneAsync(db, id, seconds, bytes, provenance))
            {
                files.DeleteOutputs(job.Id, job.Format);
                return;
            }
            LogDone(id, seconds, bytes);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            await rows.PutBackAsync(db, id);
            LogPutBack(id);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await rows.EndAsync(id, BatchStates.Cancelled, null);
            LogCancelled(id);
        }
        catch (Refusals.RefusedException refused)
        {
            await rows.EndAsync(id, BatchStates.Failed, refused.Message, refused.Reason);
            LogFailed(id, refused.Message);
        }
        catch (BatchFailedException exception)
        {
            await rows.EndAsync(id, BatchStates.Failed, exception.Message);
            LogFailed(id, exception.Message);
        }
        catch (IOException exception)
        {
            await rows.EndAsync(id, BatchStates.Failed, $"Writing the {job.Format} file failed: {exception.Message}");
            LogFailed(id, exception.Message);
        }
        finally
        {
            files.DeleteQuietly(partial);
            files.DeleteQuietly(partialCaptions);
        }
    }

    private sealed record RunningJob(CancellationTokenSource Cancel, Task Finished);

    [LoggerMessage(Level = LogLevel.Information, Message = "Batch job {JobId} is done: {Seconds:0.0} s of audio, {Bytes} bytes.")]
    private partial void LogDone(string jobId, double seconds, long bytes);

    [LoggerMessage(Level = LogLevel.Information, Message = "Batch job {JobId} was cancelled; its partial audio is removed.")]
    private partial void LogCancelled(string jobId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Batch job {JobId} was stopped by the shutdown and is queued again for the next start.")]
    private partial void LogPutBack(string jobId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Batch job {JobId} failed: {Reason}")]
    private partial void LogFailed(string jobId, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Batch job {JobId} failed unexpectedly.")]
    private partial void LogUnexpectedFailure(string jobId, Exception exception);
}
