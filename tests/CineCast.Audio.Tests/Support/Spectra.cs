using CineCast.Audio.Watermarking;

namespace CineCast.Audio.Tests.Support;

/// <summary>Measures of what a change does to audio, shared by the tests and the benchmark.</summary>
public static class Spectra
{
    /// <summary>Mean power in third-octave bands from 100 Hz to 10 kHz over the whole clip, in dB (Hann-windowed 2,048-point frames, half overlapped).</summary>
    public static double[] ThirdOctaveLevels(float[] audio, int sampleRate)
    {
        const int size = 2048;
        var fft = new RealFft(size);
        var (frame, real, imaginary) = (new float[size], new float[(size / 2) + 1], new float[(size / 2) + 1]);
        var power = new double[(size / 2) + 1];
        for (var start = 0; start + size <= audio.Length; start += size / 2)
        {
            for (var i = 0; i < size; i++)
            {
                frame[i] = audio[start + i] * (float)(0.5 - (0.5 * Math.Cos(2 * Math.PI * i / size)));
            }
            fft.Forward(frame, real, imaginary);
            for (var k = 0; k < power.Length; k++)
            {
                power[k] += (real[k] * real[k]) + (imaginary[k] * imaginary[k]);
            }
        }
        return Enumerable.Range(0, 21).Select(i => 100 * Math.Pow(2, i / 3.0)).Select(centre =>
        {
            var (low, high) = ((int)(centre * Math.Pow(2, -1 / 6.0) * size / sampleRate), (int)Math.Ceiling(centre * Math.Pow(2, 1 / 6.0) * size / sampleRate));
            return 10 * Math.Log10(power[low..(high + 1)].Sum() + 1e-12);
        }).ToArray();
    }
}
