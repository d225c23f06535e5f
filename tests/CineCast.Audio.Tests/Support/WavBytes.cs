using System.Buffers.Binary;

namespace CineCast.Audio.Tests.Support;

/// <summary>The header fields of a hand-made WAV file; unset sizes are computed consistently.</summary>
internal sealed record WavHeader
{
    public const ushort Pcm = 1;
    public const ushort IeeeFloat = 3;
    public const ushort MuLaw = 7;
    public const ushort Adpcm = 2;

    public ushort FormatTag { get; init; } = Pcm;

    public int Channels { get; init; } = 1;

    public int SampleRate { get; init; } = 24000;

    public int BitsPerSample { get; init; } = 16;

    public int? BlockAlign { get; init; }

    public long? ByteRate { get; init; }

    public uint? DataSize { get; init; }

    public uint? RiffSize { get; init; }

    /// <summary>WAVE_FORMAT_EXTENSIBLE with this many valid bits per sample.</summary>
    public int? ExtensibleValidBits { get; init; }
}

/// <summary>Builds WAV files byte by byte, including broken ones.</summary>
internal static class WavBytes
{
    public static byte[] Build(WavHeader header, ReadOnlySpan<byte> data, params (string Id, byte[] Body)[] chunksBeforeData)
    {
        var blockAlign = header.BlockAlign ?? (header.Channels * header.BitsPerSample / 8);
        var format = new byte[header.ExtensibleValidBits is null ? 16 : 40];
        BinaryPrimitives.WriteUInt16LittleEndian(format, header.ExtensibleValidBits is null ? header.FormatTag : (ushort)0xFFFE);
        BinaryPrimitives.WriteUInt16LittleEndian(format.AsSpan(2), (ushort)header.Channels);
        BinaryPrimitives.WriteUInt32LittleEndian(format.AsSpan(4), (uint)header.SampleRate);
        BinaryPrimitives.WriteUInt32LittleEndian(format.AsSpan(8), (uint)(header.ByteRate ?? ((long)header.SampleRate * blockAlign)));
        BinaryPrimitives.WriteUInt16LittleEndian(format.AsSpan(12), (ushort)blockAlign);
        BinaryPrimitives.WriteUInt16LittleEndian(format.AsSpan(14), (ushort)header.BitsPerSample);
        if (header.ExtensibleValidBits is { } validBits)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(format.AsSpan(16), 22);
            BinaryPrimitives.WriteUInt16LittleEndian(format.AsSpan(18), (ushort)validBits);
            BinaryPrimitives.WriteUInt16LittleEndian(format.AsSpan(24), header.FormatTag);
            byte[] guidTail = [0x00, 0x00, 0x10, 0x00, 0x80, 0x00, 0x00, 0xAA, 0x00, 0x38, 0x9B, 0x71];
            guidTail.CopyTo(format, 28);
        }

        var body = new MemoryStream();
        body.Write("WAVE"u8);
        WriteChunk(body, "fmt ", format, (uint)format.Length);
        foreach (var (id, chunk) in chunksBeforeData)
        {
            WriteChunk(body, id, chunk, (uint)chunk.Length);
        }

        WriteChunk(body, "data", data, header.DataSize ?? (uint)data.Length);
        var file = new MemoryStream();
        file.Write("RIFF"u8);
        Span<byte> size = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(size, header.RiffSize ?? (uint)body.Length);
        file.Write(size);
        body.WriteTo(file);
        return file.ToArray();
    }

    /// <summary>Encodes interleaved samples as PCM (8/16/24/32-bit) or float (32/64-bit) and wraps them in a WAV file.</summary>
    public static byte[] Encode(float[] interleaved, int channels, int sampleRate, int bits, bool isFloat = false, int? extensibleValidBits = null)
    {
        var bytesPerSample = bits / 8;
        var data = new byte[interleaved.Length * bytesPerSample];
        for (var i = 0; i < interleaved.Length; i++)
        {
            var target = data.AsSpan(i * bytesPerSample);
            double sample = interleaved[i];
            switch (bits, isFloat)
            {
                case (8, false): target[0] = (byte)Math.Clamp(Math.Round((sample * 128) + 128), 0, 255); break;
                case (16, false): BinaryPrimitives.WriteInt16LittleEndian(target, (short)Math.Clamp(Math.Round(sample * 32768), short.MinValue, short.MaxValue)); break;
                case (24, false):
                    var value = (int)Math.Clamp(Math.Round(sample * 8388608), -8388608, 8388607);
                    target[0] = (byte)value;
                    target[1] = (byte)(value >> 8);
                    target[2] = (byte)(value >> 16);
                    break;
                case (32, false): BinaryPrimitives.WriteInt32LittleEndian(target, (int)Math.Clamp(Math.Round(sample * 2147483648.0), int.MinValue, int.MaxValue)); break;
                case (32, true): BinaryPrimitives.WriteSingleLittleEndian(target, (float)sample); break;
                default: BinaryPrimitives.WriteDoubleLittleEndian(target, sample); break;
            }
        }

        var header = new WavHeader
        {
            FormatTag = isFloat ? WavHeader.IeeeFloat : WavHeader.Pcm,
            Channels = channels,
            SampleRate = sampleRate,
            BitsPerSample = bits,
            ExtensibleValidBits = extensibleValidBits,
        };
        return Build(header, data);
    }

    public static byte[] Pcm16(float[] mono, int sampleRate) => Encode(mono, 1, sampleRate, 16);

    private static void WriteChunk(Stream stream, string id, ReadOnlySpan<byte> body, uint declaredSize)
    {
        stream.Write(System.Text.Encoding.ASCII.GetBytes(id));
        Span<byte> size = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(size, declaredSize);
        stream.Write(size);
        stream.Write(body);
        if (body.Length % 2 == 1)
        {
            stream.WriteByte(0);
        }
    }
}
