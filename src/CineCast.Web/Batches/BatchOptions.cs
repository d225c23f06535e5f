using System.ComponentModel.DataAnnotations;

namespace CineCast.Web.Batches;

/// <summary>Limits and housekeeping of batch jobs. Section <c>CineCast:Batches</c>.</summary>
public sealed class BatchOptions : IValidatableObject
{
    public const string Section = "CineCast:Batches";

    [Range(1, 200_000)]
    public int MaxTextLength { get; set; } = 200_000;

    /// <summary>Queued plus running jobs one user may have at a time.</summary>
    [Range(1, 1000)]
    public int MaxActivePerUser { get; set; } = 5;

    /// <summary>Jobs waiting in the whole app; beyond it submissions are refused until the queue drains.</summary>
    [Range(1, 100_000)]
    public int QueueCapacity { get; set; } = 500;

    /// <summary>Jobs synthesized at the same time; at most the number of cores.</summary>
    [Range(1, 256)]
    public int Concurrency { get; set; } = 1;

    /// <summary>How long finished jobs (their audio and their row) are kept.</summary>
    [Range(0.0001, 24 * 365 * 10)]
    public double RetentionHours { get; set; } = 72;

    /// <summary>How often finished jobs past their retention are removed.</summary>
    [Range(1, 24 * 3600)]
    public int SweepIntervalSeconds { get; set; } = 600;

    /// <summary>Times a job may be cut off by the server stopping abruptly before it is failed instead of run again.</summary>
    [Range(0, 100)]
    public int MaxInterruptions { get; set; } = 2;

    /// <summary>The longest caption cue, in characters (shown in two lines of half as many).</summary>
    [Range(20, 500)]
    public int CaptionMaxCharacters { get; set; } = 84;

    /// <summary>The longest caption cue, in seconds.</summary>
    [Range(1, 60)]
    public double CaptionMaxSeconds { get; set; } = 7;

    public TimeSpan Retention => TimeSpan.FromHours(RetentionHours);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Concurrency > Environment.ProcessorCount)
        {
            yield return new ValidationResult(
                $"CineCast:Batches:Concurrency ({Concurrency}) must not exceed the number of cores ({Environment.ProcessorCount}).",
                [nameof(Concurrency)]);
        }
    }
}
