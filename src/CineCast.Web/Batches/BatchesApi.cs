using System.Security.Claims;
using CineCast.Web.Accounts;
using CineCast.Web.Audio;
using CineCast.Web.Hosting;
using Microsoft.AspNetCore.Http.HttpResults;
using CineCast.Web.Refusals;

namespace CineCast.Web.Batches;

public static class BatchesApi
{
    // The longest text (200,000 characters) with every character escaped as \uXXXX, and room for the other fields.
    private const long MaxBodyBytes = 1_300_000;

    public static IEndpointRouteBuilder MapBatchesApi(this IEndpointRouteBuilder routes)
    {
        var batches = routes.MapGroup("/api/batches").WithTags("Batches");
        batches.MapPost("/", Submit).RequireRateLimiting(RateLimitSetup.Batches)
            .LimitBody(MaxBodyBytes);
        batches.MapGet("/", List);
        batches.MapGet("/{id}", Get);
        batches.MapGet("/{id}/audio", Audio);
        batches.MapGet("/{id}/captions.{format:regex(^(vtt|srt)$)}", CaptionsFile);
        batches.MapDelete("/{id}", Delete);
        routes.MapHub<BatchesHub>(BatchesHub.Path);
        return routes;
    }

    private static async Task<Accepted<BatchJobDto>> Submit(BatchRequest body, BatchJobs jobs, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var job = await jobs.SubmitAsync(body, user.UserId(), cancellationToken);
        return TypedResults.Accepted($"/api/batches/{job.Id}", job);
    }

    private static async Task<Ok<IReadOnlyList<BatchJobDto>>> List(BatchJobs jobs, ClaimsPrincipal user, CancellationToken cancellationToken) =>
        TypedResults.Ok(await jobs.ListAsync(user.UserId(), cancellationToken));

    private static async Task<Results<Ok<BatchJobDto>, ProblemHttpResult>> Get(string id, BatchJobs jobs, ClaimsPrincipal user, CancellationToken cancellationToken) =>
        await jobs.FindAsync(user.UserId(), id, cancellationToken) is { } job ? TypedResults.Ok(job) : Problems.NotFound("batch job");

    private static async Task<Results<PhysicalFileHttpResult, ProblemHttpResult>> Audio(
        string id, BatchJobs jobs, ClaimsPrincipal user, HttpContext http, CancellationToken cancellationToken)
    {
        if (await jobs.FindAsync(user.UserId(), id, cancellationToken) is not { } job)
        {
            return Problems.NotFound("batch job");
        }
        if (job.Status != BatchStates.Done)
        {
            return Refuse.BatchNotDone.With(job.Status).ToProblem();
        }
        http.Response.Headers[Provenance.ProvenanceApi.StatementHeader] = job.Provenance;
        http.Response.Headers[Provenance.ProvenanceApi.WatermarkHeader] = Provenance.ProvenanceStatement.WatermarkOf(job.Provenance);
        return jobs.OutputPath(job) is { } path
            ? TypedResults.PhysicalFile(path, AudioFormats.ContentType(job.Format), $"batch-{job.Id}.{AudioFormats.FileExtension(job.Format)}", enableRangeProcessing: true)
            : Refuse.BatchAudioMissing.With().ToProblem();
    }

    /// <summary>The job's captions: WebVTT as kept, or SRT made from it.</summary>
    private static async Task<Results<ContentHttpResult, ProblemHttpResult>> CaptionsFile(
        string id, string format, BatchJobs jobs, ClaimsPrincipal user, HttpContext http, CancellationToken cancellationToken)
    {
        if (await jobs.FindAsync(user.UserId(), id, cancellationToken) is not { } job)
        {
            return Problems.NotFound("batch job");
        }
        if (job.Status != BatchStates.Done)
        {
            return Refuse.BatchNotDone.With(job.Status).ToProblem();
        }
        if (jobs.CaptionsPath(job) is not { } path)
        {
            return Refuse.BatchCaptionsMissing.With().ToProblem();
        }
        var vtt = await File.ReadAllTextAsync(path, cancellationToken);
        http.Response.Headers.ContentDisposition = $"attachment; filename=\"batch-{job.Id}.{format}\"";
        return format == "srt"
            ? TypedResults.Text(Captions.ToSrt(Captions.FromWebVtt(vtt)), "application/x-subrip", System.Text.Encoding.UTF8)
            : TypedResults.Text(vtt, "text/vtt", System.Text.Encoding.UTF8);
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> Delete(string id, BatchJobs jobs, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        if (await jobs.FindAsync(user.UserId(), id, cancellationToken) is not { } job)
        {
            return Problems.NotFound("batch job");
        }
        await jobs.CancelOrDeleteAsync(user.UserId(), job, cancellationToken);
        return TypedResults.NoContent();
    }
}
