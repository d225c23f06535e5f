using System.Numerics;

namespace CineCast.Audio.Matching;

/// <summary>
/// Linear-phase FIR equaliser from one gain per <see cref="LongTermSpectrum"/> band, by frequency sampling with a
/// Hann window. Linear phase keeps the waveform's shape (no band-dependent delay smearing plosives), the design
/// is a plain inverse FFT, and the fixed delay (about 42 ms at 24 kHz) is negligible next to synthesis time.
/// </summary>
public static class EqualizerDesign
{
    // The Hann main lobe (half width 2 fs / N) must resolve neighbouring bands at the low end, 100 to 125 Hz.
    private const double LowestBandResolutionHz = 24;

    // The frequency grid is this many times denser than the taps, so the sampled response is smooth between points.
    private const int GridOversampling = 8;

    /// <summary>
    /// FIR taps (odd count, symmetric) whose response follows <see cref="TargetGainsDb"/>: interpolated linearly over
    /// log frequency between band centres and held beyond the outermost bands.
    /// </summary>
    public static float[] Design(ReadOnlySpan<double> bandGainsDb, int sampleRate, double maxGainDb = 12)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(sampleRate);
        var target = TargetGainsDb(bandGainsDb, maxGainDb);
        var tapCount = TapCount(sampleRate);
        var gridLength = Fft.PowerOfTwoAtLeast(GridOversampling * tapCount);
        var response = new Complex[gridLength];
        for (var bin = 0; bin <= gridLength / 2; bin++)
        {
            var gain = Math.Pow(10, InterpolateDb(target, (double)bin * sampleRate / gridLength) / 20);
            response[bin] = gain;
            response[(gridLength - bin) % gridLength] = gain;
        }

        // A real, even response gives a real impulse response centred on sample 0 (wrapping around).
        Fft.Inverse(response);
        var half = tapCount / 2;
        var taps = new float[tapCount];
        for (var i = 0; i < tapCount; i++)
        {
            var window = 0.5 - (0.5 * Math.Cos(2 * Math.PI * (i + 1) / (tapCount + 1)));
            taps[i] = (float)(response[(i - half + gridLength) % gridLength].Real * window);
        }

        return taps;
    }

    /// <summary>
    /// The per-band gains the equaliser realises: centred on 0 dB (it changes the spectrum's shape, not the level,
    /// which the engine normalises), clamped to ±<paramref name="maxGainDb"/>, then smoothed over neighbouring
    /// bands, because single-band differences between two recordings mostly reflect what was said, not the voice.
    /// </summary>
    public static double[] TargetGainsDb(ReadOnlySpan<double> bandGainsDb, double maxGainDb = 12)
    {
        if (bandGainsDb.Length != LongTermSpectrum.BandCount)
        {
            throw new ArgumentException($"One gain per band ({LongTermSpectrum.BandCount}) is needed.", nameof(bandGainsDb));
        }

        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxGainDb);
        var clamped = bandGainsDb.ToArray();
        LongTermSpectrum.RemoveMean(clamped);
        for (var band = 0; band < clamped.Length; band++)
        {
            clamped[band] = Math.Clamp(clamped[band], -maxGainDb, maxGainDb);
        }

        var smoothed = new double[clamped.Length];
        for (var band = 0; band < clamped.Length; band++)
        {
            var below = clamped[Math.Max(band - 1, 0)];
            var above = clamped[Math.Min(band + 1, clamped.Length - 1)];
            smoothed[band] = (0.25 * below) + (0.5 * clamped[band]) + (0.25 * above);
        }

        return smoothed;
    }

    /// <summary>The odd tap count that resolves the lowest bands at this rate (2,001 at 24 kHz).</summary>
    public static int TapCount(int sampleRate) => (2 * (int)Math.Ceiling(sampleRate / LowestBandResolutionHz)) + 1;

    private static double InterpolateDb(double[] bandGainsDb, double frequencyHz)
    {
        var position = frequencyHz <= 0 ? 0 : (3 * Math.Log2(frequencyHz / LongTermSpectrum.ExactCenterHz(0)));
        if (position <= 0)
        {
            return bandGainsDb[0];
        }

        var lower = (int)position;
        if (lower >= bandGainsDb.Length - 1)
        {
            return bandGainsDb[^1];
        }

        var fraction = position - lower;
        return ((1 - fraction) * bandGainsDb[lower]) + (fraction * bandGainsDb[lower + 1]);
    }
}
