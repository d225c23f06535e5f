namespace CineCast.Audio.Matching;

/// <summary>Measures a reference clip for voice matching.</summary>
public static class VoiceMatchAnalyzer
{
    public static VoiceMatchProfile Analyze(ReadOnlySpan<float> mono, int sampleRate)
    {
        var f0s = PitchEstimator.VoicedFrameF0s(mono, sampleRate);
        double? median = null, spread = null, p10 = null, p90 = null;
        if (f0s.Count > 0)
        {
            median = PitchEstimator.Percentile(f0s, 0.5);
            p10 = PitchEstimator.Percentile(f0s, 0.1);
            p90 = PitchEstimator.Percentile(f0s, 0.9);
            spread = 12 * Math.Log2(p90.Value / p10.Value);
        }

        return new VoiceMatchProfile(
            median,
            spread,
            p10,
            p90,
            SpeakingRate.SyllablesPerSecond(mono, sampleRate),
            FormantScale.MeanFormantSpacingHz(mono, sampleRate),
            LongTermSpectrum.BandLevelsDb(mono, sampleRate));
    }
}
