namespace CineCast.Audio;

/// <summary>Rules for turning an upload into a clone reference clip.</summary>
public sealed record CloneAudioRules
{
    public int TargetSampleRate { get; init; } = 24000;

    /// <summary>Minimum speech span (first to last active frame, without trim margins).</summary>
    public double MinSpeechSeconds { get; init; } = 3;

    /// <summary>Maximum speech span (first to last active frame, without trim margins).</summary>
    public double MaxSpeechSeconds { get; init; } = 60;

    /// <summary>RMS of the active frames after normalisation.</summary>
    public double TargetLoudnessDbfs { get; init; } = -20;

    /// <summary>Sample peak that normalisation never exceeds.</summary>
    public double PeakCeilingDbfs { get; init; } = -1;

    /// <summary>Largest allowed fraction of all samples (every channel counted) with |x| at or above <see cref="ClippingLevel"/>.</summary>
    public double MaxClippedFraction { get; init; } = 0.01;

    public double ClippingLevel { get; init; } = 0.999;

    /// <summary>A recording whose sample peak is below this is silent.</summary>
    public double SilencePeakDbfs { get; init; } = -50;

    /// <summary>A recording with no 30 ms frame whose RMS reaches this is silent.</summary>
    public double SilenceFrameRmsDbfs { get; init; } = -45;

    /// <summary>Frames quieter than this many dB below the speech level count as silence when trimming and measuring loudness.</summary>
    public double ActivityThresholdBelowSpeechDb { get; init; } = 35;

    /// <summary>Audio kept before the first and after the last active frame.</summary>
    public double TrimMarginSeconds { get; init; } = 0.15;
}
