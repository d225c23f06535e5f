using CineCast.Web.Accounts;

namespace CineCast.Web.Batches;

public static class BatchStates
{
    public const string Queued = "queued";
    public const string Running = "running";
    public const string Done = "done";
    public const string Failed = "failed";
    public const string Cancelled = "cancelled";
}

/// <summary>
/// A long text rendered to a file in the background; everything needed to run it again lives in this row, the
/// output at <c>batches/{Id}.{Format}</c> under the data directory (or the shared one).
/// </summary>
public sealed class BatchJob
{
    public required string Id { get; init; }
    public required string OwnerId { get; init; }
    public CineCastUser? Owner { get; init; }
    public required string Text { get; init; }
    public required string VoiceId { get; init; }
    public required string VoiceName { get; init; }
    public required string Engine { get; init; }
    public required string Format { get; init; }

    /// <summary>The pace asked for (0.5-2.0), kept so a job run again after a restart speaks as it was asked.</summary>
    public double Speed { get; init; } = 1.0;

    /// <summary>How many times the server stopped while this job was running; past a limit it is failed, not run again.</summary>
    public int Interruptions { get; set; }

    public required string Status { get; set; }
    public int Percent { get; set; }
    public string? Error { get; set; }

    /// <summary>When the job failed because it was refused (its voice deleted, its engine gone): the refusal's code.</summary>
    public string? Reason { get; set; }
    public long? OutputBytes { get; set; }
    public double? DurationSeconds { get; set; }

    /// <summary>The signed provenance statement of the finished audio, sent with it on download.</summary>
    public string? Provenance { get; set; }
    public required DateTime CreatedAt { get; init; }
    public DateTime? StartedAt { get; set; }
    public DateTime? FinishedAt { get; set; }
}
