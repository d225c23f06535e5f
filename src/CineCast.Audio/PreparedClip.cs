namespace CineCast.Audio;

/// <summary>A clone reference clip: trimmed, normalised mono audio at the target rate and what was measured on it.</summary>
public sealed record PreparedClip(
    float[] Samples,
    int SampleRate,
    double DurationSeconds,
    double LoudnessDbfs,
    double PeakDbfs,
    VoiceFacts Facts);
