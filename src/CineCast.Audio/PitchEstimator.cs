using System.Buffers;
using System.Numerics;

namespace CineCast.Audio;

/// <summary>
/// Fundamental frequency by YIN (de Cheveigné and Kawahara, 2002): cumulative-mean-normalised difference,
/// absolute threshold, parabolic refinement. 40 ms frames every 10 ms, searched between 50 and 500 Hz.
/// </summary>
public static class PitchEstimator
{
    public const double MinF0Hz = 50;
    public const double MaxF0Hz = 500;

    private const double FrameSeconds = 0.04;
    private const double HopSeconds = 0.01;
    private const double YinThreshold = 0.15;

    // Frames are analysed only when they stand out from the background (the 10th percentile of frame energy):
    // steady hum in pauses is periodic too and would pass as a 50 or 60 Hz voice. The gate is kept between
    // 20 and 40 dB below the loudest frame so that clips without pauses are still analysed.
    private const double BackgroundPercentile = 0.1;
    private const double AboveBackgroundDb = 12;
    private const double StrictestGateBelowLoudestDb = 20;
    private const double LoosestGateBelowLoudestDb = 40;

    // Pitch needs nothing above 8 kHz; analysing at 16 kHz keeps the quadratic difference function cheap.
    private const int MaxAnalysisRate = 16000;

    public static VoiceFacts Measure(ReadOnlySpan<float> mono, int sampleRate)
    {
        var f0s = VoicedFrameF0s(mono, sampleRate, out var frameCount);
        if (f0s.Count == 0)
        {
            return new VoiceFacts(null, null, 0);
        }

        var spread = 12 * Math.Log2(Percentile(f0s, 0.9) / Percentile(f0s, 0.1));
        return new VoiceFacts(Percentile(f0s, 0.5), spread, (double)f0s.Count / frameCount);
    }

    /// <summary>The F0 of every voiced frame in ascending order (empty when none is): the distribution <see cref="Measure"/> summarises.</summary>
    public static IReadOnlyList<double> VoicedFrameF0s(ReadOnlySpan<float> mono, int sampleRate) => VoicedFrameF0s(mono, sampleRate, out _);

    private static List<double> VoicedFrameF0s(ReadOnlySpan<float> mono, int sampleRate, out int frameCount)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(sampleRate);
        var rate = Math.Min(sampleRate, MaxAnalysisRate);
        var signal = Resampler.Resample(mono, sampleRate, rate);
        var window = (int)(FrameSeconds * rate);
        var hop = (int)(HopSeconds * rate);
        var maxLag = (int)Math.Ceiling(rate / MinF0Hz);
        var minLag = (int)Math.Floor(rate / MaxF0Hz);
        frameCount = signal.Length < window + maxLag ? 0 : ((signal.Length - window - maxLag) / hop) + 1;
        var f0s = new List<double>();
        if (frameCount == 0)
        {
            return f0s;
        }

        var energies = new double[frameCount];
        for (var frame = 0; frame < frameCount; frame++)
        {
            // Energy around the frame's mean, so a DC offset cannot lift pauses above the gate.
            var samples = signal.AsSpan(frame * hop, window);
            var sum = 0.0;
            foreach (var sample in samples)
            {
                sum += sample;
            }

            energies[frame] = Resampler.Dot(samples, samples) - (sum * sum / window);
        }

        var pauseEnergy = AnalysisGate(energies);
        var normalisedDifference = ArrayPool<float>.Shared.Rent(maxLag + 1);
        try
        {
            for (var frame = 0; frame < frameCount; frame++)
            {
                if (energies[frame] > pauseEnergy
                    && EstimatePeriod(signal.AsSpan(frame * hop, window + maxLag), window, minLag, maxLag, normalisedDifference) is { } period)
                {
                    f0s.Add(rate / period);
                }
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(normalisedDifference);
        }

        f0s.Sort();
        return f0s;
    }

    private static double AnalysisGate(double[] energies)
    {
        var sorted = energies.Order().ToList();
        var loudestDb = 10 * Math.Log10(sorted[^1]);
        var backgroundDb = 10 * Math.Log10(Percentile(sorted, BackgroundPercentile));
        var gateDb = Math.Clamp(backgroundDb + AboveBackgroundDb, loudestDb - LoosestGateBelowLoudestDb, loudestDb - StrictestGateBelowLoudestDb);
        return Math.Pow(10, gateDb / 10);
    }

    /// <summary>The period in samples (fractional), or null when the frame is not clearly periodic.</summary>
    private static double? EstimatePeriod(ReadOnlySpan<float> segment, int window, int minLag, int maxLag, float[] normalisedDifference)
    {
        var reference = segment[..window];
        normalisedDifference[0] = 1;
        var runningSum = 0.0;
        for (var lag = 1; lag <= maxLag; lag++)
        {
            var difference = SquaredDistance(reference, segment.Slice(lag, window));
            runningSum += difference;
            normalisedDifference[lag] = runningSum > 0 ? (float)(difference * lag / runningSum) : 1;
        }

        for (var lag = minLag; lag < maxLag; lag++)
        {
            if (normalisedDifference[lag] >= YinThreshold)
            {
                continue;
            }

            while (lag + 1 < maxLag && normalisedDifference[lag + 1] < normalisedDifference[lag])
            {
                lag++;
            }

            double before = normalisedDifference[lag - 1], at = normalisedDifference[lag], after = normalisedDifference[lag + 1];
            var curvature = before - (2 * at) + after;
            return curvature > 0 ? lag + ((before - after) / (2 * curvature)) : lag;
        }

        return null;
    }

    private static double SquaredDistance(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        var vectorSum = Vector<float>.Zero;
        var i = 0;
        for (; i <= a.Length - Vector<float>.Count; i += Vector<float>.Count)
        {
            var difference = new Vector<float>(a[i..]) - new Vector<float>(b[i..]);
            vectorSum += difference * difference;
        }

        double sum = Vector.Sum(vectorSum);
        for (; i < a.Length; i++)
        {
            sum += (a[i] - b[i]) * (a[i] - b[i]);
        }

        return sum;
    }

    /// <summary>Linear interpolation between the ranks of an ascending list.</summary>
    internal static double Percentile(IReadOnlyList<double> sorted, double fraction)
    {
        var position = fraction * (sorted.Count - 1);
        var lower = (int)position;
        var upper = Math.Min(lower + 1, sorted.Count - 1);
        return sorted[lower] + ((position - lower) * (sorted[upper] - sorted[lower]));
    }
}
