using System.Buffers.Binary;
using NAudio.Wave;

namespace CineCast.Audio;

/// <summary>
/// The canonical 44-byte header of 16-bit PCM WAV, for the format NAudio describes. Written here rather than by
/// NAudio's <c>WaveFileWriter</c>: a streamed response goes out before its length is known (NAudio seeks back to
/// patch the sizes, which a network stream cannot), and the older API's scripts skip exactly 44 bytes.
/// </summary>
public static class PcmWavHeader
{
    public const int Length = 44;

    /// <summary>What a player that reads as it receives takes as "until the stream ends".</summary>
    public const uint UnknownSize = uint.MaxValue;

    public static void Write(Span<byte> header, WaveFormat format, uint dataBytes)
    {
        ArgumentNullException.ThrowIfNull(format);
        if (format.Encoding != WaveFormatEncoding.Pcm || format.BitsPerSample != 16)
        {
            throw new ArgumentException($"Only 16-bit PCM is written, not {format}.", nameof(format));
        }
        "RIFF"u8.CopyTo(header);
        BinaryPrimitives.WriteUInt32LittleEndian(header[4..], dataBytes == UnknownSize ? UnknownSize : dataBytes + Length - 8);
        "WAVEfmt "u8.CopyTo(header[8..]);
        BinaryPrimitives.WriteInt32LittleEndian(header[16..], 16);
        BinaryPrimitives.WriteInt16LittleEndian(header[20..], (short)format.Encoding);
        BinaryPrimitives.WriteInt16LittleEndian(header[22..], (short)format.Channels);
        BinaryPrimitives.WriteInt32LittleEndian(header[24..], format.SampleRate);
        BinaryPrimitives.WriteInt32LittleEndian(header[28..], format.AverageBytesPerSecond);
        BinaryPrimitives.WriteInt16LittleEndian(header[32..], (short)format.BlockAlign);
        BinaryPrimitives.WriteInt16LittleEndian(header[34..], (short)format.BitsPerSample);
        "data"u8.CopyTo(header[36..]);
        BinaryPrimitives.WriteUInt32LittleEndian(header[40..], dataBytes);
    }
}
