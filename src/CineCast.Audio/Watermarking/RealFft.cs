namespace CineCast.Audio.Watermarking;

/// <summary>
/// A real-input FFT of one fixed power-of-two length, for per-frame work: twiddles and the bit-reversal order are
/// computed once, a transform allocates nothing. The real signal is packed as a complex one of half the length
/// (even samples real, odd samples imaginary) and unpacked after, which halves the work.
/// </summary>
public sealed class RealFft
{
    private readonly int half;
    private readonly int[] reversed;
    private readonly float[] cos;
    private readonly float[] sin;
    private readonly float[] unpackCos;
    private readonly float[] unpackSin;
    private readonly float[] re;
    private readonly float[] im;

    public RealFft(int length)
    {
        if (length < 4 || (length & (length - 1)) != 0)
        {
            throw new ArgumentException("The FFT length must be a power of two of at least 4.", nameof(length));
        }
        Length = length;
        half = length / 2;
        reversed = new int[half];
        for (int i = 1, j = 0; i < half; i++)
        {
            var bit = half >> 1;
            for (; (j & bit) != 0; bit >>= 1)
            {
                j ^= bit;
            }
            j |= bit;
            reversed[i] = j;
        }
        (cos, sin) = (new float[half / 2], new float[half / 2]);
        for (var k = 0; k < half / 2; k++)
        {
            cos[k] = (float)Math.Cos(2 * Math.PI * k / half);
            sin[k] = (float)-Math.Sin(2 * Math.PI * k / half);
        }
        (unpackCos, unpackSin) = (new float[half + 1], new float[half + 1]);
        for (var k = 0; k <= half; k++)
        {
            unpackCos[k] = (float)Math.Cos(2 * Math.PI * k / length);
            unpackSin[k] = (float)-Math.Sin(2 * Math.PI * k / length);
        }
        (re, im) = (new float[half], new float[half]);
    }

    public int Length { get; }

    /// <summary>The spectrum's bins 0 … Length/2 (Length/2 + 1 of them) of <paramref name="signal"/>.</summary>
    public void Forward(ReadOnlySpan<float> signal, Span<float> real, Span<float> imaginary)
    {
        for (var n = 0; n < half; n++)
        {
            var at = reversed[n];
            re[at] = signal[2 * n];
            im[at] = signal[(2 * n) + 1];
        }
        Butterflies(re, im);
        real[0] = re[0] + im[0];
        imaginary[0] = 0;
        real[half] = re[0] - im[0];
        imaginary[half] = 0;
        for (var k = 1; k < half; k++)
        {
            // Even and odd samples' spectra from the packed one, then combined with the length-N twiddle.
            float zr = re[k], zi = im[k], cr = re[half - k], ci = -im[half - k];
            float evenR = 0.5f * (zr + cr), evenI = 0.5f * (zi + ci);
            float oddR = 0.5f * (zi - ci), oddI = -0.5f * (zr - cr);
            float wr = unpackCos[k], wi = unpackSin[k];
            real[k] = evenR + (wr * oddR) - (wi * oddI);
            imaginary[k] = evenI + (wr * oddI) + (wi * oddR);
        }
    }

    /// <summary>The real signal whose bins 0 … Length/2 are given (the inverse of <see cref="Forward"/>, scaled).</summary>
    public void Inverse(ReadOnlySpan<float> real, ReadOnlySpan<float> imaginary, Span<float> signal)
    {
        for (var k = 0; k < half; k++)
        {
            float xr = real[k], xi = imaginary[k], cr = real[half - k], ci = -imaginary[half - k];
            float evenR = 0.5f * (xr + cr), evenI = 0.5f * (xi + ci);
            float diffR = 0.5f * (xr - cr), diffI = 0.5f * (xi - ci);
            // Odd = diff / w, with |w| = 1: multiply by conj(w).
            float wr = unpackCos[k], wi = -unpackSin[k];
            float oddR = (diffR * wr) - (diffI * wi), oddI = (diffR * wi) + (diffI * wr);
            // Packed Z = even + i·odd, conjugated so the forward butterflies compute the inverse.
            var at = reversed[k];
            re[at] = evenR - oddI;
            im[at] = -(evenI + oddR);
        }
        Butterflies(re, im);
        var scale = 1f / half;
        for (var n = 0; n < half; n++)
        {
            signal[2 * n] = re[n] * scale;
            signal[(2 * n) + 1] = -im[n] * scale;
        }
    }

    /// <summary>In-place radix-2 decimation in time on input already in bit-reversed order.</summary>
    private void Butterflies(float[] re, float[] im)
    {
        for (var size = 2; size <= half; size <<= 1)
        {
            var span = size / 2;
            var stride = half / size;
            for (var start = 0; start < half; start += size)
            {
                for (var k = 0; k < span; k++)
                {
                    float wr = cos[k * stride], wi = sin[k * stride];
                    int a = start + k, b = a + span;
                    float tr = (re[b] * wr) - (im[b] * wi), ti = (re[b] * wi) + (im[b] * wr);
                    re[b] = re[a] - tr;
                    im[b] = im[a] - ti;
                    re[a] += tr;
                    im[a] += ti;
                }
            }
        }
    }
}
