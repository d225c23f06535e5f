using System.Numerics;

namespace CineCast.Audio.Matching;

/// <summary>
/// Vocal-tract length proxy: the formant spacing ΔF of a uniform tube closed at the glottis, fitted per voiced
/// frame to the first four LPC formants (F_i ≈ (i - ½) ΔF, least squares through the origin) and aggregated by the
/// median. A longer tract gives a smaller spacing; the ratio of two voices' spacings is the formant shift between them.
/// </summary>
public static class FormantScale
{
    // Four formants of any adult voice lie below 5.5 kHz; a fixed analysis band keeps two voices comparable.
    private const int AnalysisRate = 11000;
    private const int LpcOrder = 12;
    private const double FrameSeconds = 0.025;
    private const double HopSeconds = 0.01;
    private const double PreEmphasis = 0.97;

    // Voiced frames: within this range of the loud frames, and dominated by low frequencies (first autocorrelation
    // coefficient), which leaves out pauses and fricatives.
    private const double VoicedRangeDb = 20;
    private const double LoudFramePercentile = 0.95;
    private const double MinLowFrequencyCorrelation = 0.6;

    // Poles this wide or this low are spectral tilt or the glottal source, not vocal-tract resonances.
    private const double MaxFormantBandwidthHz = 500;
    private const double MinFormantHz = 150;
    private const int FittedFormants = 4;
    private const int MinVoicedFrames = 5;
    private const int MaxRootIterations = 500;

    /// <summary>The median formant spacing in Hz, or null when fewer than a handful of frames show four formants.</summary>
    public static double? MeanFormantSpacingHz(ReadOnlySpan<float> mono, int sampleRate)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(sampleRate);
        var signal = Resampler.Resample(mono, sampleRate, AnalysisRate);
        var frameLength = (int)(FrameSeconds * AnalysisRate);
        var hop = (int)(HopSeconds * AnalysisRate);
        var frameCount = signal.Length < frameLength ? 0 : ((signal.Length - frameLength) / hop) + 1;
        if (frameCount == 0)
        {
            return null;
        }

        var energies = new double[frameCount];
        for (var frame = 0; frame < frameCount; frame++)
        {
            var samples = signal.AsSpan(frame * hop, frameLength);
            energies[frame] = Resampler.Dot(samples, samples);
        }

        var sorted = (double[])energies.Clone();
        Array.Sort(sorted);
        var voicedEnergy = sorted[(int)(LoudFramePercentile * (frameCount - 1))] * Math.Pow(10, -VoicedRangeDb / 10);

        var spacings = new List<double>();
        var frameBuffer = new double[frameLength];
        var formants = new List<double>();
        for (var frame = 0; frame < frameCount; frame++)
        {
            if (energies[frame] < voicedEnergy || energies[frame] == 0)
            {
                continue;
            }

            var samples = signal.AsSpan(frame * hop, frameLength);
            if (Autocorrelation(samples, 1) / Autocorrelation(samples, 0) < MinLowFrequencyCorrelation)
            {
                continue;
            }

            for (var i = 0; i < frameLength; i++)
            {
                var previous = i == 0 ? 0 : samples[i - 1];
                var hamming = 0.54 - (0.46 * Math.Cos(2 * Math.PI * i / (frameLength - 1)));
                frameBuffer[i] = (samples[i] - (PreEmphasis * previous)) * hamming;
            }

            Formants(frameBuffer, formants);
            if (formants.Count >= FittedFormants)
            {
                spacings.Add(TubeSpacing(formants));
            }
        }

        if (spacings.Count < MinVoicedFrames)
        {
            return null;
        }

        spacings.Sort();
        return spacings[spacings.Count / 2];
    }

    private static double Autocorrelation(ReadOnlySpan<float> samples, int lag) => Resampler.Dot(samples[lag..], samples[..^lag]);

    /// <summary>Resonance frequencies (ascending) of the frame's LPC all-pole model.</summary>
    private static void Formants(double[] frame, List<double> formants)
    {
        formants.Clear();
        var predictor = LinearPrediction(frame);
        if (predictor is null)
        {
            return;
        }

        foreach (var root in PolynomialRoots(predictor))
        {
            if (root.Imaginary <= 0)
            {
                continue;
            }

            var frequency = root.Phase * AnalysisRate / (2 * Math.PI);
            var bandwidth = -Math.Log(root.Magnitude) * AnalysisRate / Math.PI;
            if (frequency > MinFormantHz && bandwidth < MaxFormantBandwidthHz)
            {
                formants.Add(frequency);
            }
        }

        formants.Sort();
    }

    /// <summary>Least-squares ΔF for F_i = (i - ½) ΔF over the first four formants.</summary>
    private static double TubeSpacing(List<double> formants)
    {
        double weighted = 0, norm = 0;
        for (var i = 0; i < FittedFormants; i++)
        {
            var order = i + 0.5;
            weighted += order * formants[i];
            norm += order * order;
        }

        return weighted / norm;
    }

    /// <summary>Levinson-Durbin on the autocorrelation: A(z) = 1 + a1 z^-1 + ... (null for a degenerate frame).</summary>
    private static double[]? LinearPrediction(double[] frame)
    {
        var correlation = new double[LpcOrder + 1];
        for (var lag = 0; lag <= LpcOrder; lag++)
        {
            for (var i = lag; i < frame.Length; i++)
            {
                correlation[lag] += frame[i] * frame[i - lag];
            }
        }

        if (correlation[0] <= 0)
        {
            return null;
        }

        var coefficients = new double[LpcOrder + 1];
        var previous = new double[LpcOrder + 1];
        coefficients[0] = 1;
        var error = correlation[0];
        for (var order = 1; order <= LpcOrder; order++)
        {
            var accumulated = correlation[order];
            for (var j = 1; j < order; j++)
            {
                accumulated += coefficients[j] * correlation[order - j];
            }

            var reflection = -accumulated / error;
            coefficients.CopyTo(previous, 0);
            for (var j = 1; j < order; j++)
            {
                coefficients[j] = previous[j] + (reflection * previous[order - j]);
            }

            coefficients[order] = reflection;
            error *= 1 - (reflection * reflection);
            if (error <= 0)
            {
                return null;
            }
        }

        return coefficients;
    }

    /// <summary>Roots of z^p + c1 z^(p-1) + ... + cp by Durand-Kerner iteration.</summary>
    private static Complex[] PolynomialRoots(double[] coefficients)
    {
        var degree = coefficients.Length - 1;
        var roots = new Complex[degree];
        var seed = new Complex(0.4, 0.9);
        for (var i = 0; i < degree; i++)
        {
            roots[i] = Complex.Pow(seed, i);
        }

        for (var iteration = 0; iteration < MaxRootIterations; iteration++)
        {
            var largestStep = 0.0;
            for (var i = 0; i < degree; i++)
            {
                var value = Complex.One;
                var product = Complex.One;
                for (var k = 1; k <= degree; k++)
                {
                    value = (value * roots[i]) + coefficients[k];
                }

                for (var j = 0; j < degree; j++)
                {
                    if (j != i)
                    {
                        product *= roots[i] - roots[j];
                    }
                }

                var step = value / product;
                roots[i] -= step;
                largestStep = Math.Max(largestStep, step.Magnitude);
            }

            if (largestStep < 1e-10)
            {
                break;
            }
        }

        return roots;
    }
}
