using System.Numerics;

namespace CineCast.Audio.Matching;

/// <summary>In-place iterative radix-2 FFT for the analysis and filter-design code (not the per-block path).</summary>
internal static class Fft
{
    public static void Forward(Span<Complex> data) => Transform(data, -1);

    /// <summary>Inverse transform including the 1/N scaling.</summary>
    public static void Inverse(Span<Complex> data)
    {
        Transform(data, 1);
        var scale = 1.0 / data.Length;
        foreach (ref var value in data)
        {
            value *= scale;
        }
    }

    public static int PowerOfTwoAtLeast(int length) => (int)BitOperations.RoundUpToPowerOf2((uint)Math.Max(1, length));

    private static void Transform(Span<Complex> data, int sign)
    {
        var length = data.Length;
        if (!BitOperations.IsPow2(length))
        {
            throw new ArgumentException("The FFT length must be a power of two.", nameof(data));
        }

        for (int i = 1, j = 0; i < length; i++)
        {
            var bit = length >> 1;
            for (; (j & bit) != 0; bit >>= 1)
            {
                j ^= bit;
            }

            j |= bit;
            if (i < j)
            {
                (data[i], data[j]) = (data[j], data[i]);
            }
        }

        for (var size = 2; size <= length; size <<= 1)
        {
            var step = Complex.FromPolarCoordinates(1, sign * 2 * Math.PI / size);
            for (var start = 0; start < length; start += size)
            {
                var twiddle = Complex.One;
                for (var k = 0; k < size / 2; k++)
                {
                    var even = data[start + k];
                    var odd = data[start + k + (size / 2)] * twiddle;
                    data[start + k] = even + odd;
                    data[start + k + (size / 2)] = even - odd;
                    twiddle *= step;
                }
            }
        }
    }
}
