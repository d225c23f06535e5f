using System.Numerics;

namespace CineCast.Audio.Matching;

/// <summary>
/// Long-term average spectrum in 1/3-octave bands: power summed over the active frames, as dB relative to the
/// mean across bands, so that two recordings compare by spectral shape rather than loudness.
/// </summary>
public static class LongTermSpectrum
{
    // The 100 Hz band is 23 Hz wide; bins no wider than this put several bins in it.
    private const double MaxBinWidthHz = 6;

    // Frames more than this far below the loud frames (the 95th percentile) are pauses: their hum and room noise
    // would otherwise count as the voice's spectrum.
    private const double ActiveRangeDb = 30;
    private const double LoudFramePercentile = 0.95;

    // Bands with no energy (beyond the Nyquist frequency) sit this far below the loudest band instead of at -infinity.
    private const double EmptyBandFloorDb = -100;

    private static readonly double[] NominalCentersHz =
        [100, 125, 160, 200, 250, 315, 400, 500, 630, 800, 1000, 1250, 1600, 2000, 2500, 3150, 4000, 5000, 6300, 8000];

    /// <summary>ISO 1/3-octave nominal centre frequencies, 100 Hz to 8 kHz.</summary>
    public static IReadOnlyList<double> BandCentersHz { get; } = Array.AsReadOnly(NominalCentersHz);

    public static int BandCount => NominalCentersHz.Length;

    /// <summary>Band levels in dB with their mean across bands removed (all zero for silence).</summary>
    public static double[] BandLevelsDb(ReadOnlySpan<float> mono, int sampleRate)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(sampleRate);
        var frameLength = Fft.PowerOfTwoAtLeast((int)Math.Ceiling(sampleRate / MaxBinWidthHz));
        var power = AveragePowerSpectrum(mono, frameLength);
        var levels = new double[BandCount];
        var binWidth = (double)sampleRate / frameLength;
        for (var band = 0; band < levels.Length; band++)
        {
            var lowerBin = (int)Math.Ceiling(LowerEdgeHz(band) / binWidth);
            var upperBin = Math.Min((int)Math.Ceiling(UpperEdgeHz(band) / binWidth), power.Length);
            var energy = 0.0;
            for (var bin = lowerBin; bin < upperBin; bin++)
            {
                energy += power[bin];
            }

            levels[band] = energy;
        }

        var loudest = levels.Max();
        if (loudest <= 0)
        {
            return new double[BandCount];
        }

        for (var band = 0; band < levels.Length; band++)
        {
            levels[band] = 10 * Math.Log10(Math.Max(levels[band], loudest * Math.Pow(10, EmptyBandFloorDb / 10)));
        }

        RemoveMean(levels);
        return levels;
    }

    /// <summary>RMS difference in dB between two band-level vectors, after removing any difference in their means.</summary>
    public static double Distance(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        if (a.Length != b.Length || a.IsEmpty)
        {
            throw new ArgumentException("Both band-level vectors need the same, non-zero length.", nameof(b));
        }

        double sum = 0, sumOfSquares = 0;
        for (var i = 0; i < a.Length; i++)
        {
            var difference = a[i] - b[i];
            sum += difference;
            sumOfSquares += difference * difference;
        }

        var mean = sum / a.Length;
        return Math.Sqrt(Math.Max(0, (sumOfSquares / a.Length) - (mean * mean)));
    }

    /// <summary>Exact base-2 centre of a band: 1 kHz times 2^(k/3).</summary>
    internal static double ExactCenterHz(int band) => 1000 * Math.Pow(2, (band - 10) / 3.0);

    internal static void RemoveMean(Span<double> values)
    {
        var mean = 0.0;
        foreach (var value in values)
        {
            mean += value / values.Length;
        }

        foreach (ref var value in values)
        {
            value -= mean;
        }
    }

    private static double LowerEdgeHz(int band) => ExactCenterHz(band) * Math.Pow(2, -1 / 6.0);

    private static double UpperEdgeHz(int band) => ExactCenterHz(band) * Math.Pow(2, 1 / 6.0);

    /// <summary>Hann-windowed power spectrum (bins 0..N/2) summed over the active half-overlapping frames.</summary>
    private static double[] AveragePowerSpectrum(ReadOnlySpan<float> mono, int frameLength)
    {
        var hop = frameLength / 2;
        var frameCount = mono.Length <= frameLength ? 1 : ((mono.Length - frameLength + hop - 1) / hop) + 1;
        var energies = new double[frameCount];
        for (var frame = 0; frame < frameCount; frame++)
        {
            var samples = FrameSamples(mono, frame * hop, frameLength);
            energies[frame] = Resampler.Dot(samples, samples);
        }

        var sorted = (double[])energies.Clone();
        Array.Sort(sorted);
        var gate = sorted[(int)(LoudFramePercentile * (frameCount - 1))] * Math.Pow(10, -ActiveRangeDb / 10);
        var power = new double[(frameLength / 2) + 1];
        var spectrum = new Complex[frameLength];
        for (var frame = 0; frame < frameCount; frame++)
        {
            if (energies[frame] <= gate || energies[frame] == 0)
            {
                continue;
            }

            var samples = FrameSamples(mono, frame * hop, frameLength);
            spectrum.AsSpan().Clear();
            for (var i = 0; i < samples.Length; i++)
            {
                spectrum[i] = samples[i] * (0.5 - (0.5 * Math.Cos(2 * Math.PI * i / frameLength)));
            }

            Fft.Forward(spectrum);
            for (var bin = 0; bin < power.Length; bin++)
            {
                power[bin] += (spectrum[bin].Real * spectrum[bin].Real) + (spectrum[bin].Imaginary * spectrum[bin].Imaginary);
            }
        }

        return power;
    }

    private static ReadOnlySpan<float> FrameSamples(ReadOnlySpan<float> mono, int start, int frameLength) =>
        mono.Slice(start, Math.Min(frameLength, mono.Length - start));
}
