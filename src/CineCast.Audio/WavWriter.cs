using System.Buffers;
using System.Buffers.Binary;

namespace CineCast.Audio;

/// <summary>Writes mono 16-bit PCM WAV with the canonical 44-byte header.</summary>
public static class WavWriter
{
    private const int BlockSamples = 4096;

    /// <summary>Samples are clamped to [-1, 1] and rounded to the nearest 16-bit value (no dither); NaN becomes 0.</summary>
    public static void WritePcm16(Stream output, ReadOnlySpan<float> monoSamples, int sampleRate)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(sampleRate);
        var dataLength = 2L * monoSamples.Length;
        if (dataLength > uint.MaxValue - (PcmWavHeader.Length - 8))
        {
            throw new ArgumentException("Too many samples for a WAV file.", nameof(monoSamples));
        }

        Span<byte> header = stackalloc byte[PcmWavHeader.Length];
        PcmWavHeader.Write(header, new NAudio.Wave.WaveFormat(sampleRate, 16, 1), (uint)dataLength);
        output.Write(header);

        var bytes = ArrayPool<byte>.Shared.Rent(2 * BlockSamples);
        try
        {
            for (var offset = 0; offset < monoSamples.Length; offset += BlockSamples)
            {
                var block = monoSamples.Slice(offset, Math.Min(BlockSamples, monoSamples.Length - offset));
                for (var i = 0; i < block.Length; i++)
                {
                    var sample = float.IsNaN(block[i]) ? 0 : Math.Clamp(block[i], -1f, 1f);
                    BinaryPrimitives.WriteInt16LittleEndian(bytes.AsSpan(2 * i), (short)MathF.Round(sample * short.MaxValue));
                }

                output.Write(bytes, 0, 2 * block.Length);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(bytes);
        }
    }
}
