namespace CineCast.Audio.Tests.Support;

/// <summary>Synthetic test signals and the measurements the tests make on them.</summary>
internal static class Signals
{
    public static float[] Sine(double frequency, int sampleRate, double seconds, double amplitude = 0.5) =>
        Generate(sampleRate, seconds, t => amplitude * Math.Sin(2 * Math.PI * frequency * t));

    /// <summary>A voice-like tone: the fundamental and four harmonics with falling amplitude.</summary>
    public static float[] HarmonicTone(double fundamental, int sampleRate, double seconds, double amplitude = 0.3) =>
        Generate(sampleRate, seconds, t => Enumerable.Range(1, 5).Sum(h => amplitude / h * Math.Sin(2 * Math.PI * fundamental * h * t)));

    public static float[] Noise(int sampleRate, double seconds, double rmsDbfs, int seed = 1)
    {
        var random = new Random(seed);
        var amplitude = Math.Pow(10, rmsDbfs / 20) * Math.Sqrt(3); // uniform noise: RMS = amplitude / sqrt(3)
        return Generate(sampleRate, seconds, _ => amplitude * ((2 * random.NextDouble()) - 1));
    }

    public static float[] Silence(int sampleRate, double seconds) => new float[(int)Math.Round(sampleRate * seconds)];

    public static float[] Concat(params float[][] parts) => parts.SelectMany(part => part).ToArray();

    public static float[] Interleave(params float[][] channels) =>
        Enumerable.Range(0, channels[0].Length).SelectMany(frame => channels.Select(channel => channel[frame])).ToArray();

    public static double RmsDb(ReadOnlySpan<float> samples)
    {
        var sum = 0.0;
        foreach (var sample in samples)
        {
            sum += sample * (double)sample;
        }

        return 10 * Math.Log10(sum / samples.Length);
    }

    public static double PeakDb(ReadOnlySpan<float> samples)
    {
        var peak = 0f;
        foreach (var sample in samples)
        {
            peak = Math.Max(peak, Math.Abs(sample));
        }

        return 20 * Math.Log10(peak);
    }

    /// <summary>Frequency from the interpolated times of the first and last upward zero crossing.</summary>
    public static double ZeroCrossingFrequency(ReadOnlySpan<float> samples, int sampleRate)
    {
        double first = -1, last = -1;
        var crossings = 0;
        for (var i = 1; i < samples.Length; i++)
        {
            if (samples[i - 1] < 0 && samples[i] >= 0)
            {
                var time = i - 1 + (samples[i - 1] / (samples[i - 1] - samples[i]));
                first = first < 0 ? time : first;
                last = time;
                crossings++;
            }
        }

        return (crossings - 1) * sampleRate / (last - first);
    }

    /// <summary>Amplitude of one frequency component (single-bin DFT over a Hann window).</summary>
    public static double ComponentDb(ReadOnlySpan<float> samples, int sampleRate, double frequency)
    {
        double real = 0, imaginary = 0, windowSum = 0;
        for (var i = 0; i < samples.Length; i++)
        {
            var window = 0.5 - (0.5 * Math.Cos(2 * Math.PI * i / (samples.Length - 1)));
            var phase = 2 * Math.PI * frequency * i / sampleRate;
            real += samples[i] * window * Math.Cos(phase);
            imaginary -= samples[i] * window * Math.Sin(phase);
            windowSum += window;
        }

        return 20 * Math.Log10(2 * Math.Sqrt((real * real) + (imaginary * imaginary)) / windowSum);
    }

    private static float[] Generate(int sampleRate, double seconds, Func<double, double> value)
    {
        var samples = new float[(int)Math.Round(sampleRate * seconds)];
        for (var i = 0; i < samples.Length; i++)
        {
            samples[i] = (float)value((double)i / sampleRate);
        }

        return samples;
    }
}
