namespace CineCast.Audio;

/// <summary>Frame levels, active-speech loudness and peaks: shared by clip preparation and the engines' output gain.</summary>
public static class SpeechLevel
{
    public const double FrameSeconds = 0.02;

    // The speech level is taken near the top of the loud frames, so a long pause cannot drag it down.
    private const double SpeechLevelPercentile = 0.95;

    /// <summary>RMS level in dBFS of each whole frame; a trailing partial frame is ignored.</summary>
    public static double[] FrameLevelsDb(ReadOnlySpan<float> signal, int frameLength)
    {
        var levels = new double[signal.Length / frameLength];
        for (var frame = 0; frame < levels.Length; frame++)
        {
            var samples = signal.Slice(frame * frameLength, frameLength);
            levels[frame] = 10 * Math.Log10(Resampler.Dot(samples, samples) / frameLength);
        }

        return levels;
    }

    /// <summary>The level below which a frame counts as a pause: <paramref name="belowSpeechDb"/> under the speech level; null when no frame is above the floor.</summary>
    public static double? ActivityThresholdDb(double[] levels, double silenceFloorDbfs, double belowSpeechDb)
    {
        var loud = levels.Where(level => level >= silenceFloorDbfs).Order().ToArray();
        return loud.Length == 0 ? null : loud[(int)(SpeechLevelPercentile * (loud.Length - 1))] - belowSpeechDb;
    }

    public static double ActiveMeanSquare(ReadOnlySpan<float> signal, int frameLength, double[] levels, double threshold)
    {
        var sum = 0.0;
        var activeFrames = 0;
        for (var frame = 0; frame < levels.Length; frame++)
        {
            if (levels[frame] >= threshold)
            {
                var samples = signal.Slice(frame * frameLength, frameLength);
                sum += Resampler.Dot(samples, samples);
                activeFrames++;
            }
        }

        return sum / ((double)activeFrames * frameLength);
    }

    public static float Peak(ReadOnlySpan<float> samples)
    {
        var peak = 0f;
        foreach (var sample in samples)
        {
            peak = Math.Max(peak, Math.Abs(sample));
        }

        return peak;
    }

    /// <summary>The gain that brings active speech to <paramref name="targetDbfs"/> without the peak passing <paramref name="ceilingDbfs"/>; 1 for silence.</summary>
    public static double NormalizingGain(ReadOnlySpan<float> signal, int sampleRate, double targetDbfs, double ceilingDbfs, double silenceFloorDbfs = -45, double belowSpeechDb = 35)
    {
        var frameLength = (int)(FrameSeconds * sampleRate);
        var levels = FrameLevelsDb(signal, frameLength);
        if (ActivityThresholdDb(levels, silenceFloorDbfs, belowSpeechDb) is not { } threshold)
        {
            return 1;
        }

        var activeRms = Math.Sqrt(ActiveMeanSquare(signal, frameLength, levels, threshold));
        return Math.Min(DbToAmplitude(targetDbfs) / activeRms, DbToAmplitude(ceilingDbfs) / Peak(signal));
    }

    public static double DbToAmplitude(double db) => Math.Pow(10, db / 20);

    public static double AmplitudeToDb(double amplitude) => 20 * Math.Log10(amplitude);
}
