using System.Collections.Concurrent;
using CineCast.Speech.Text;
using CineCast.Web.Audio;
using CineCast.Web.Data;
using CineCast.Web.Synthesis;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CineCast.Web.Batches;

/// <summary>
/// Runs queued jobs, <see cref="BatchOptions.Concurrency"/> at a time, through the synthesis pipeline into a temp
/// file that is renamed into <c>batches/</c> when complete. At start it resumes what a previous process left
/// unfinished; while running it removes finished jobs past their retention.
/// </summary>
public sealed partial class BatchRunner(
    BatchBacklog backlog,
    BatchFiles files,
    Hosting.AppLocations locations,
    SynthesisPipeline pipeline,
    AudioFormats formats,
    IServiceScopeFactory scopes,
    IOptions<BatchOptions> options,
    TimeProvider clock,
    ILogger<BatchRunner> logger) : BackgroundService
{
    private readonly ConcurrentDictionary<string, RunningJob> running = new(StringComparer.Ordinal);
    private IReadOnlyList<string> resumable = [];

    /// <summary>Recovery finishes before the app takes requests, so no request sees a job a dead process left running.</summary>
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        resumable = await RecoverAsync(cancellationToken);
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
            using var sweep = new PeriodicTimer(TimeSpan.FromSeconds(options.Value.SweepIntervalSeconds), clock);
            do
            {
                await RemoveExpiredAsync(stoppingToken);
            }
            while (await sweep.WaitForNextTickAsync(stoppingToken));
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
            await RunClaimedAsync(id, cancel.Token, stoppingToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            LogUnexpectedFailure(id, exception);
            await EndAsync(id, BatchStates.Failed, $"The job failed unexpectedly: {exception.Message}");
        }
        finally
        {
            running.TryRemove(id, out _);
            finished.SetResult();
            cancel.Dispose();
        }
    }

    private async Task RunClaimedAsync(string id, CancellationToken cancellationToken, CancellationToken stoppingToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CineCastDb>();
        if (!await BatchJobLease.TryHoldAsync(db, id))
        {
            return; // Another instance is rendering it.
        }
        try
        {
            await RunLeasedAsync(db, id, cancellationToken, stoppingToken);
        }
        finally
        {
            await BatchJobLease.ReleaseAsync(db, id);
        }
    }

    private async Task RunLeasedAsync(CineCastDb db, string id, CancellationToken cancellationToken, CancellationToken stoppingToken)
    {
        var startedAt = clock.GetUtcNow().UtcDateTime;
        int claimed;
        try
        {
            claimed = await db.BatchJobs
                .Where(j => j.Id == id && j.Status == BatchStates.Queued)
                .ExecuteUpdateAsync(set => set.SetProperty(j => j.Status, BatchStates.Running).SetProperty(j => j.StartedAt, startedAt), cancellationToken);
        }
        catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
        {
            await EndAsync(id, BatchStates.Cancelled, null);
            return;
        }
        if (claimed == 0)
        {
            return; // Cancelled or deleted while it waited.
        }

        var job = await db.BatchJobs.AsNoTracking().SingleAsync(j => j.Id == id, CancellationToken.None);
        var partial = files.PartialPath(job.Id, job.Format);
        try
        {
            var (seconds, bytes) = await RenderAsync(db, job, partial, cancellationToken);
            var output = files.OutputPath(job.Id, job.Format);
            File.Move(partial, output, overwrite: true);
            // Past the rename the job is done: a late cancel must not leave a file its row does not point to.
            var recorded = await db.BatchJobs
                .Where(j => j.Id == id && j.Status == BatchStates.Running)
                .ExecuteUpdateAsync(set => set
                    .SetProperty(j => j.Status, BatchStates.Done)
                    .SetProperty(j => j.Percent, 100)
                    .SetProperty(j => j.DurationSeconds, seconds)
                    .SetProperty(j => j.OutputBytes, bytes)
                    .SetProperty(j => j.FinishedAt, clock.GetUtcNow().UtcDateTime), CancellationToken.None);
            files.DeleteQuietly(files.TicketPath(id));
            if (recorded == 0)
            {
                files.DeleteQuietly(output);
                return;
            }
            LogDone(id, seconds, bytes);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            await db.BatchJobs
                .Where(j => j.Id == id && j.Status == BatchStates.Running)
                .ExecuteUpdateAsync(set => set.SetProperty(j => j.Status, BatchStates.Queued).SetProperty(j => j.StartedAt, (DateTime?)null), CancellationToken.None);
            LogPutBack(id);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await EndAsync(id, BatchStates.Cancelled, null);
            LogCancelled(id);
        }
        catch (Exception exception) when (exception is Refusals.RefusedException or BatchFailedException)
        {
            await EndAsync(id, BatchStates.Failed, exception.Message);
            LogFailed(id, exception.Message);
        }
        catch (IOException exception)
        {
            await EndAsync(id, BatchStates.Failed, $"Writing the {job.Format} file failed: {exception.Message}");
            LogFailed(id, exception.Message);
        }
        finally
        {
            files.DeleteQuietly(partial);
        }
    }

    /// <summary>
    /// Speaks the text section by section, so progress is the share of the text already spoken; the job is
    /// re-planned from its row each run, so a voice deleted meanwhile fails it rather than being replaced.
    /// </summary>
    private async Task<(double Seconds, long Bytes)> RenderAsync(CineCastDb db, BatchJob job, string partial, CancellationToken cancellationToken)
    {
        var ticket = await files.ReadTicketAsync(job.Id, cancellationToken)
            ?? throw new BatchFailedException("The job's settings were lost, so it cannot be run as it was asked; submit it again.");
        if (!formats.IsSupported(job.Format))
        {
            throw new BatchFailedException($"The {job.Format} format is no longer available on this server; formats: {string.Join(", ", formats.Supported)}.");
        }
        var plan = await pipeline.PlanAsync(
            new SynthesisRequest(job.Text, job.VoiceId, ticket.Speed, job.Engine), job.OwnerId, cancellationToken, options.Value.MaxTextLength);

        long samples = 0;
        await using (var output = new FileStream(partial, FileMode.Create, FileAccess.Write, FileShare.None, 81920, useAsync: true))
        {
            await using var encoder = formats.Create(job.Format, output);
            foreach (var (section, end) in Sections(job.Text))
            {
                await foreach (var item in pipeline.StreamAsync(plan with { Text = section }, cancellationToken))
                {
                    if (item is { Kind: SpeechItemKinds.Audio, Pcm: { } pcm })
                    {
                        await encoder.WriteAsync(pcm, cancellationToken);
                        samples += pcm.Length / 2;
                    }
                }
                var percent = (int)Math.Min(99, (long)end * 100 / job.Text.Length);
                await db.BatchJobs
                    .Where(j => j.Id == job.Id && j.Status == BatchStates.Running && j.Percent < percent)
                    .ExecuteUpdateAsync(set => set.SetProperty(j => j.Percent, percent), cancellationToken);
            }
            await encoder.CompleteAsync(cancellationToken);
            output.Flush(flushToDisk: true);
        }
        return (Math.Round((double)samples / SynthesisPipeline.SampleRate, 3), new FileInfo(partial).Length);
    }

    /// <summary>Whole planner chunks grouped to about a fiftieth of the text (200-2,000 characters), with where each ends.</summary>
    private static IEnumerable<(string Text, int End)> Sections(string text)
    {
        var target = Math.Clamp(text.Length / 50, 200, 2000);
        var start = -1;
        var end = 0;
        foreach (var chunk in TextPlanner.Plan(text))
        {
            if (start < 0)
            {
                start = chunk.SourceStart;
            }
            end = chunk.SourceStart + chunk.SourceLength;
            if (end - start >= target)
            {
                yield return (text[start..end], end);
                start = -1;
            }
        }
        if (start >= 0)
        {
            yield return (text[start..end], end);
        }
    }

    /// <summary>Records how a queued or running job ended, with what happened, and drops its ticket.</summary>
    private async Task EndAsync(string id, string status, string? error)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CineCastDb>();
        var finishedAt = clock.GetUtcNow().UtcDateTime;
        await db.BatchJobs
            .Where(j => j.Id == id && (j.Status == BatchStates.Queued || j.Status == BatchStates.Running))
            .ExecuteUpdateAsync(set => set
                .SetProperty(j => j.Status, status)
                .SetProperty(j => j.Error, error)
                .SetProperty(j => j.FinishedAt, finishedAt), CancellationToken.None);
        files.DeleteQuietly(files.TicketPath(id));
    }

    /// <summary>
    /// Start-up: a job left running was cut off by a crash (a clean stop puts it back in the queue) and runs again
    /// from the start, until it has been cut off more than <see cref="BatchOptions.MaxInterruptions"/> times; the
    /// count lives in its ticket. Done jobs must have their file, and files must belong to a job.
    /// </summary>
    private async Task<IReadOnlyList<string>> RecoverAsync(CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(files.Folder);
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CineCastDb>();
        var jobs = await db.BatchJobs
            .Where(j => j.Status == BatchStates.Queued || j.Status == BatchStates.Running || j.Status == BatchStates.Done)
            .OrderBy(j => j.CreatedAt)
            .Select(j => new { j.Id, j.Status, j.Format })
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
                    continue;
                }
                await db.BatchJobs.Where(j => j.Id == job.Id).ExecuteUpdateAsync(set => set
                    .SetProperty(j => j.Status, BatchStates.Failed)
                    .SetProperty(j => j.OutputBytes, (long?)null)
                    .SetProperty(j => j.Error, "The audio file was missing when the server started; submit the job again."), cancellationToken);
                LogOutputMissing(job.Id);
                continue;
            }

            if (await files.ReadTicketAsync(job.Id, cancellationToken) is not { } ticket)
            {
                await EndAsync(job.Id, BatchStates.Failed, "The job's settings were lost, so it cannot be run as it was asked; submit it again.");
                LogTicketMissing(job.Id);
                continue;
            }
            if (job.Status == BatchStates.Running && await BatchJobLease.IsHeldElsewhereAsync(db, job.Id))
            {
                expectedFiles.Add(Path.GetFileName(files.TicketPath(job.Id)));
                LogRunningElsewhere(job.Id);
                continue;
            }
            if (job.Status == BatchStates.Running)
            {
                ticket = ticket with { Interruptions = ticket.Interruptions + 1 };
                if (ticket.Interruptions > options.Value.MaxInterruptions)
                {
                    await EndAsync(job.Id, BatchStates.Failed,
                        $"The server stopped while this job was running {ticket.Interruptions} times; it was not started again.");
                    LogGaveUp(job.Id, ticket.Interruptions);
                    continue;
                }
                await files.WriteTicketAsync(job.Id, ticket, cancellationToken);
                await db.BatchJobs.Where(j => j.Id == job.Id).ExecuteUpdateAsync(set => set
                    .SetProperty(j => j.Status, BatchStates.Queued)
                    .SetProperty(j => j.StartedAt, (DateTime?)null), cancellationToken);
                LogResumedAfterInterruption(job.Id, ticket.Interruptions);
            }
            expectedFiles.Add(Path.GetFileName(files.TicketPath(job.Id)));
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

    /// <summary>Finished jobs past their retention go entirely, row and audio, so the database does not keep their text forever.</summary>
    private async Task RemoveExpiredAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<CineCastDb>();
            var cutoff = clock.GetUtcNow().UtcDateTime - options.Value.Retention;
            var expired = await db.BatchJobs
                .Where(j => (j.Status == BatchStates.Done || j.Status == BatchStates.Failed || j.Status == BatchStates.Cancelled) && j.FinishedAt < cutoff)
                .Select(j => new { j.Id, j.Format })
                .ToListAsync(cancellationToken);
            foreach (var job in expired)
            {
                await db.BatchJobs.Where(j => j.Id == job.Id).ExecuteDeleteAsync(cancellationToken);
                files.DeleteQuietly(files.OutputPath(job.Id, job.Format));
                LogExpired(job.Id);
            }
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            LogSweepFailed(exception.Message);
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

    [LoggerMessage(Level = LogLevel.Warning, Message = "Batch job {JobId} was running when the server stopped (interruption {Interruptions}); it runs again from the start.")]
    private partial void LogResumedAfterInterruption(string jobId, int interruptions);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Batch job {JobId} was interrupted {Interruptions} times and is marked failed.")]
    private partial void LogGaveUp(string jobId, int interruptions);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Start-up sweep marked batch job {JobId} failed: its audio file is missing.")]
    private partial void LogOutputMissing(string jobId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Start-up sweep marked batch job {JobId} failed: its ticket is missing.")]
    private partial void LogTicketMissing(string jobId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Start-up sweep removed batches/{File}: no batch job refers to it.")]
    private partial void LogRemovedOrphanFile(string file);

    [LoggerMessage(Level = LogLevel.Information, Message = "Batch job {JobId} is being rendered by another instance; it is left to that instance.")]
    private partial void LogRunningElsewhere(string jobId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Resuming {Count} unfinished batch jobs.")]
    private partial void LogResuming(int count);

    [LoggerMessage(Level = LogLevel.Information, Message = "Batch job {JobId} passed its retention and was removed with its audio.")]
    private partial void LogExpired(string jobId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The batch retention sweep failed and runs again at its next interval: {Reason}")]
    private partial void LogSweepFailed(string reason);
}

/// <summary>A job that cannot run; the message is recorded on the job for its owner.</summary>
public sealed class BatchFailedException(string message) : Exception(message);
