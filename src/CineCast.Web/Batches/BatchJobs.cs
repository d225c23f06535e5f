using CineCast.Web.Audio;
using CineCast.Web.Data;
using CineCast.Web.Hosting;
using CineCast.Web.Synthesis;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using CineCast.Web.Refusals;

namespace CineCast.Web.Batches;

/// <summary>A user's batch jobs: submit, list, find, cancel and delete. Another user's job is simply not there.</summary>
public sealed partial class BatchJobs(
    CineCastDb db,
    SynthesisPipeline pipeline,
    AudioFormats formats,
    BatchBacklog backlog,
    BatchRunner runner,
    BatchRows rows,
    BatchFiles files,
    IOptions<BatchOptions> options,
    TimeProvider clock,
    ILogger<BatchJobs> logger)
{
    /// <summary>When a refused submission may be worth trying again (a job of the caller's, or the queue, has moved on by then).</summary>
    private const int RetryAfterSeconds = 30;

    /// <summary>Checks the request as live speech would (text, voice, engine, speed) plus the format, then queues it.</summary>
    public async Task<BatchJobDto> SubmitAsync(BatchRequest request, string userId, CancellationToken cancellationToken)
    {
        var limits = options.Value;
        var format = ChooseFormat(request.Format);
        var plan = await pipeline.PlanAsync(
            new SynthesisRequest(request.Text, request.Voice, request.Speed ?? 1.0, request.Engine), userId, cancellationToken, limits.MaxTextLength);

        return await backlog.AdmitAsync(async () =>
        {
            var active = await db.BatchJobs.CountAsync(
                j => j.OwnerId == userId && (j.Status == BatchStates.Queued || j.Status == BatchStates.Running), cancellationToken);
            if (active >= limits.MaxActivePerUser)
            {
                throw Refuse.TooManyBatches.RetryAfter(RetryAfterSeconds, active, limits.MaxActivePerUser);
            }

            var job = new BatchJob
            {
                Id = Guid.CreateVersion7().ToString("N"),
                OwnerId = userId,
                Text = plan.Text,
                VoiceId = plan.Voice.Id,
                VoiceName = plan.Voice.Name,
                Engine = plan.Engine.Id,
                Format = format,
                Speed = plan.Speed,
                Status = BatchStates.Queued,
                CreatedAt = clock.GetUtcNow().UtcDateTime,
            };
            db.BatchJobs.Add(job);
            await db.SaveChangesAsync(cancellationToken);
            if (!backlog.TryEnqueue(job.Id))
            {
                db.BatchJobs.Remove(job);
                await db.SaveChangesAsync(CancellationToken.None);
                throw Refuse.BatchQueueFull.RetryAfter(RetryAfterSeconds, limits.QueueCapacity);
            }
            LogQueued(job.Id, job.Text.Length, job.VoiceId, job.Engine, job.Format);
            await rows.ChangedAsync(job.Id);
            return BatchJobDto.From(job);
        }, cancellationToken);
    }

    public async Task<IReadOnlyList<BatchJobDto>> ListAsync(string userId, CancellationToken cancellationToken) =>
        await db.BatchJobs.AsNoTracking()
            .Where(j => j.OwnerId == userId)
            .OrderByDescending(j => j.CreatedAt).ThenByDescending(j => j.Id)
            .Select(BatchJobDto.Projection)
            .ToListAsync(cancellationToken);

    public async Task<BatchJobDto?> FindAsync(string userId, string id, CancellationToken cancellationToken) =>
        await db.BatchJobs.AsNoTracking()
            .Where(j => j.Id == id && j.OwnerId == userId)
            .Select(BatchJobDto.Projection)
            .FirstOrDefaultAsync(cancellationToken);

    /// <summary>The finished audio's path, taken from the row's id and format; null when the file is not there.</summary>
    public string? OutputPath(BatchJobDto job) => files.OutputPath(job.Id, job.Format) is var path && File.Exists(path) ? path : null;

    public string? CaptionsPath(BatchJobDto job) => files.CaptionsPath(job.Id) is var path && File.Exists(path) ? path : null;

    /// <summary>
    /// A queued or running job is cancelled (its row stays, status cancelled, partial audio removed); a finished one
    /// is deleted with its audio. A cancel that arrives as the job completes leaves it done.
    /// </summary>
    public async Task CancelOrDeleteAsync(string userId, BatchJobDto job, CancellationToken cancellationToken)
    {
        if (job.IsActive)
        {
            var cancelledWhileQueued = await db.BatchJobs
                .Where(j => j.Id == job.Id && j.Status == BatchStates.Queued)
                .ExecuteUpdateAsync(set => set
                    .SetProperty(j => j.Status, BatchStates.Cancelled)
                    .SetProperty(j => j.FinishedAt, clock.GetUtcNow().UtcDateTime), cancellationToken);
            if (cancelledWhileQueued == 1)
            {
                await rows.ChangedAsync(job.Id);
                LogCancelledWhileQueued(job.Id);
            }
            else
            {
                await runner.CancelAsync(job.Id);
            }
            return;
        }

        await rows.RemoveAsync(db, userId, job.Id, cancellationToken);
        files.DeleteOutputs(job.Id, job.Format);
    }

    private string ChooseFormat(string? requested)
    {
        if (string.IsNullOrWhiteSpace(requested))
        {
            return formats.IsSupported("mp3") ? "mp3" : "wav";
        }
        var format = requested.Trim().ToLowerInvariant();
        return formats.IsSupported(format)
            ? format
            : throw Refuse.FormatUnsupported.With(Quote.Shown(requested), string.Join(", ", formats.Supported));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Queued batch job {JobId}: {Characters} characters as {VoiceId} with {EngineId} to {Format}.")]
    private partial void LogQueued(string jobId, int characters, string voiceId, string engineId, string format);

    [LoggerMessage(Level = LogLevel.Information, Message = "Batch job {JobId} was cancelled before it started.")]
    private partial void LogCancelledWhileQueued(string jobId);
}
