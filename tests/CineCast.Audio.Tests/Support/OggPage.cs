using System.Buffers.Binary;

namespace CineCast.Audio.Tests.Support;

/// <summary>Builds single-packet Ogg pages with a correct checksum.</summary>
internal static class OggPage
{
    public static byte[] Build(ReadOnlySpan<byte> packet, byte flags, long granulePosition = 0, uint serial = 1, uint sequence = 0)
    {
        var segments = (packet.Length / 255) + 1;
        var page = new byte[27 + segments + packet.Length];
        "OggS"u8.CopyTo(page);
        page[5] = flags;
        BinaryPrimitives.WriteInt64LittleEndian(page.AsSpan(6), granulePosition);
        BinaryPrimitives.WriteUInt32LittleEndian(page.AsSpan(14), serial);
        BinaryPrimitives.WriteUInt32LittleEndian(page.AsSpan(18), sequence);
        page[26] = (byte)segments;
        for (var i = 0; i < segments; i++)
        {
            page[27 + i] = (byte)(i < segments - 1 ? 255 : packet.Length % 255);
        }

        packet.CopyTo(page.AsSpan(27 + segments));
        BinaryPrimitives.WriteUInt32LittleEndian(page.AsSpan(22), Crc(page));
        return page;
    }

    private static uint Crc(ReadOnlySpan<byte> page)
    {
        var crc = 0u;
        foreach (var value in page)
        {
            crc ^= (uint)value << 24;
            for (var bit = 0; bit < 8; bit++)
            {
                crc = (crc & 0x80000000) != 0 ? (crc << 1) ^ 0x04C11DB7 : crc << 1;
            }
        }

        return crc;
    }
}
