using System.Numerics;

namespace CineCast.Audio;

/// <summary>
/// Band-limited sample-rate conversion by a rational factor: a Kaiser-windowed sinc low-pass evaluated in
/// polyphase form, so only the output samples are computed. The transition band ends at the lower of the two
/// Nyquist frequencies, which keeps aliases and images at least 80 dB down.
/// </summary>
public sealed class Resampler
{
    private const double StopbandAttenuationDb = 80;

    // Share of the lower Nyquist frequency passed unattenuated; the rest is the transition band.
    private const double PassbandFraction = 0.88;

    // Beyond this many phases (rates with a large coprime ratio) the nearest of these many phases is used;
    // the timing error of at most 1/2048 sample keeps the error below -70 dB for speech frequencies.
    private const int MaxPhaseCount = 1024;

    private readonly long upFactor;
    private readonly long downFactor;
    private readonly int phaseCount;
    private readonly int tapsPerPhase;
    private readonly float[] coefficients;

    public Resampler(int fromRate, int toRate)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(fromRate);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(toRate);
        FromRate = fromRate;
        ToRate = toRate;
        var divisor = (int)BigInteger.GreatestCommonDivisor(fromRate, toRate);
        upFactor = toRate / divisor;
        downFactor = fromRate / divisor;
        phaseCount = (int)Math.Min(upFactor, MaxPhaseCount);

        // Frequencies in cycles per input sample.
        var lowerNyquist = 0.5 * Math.Min(1.0, (double)toRate / fromRate);
        var transitionWidth = (1 - PassbandFraction) * lowerNyquist;
        var cutoff = lowerNyquist - (transitionWidth / 2);
        var halfTaps = (int)Math.Ceiling((StopbandAttenuationDb - 8) / (2.285 * 2 * Math.PI * transitionWidth) / 2);
        tapsPerPhase = 2 * halfTaps;
        coefficients = BuildCoefficients(phaseCount, halfTaps, cutoff);
    }

    public int FromRate { get; }

    public int ToRate { get; }

    /// <summary>Number of input samples each output sample is computed from.</summary>
    internal int TapsPerPhase => tapsPerPhase;

    public static float[] Resample(ReadOnlySpan<float> mono, int fromRate, int toRate) =>
        fromRate == toRate ? mono.ToArray() : new Resampler(fromRate, toRate).Process(mono);

    /// <summary>Number of output samples for <paramref name="inputLength"/> input samples.</summary>
    public long OutputLength(long inputLength) => ((inputLength * upFactor) + downFactor - 1) / downFactor;

    /// <summary>Resamples a whole signal; samples outside it are taken as silence.</summary>
    public float[] Process(ReadOnlySpan<float> mono)
    {
        var output = new float[OutputLength(mono.Length)];
        for (var n = 0; n < output.Length; n++)
        {
            var first = KernelFor(n, out var kernel);
            if (first >= 0 && first + tapsPerPhase <= mono.Length)
            {
                output[n] = Dot(mono.Slice((int)first, tapsPerPhase), kernel);
            }
            else
            {
                var start = (int)Math.Max(0, -first);
                var end = (int)Math.Min(tapsPerPhase, mono.Length - first);
                output[n] = start < end ? Dot(mono.Slice((int)first + start, end - start), kernel[start..end]) : 0;
            }
        }

        return output;
    }

    /// <summary>The kernel for output sample <paramref name="outputIndex"/>; returns the input index its first tap multiplies.</summary>
    internal long KernelFor(long outputIndex, out ReadOnlySpan<float> kernel)
    {
        var position = outputIndex * downFactor;
        var inputIndex = position / upFactor;
        var phase = (int)Math.Round((double)(position % upFactor) * phaseCount / upFactor);
        if (phase == phaseCount)
        {
            phase = 0;
            inputIndex++;
        }

        kernel = coefficients.AsSpan(phase * tapsPerPhase, tapsPerPhase);
        return inputIndex - (tapsPerPhase / 2) + 1;
    }

    private static float[] BuildCoefficients(int phaseCount, int halfTaps, double cutoff)
    {
        var taps = 2 * halfTaps;
        var beta = 0.1102 * (StopbandAttenuationDb - 8.7);
        var window = 1 / BesselI0(beta);
        var coefficients = new float[phaseCount * taps];
        for (var phase = 0; phase < phaseCount; phase++)
        {
            var kernel = coefficients.AsSpan(phase * taps, taps);
            var fraction = (double)phase / phaseCount;
            var sum = 0.0;
            for (var tap = 0; tap < taps; tap++)
            {
                // Distance in input samples from the output instant to the input sample this tap multiplies.
                var distance = fraction + halfTaps - 1 - tap;
                var relative = distance / halfTaps;
                var value = 2 * cutoff * Sinc(2 * cutoff * distance) * BesselI0(beta * Math.Sqrt(Math.Max(0, 1 - (relative * relative)))) * window;
                kernel[tap] = (float)value;
                sum += value;
            }

            // Unit gain at DC for every phase, so the interpolation adds no ripple to a constant.
            for (var tap = 0; tap < taps; tap++)
            {
                kernel[tap] = (float)(kernel[tap] / sum);
            }
        }

        return coefficients;
    }

    private static double Sinc(double x) => x == 0 ? 1 : Math.Sin(Math.PI * x) / (Math.PI * x);

    private static double BesselI0(double x)
    {
        double sum = 1, term = 1;
        for (var k = 1; term > 1e-12 * sum; k++)
        {
            var factor = x / (2 * k);
            term *= factor * factor;
            sum += term;
        }

        return sum;
    }

    internal static float Dot(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        var vectorSum = Vector<float>.Zero;
        var i = 0;
        for (; i <= a.Length - Vector<float>.Count; i += Vector<float>.Count)
        {
            vectorSum += new Vector<float>(a[i..]) * new Vector<float>(b[i..]);
        }

        var sum = Vector.Sum(vectorSum);
        for (; i < a.Length; i++)
        {
            sum += a[i] * b[i];
        }

        return sum;
    }
}
