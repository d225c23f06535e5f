using System.Linq.Expressions;
using System.Text.Json.Serialization;

namespace CineCast.Web.Batches;

/// <summary>What <c>POST /api/batches</c> takes: the text, a voice id or name, and optionally format, engine and speed.</summary>
public sealed record BatchRequest(string? Text, string? Voice, string? Format = null, string? Engine = null, double? Speed = null);

/// <summary>A job as its owner sees it; the text itself is not repeated, only its length.</summary>
public sealed record BatchJobDto(
    string Id,
    string Status,
    int Percent,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Error,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Reason,
    string Format,
    string VoiceId,
    string VoiceName,
    string Engine,
    int Characters,
    DateTime CreatedAt,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] DateTime? FinishedAt,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double? DurationSeconds,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] long? Bytes,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Provenance)
{
    public static readonly Expression<Func<BatchJob, BatchJobDto>> Projection = job => new BatchJobDto(
        job.Id,
        job.Status,
        job.Percent,
        job.Error,
        job.Reason,
        job.Format,
        job.VoiceId,
        job.VoiceName,
        job.Engine,
        job.Text.Length,
        job.CreatedAt,
        job.FinishedAt,
        job.DurationSeconds,
        job.OutputBytes,
        job.Provenance);

    private static readonly Func<BatchJob, BatchJobDto> Convert = Projection.Compile();

    [JsonIgnore]
    public bool IsActive => Status is BatchStates.Queued or BatchStates.Running;

    public static BatchJobDto From(BatchJob job) => Convert(job);
}
