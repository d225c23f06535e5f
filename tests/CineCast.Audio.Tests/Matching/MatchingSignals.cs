using System.Numerics;
using CineCast.Audio.Matching;
using CineCast.Audio.Tests.Support;

namespace CineCast.Audio.Tests.Matching;

/// <summary>Test signals for the voice-matching measures.</summary>
internal static class MatchingSignals
{
    /// <summary>Noise shaped to fall 3 dB per octave, so every 1/3-octave band holds the same energy.</summary>
    public static float[] PinkNoise(int sampleRate, int length, int seed = 1)
    {
        var spectrum = new Complex[Fft.PowerOfTwoAtLeast(length)];
        var white = Signals.Noise(sampleRate, (double)spectrum.Length / sampleRate, -20, seed);
        for (var i = 0; i < spectrum.Length; i++)
        {
            spectrum[i] = i < white.Length ? white[i] : 0;
        }

        Fft.Forward(spectrum);
        spectrum[0] = 0;
        for (var bin = 1; bin < spectrum.Length; bin++)
        {
            spectrum[bin] /= Math.Sqrt(Math.Min(bin, spectrum.Length - bin));
        }

        Fft.Inverse(spectrum);
        var peak = 0.0;
        foreach (var value in spectrum)
        {
            peak = Math.Max(peak, Math.Abs(value.Real));
        }

        var pink = new float[length];
        for (var i = 0; i < length; i++)
        {
            pink[i] = (float)(0.5 * spectrum[i].Real / peak);
        }

        return pink;
    }

    /// <summary>Noise whose level rises and falls fully <paramref name="ratePerSecond"/> times a second, like syllables.</summary>
    public static float[] SyllableModulatedNoise(double ratePerSecond, int sampleRate, double seconds)
    {
        var noise = Signals.Noise(sampleRate, seconds, -15, seed: 7);
        for (var i = 0; i < noise.Length; i++)
        {
            noise[i] *= (float)(0.5 - (0.5 * Math.Cos(2 * Math.PI * ratePerSecond * i / sampleRate)));
        }

        return noise;
    }

    /// <summary>
    /// An impulse train with a falling source spectrum through four resonators tuned like a uniform tube,
    /// F_i = (i - ½) × spacing.
    /// </summary>
    public static float[] TubeVowel(double formantSpacingHz, double fundamentalHz, int sampleRate, double seconds)
    {
        var signal = new double[(int)(sampleRate * seconds)];
        var period = (int)Math.Round(sampleRate / fundamentalHz);
        var source = 0.0;
        for (var i = 0; i < signal.Length; i++)
        {
            source = (0.9 * source) + (i % period == 0 ? 1 : 0);
            signal[i] = source;
        }

        for (var formant = 1; formant <= 4; formant++)
        {
            var radius = Math.Exp(-Math.PI * (60 + (20 * formant)) / sampleRate);
            var angle = 2 * Math.PI * (formant - 0.5) * formantSpacingHz / sampleRate;
            double previous = 0, beforePrevious = 0;
            for (var i = 0; i < signal.Length; i++)
            {
                var output = signal[i] + (2 * radius * Math.Cos(angle) * previous) - (radius * radius * beforePrevious);
                beforePrevious = previous;
                previous = output;
                signal[i] = output;
            }
        }

        var peak = signal.Max(Math.Abs);
        return signal.Select(value => (float)(0.5 * value / peak)).ToArray();
    }

    public static float[] Filter(float[] taps, float[] signal)
    {
        var fir = new StreamingFir(taps);
        var output = new float[signal.Length + fir.LatencySamples];
        fir.Process(signal, output.AsSpan(0, signal.Length));
        fir.Flush(output.AsSpan(signal.Length));
        return output[fir.LatencySamples..];
    }

    public static PcmAudio Clip(string file) => Fixtures.Decode(Fixtures.SharedBytes(file));
}
