using System.ComponentModel.DataAnnotations;

namespace CineCast.Web.Synthesis;

/// <summary>Section <c>CineCast:Synthesis</c>.</summary>
public sealed class SynthesisOptions
{
    public const string Section = "CineCast:Synthesis";
    public const double MinSpeed = 0.5;
    public const double MaxSpeed = 2.0;
    public const double MaxTemperature = 1.5;

    [Range(1, 200_000)]
    public int MaxTextLength { get; set; } = 5000;

    /// <summary>Longest text one live utterance (text streamed in as it is written) may speak in all.</summary>
    [Range(1, 1_000_000)]
    public int MaxLiveTextLength { get; set; } = 100_000;

    /// <summary>Characters of live text that may wait without a sentence end before they are spoken from the best break.</summary>
    [Range(20, 2000)]
    public int LiveSentenceMaxCharacters { get; set; } = 200;

    /// <summary>How long a live utterance waits for its next piece of text before it is ended as abandoned.</summary>
    [Range(1, 3600)]
    public int LiveTextIdleSeconds { get; set; } = 30;

    /// <summary>Audio frame length sent to clients (20-100 ms).</summary>
    [Range(20, 100)]
    public int FrameMilliseconds { get; set; } = 40;

    /// <summary>Frames a stream may run ahead of its client before synthesis waits.</summary>
    [Range(2, 10_000)]
    public int BufferedFrames { get; set; } = 128;

    /// <summary>Interactive streams (hub and HTTP speech) that may run at once; sized from the machine by default.</summary>
    [Range(1, 10_000)]
    public int MaxConcurrentStreams { get; set; } = Environment.ProcessorCount * 16;

    /// <summary>What a refused client is told to wait before trying again.</summary>
    [Range(1, 600)]
    public int RetryAfterSeconds { get; set; } = 2;
}
