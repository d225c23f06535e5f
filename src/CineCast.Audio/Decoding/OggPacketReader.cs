using System.Buffers.Binary;

namespace CineCast.Audio.Decoding;

/// <summary>
/// Reads the packets of the first logical stream of an Ogg file (RFC 3533): checks the capture pattern,
/// version and CRC of each page and reassembles packets that span pages. Pages of other streams are skipped.
/// </summary>
internal sealed class OggPacketReader
{
    private const int PageHeaderLength = 27;
    private const int MaxPacketLength = 1 << 20;
    private const byte ContinuedPacket = 1;
    private const byte BeginningOfStream = 2;
    private const byte EndOfStream = 4;

    private static readonly uint[] CrcTable = BuildCrcTable();

    private readonly Stream input;
    private readonly byte[] page = new byte[PageHeaderLength + 255 + (255 * 255)];
    private byte[] packet = new byte[4096];
    private int packetLength;
    private bool packetTooLong;
    private uint? serialNumber;
    private int segmentCount;
    private int segmentIndex;
    private int bodyOffset;
    private bool endOfStream;

    public OggPacketReader(Stream input) => this.input = input;

    /// <summary>The granule position of the last page read that had one; -1 if none.</summary>
    public long LastGranulePosition { get; private set; } = -1;

    /// <summary>
    /// The next complete packet, valid until the following call; false at the end of the stream.
    /// Packets longer than 1 MiB (only possible for metadata) come back empty with <paramref name="tooLong"/> set.
    /// </summary>
    public bool TryReadPacket(out ReadOnlySpan<byte> result, out bool tooLong)
    {
        while (true)
        {
            while (segmentIndex < segmentCount)
            {
                int segmentLength = page[PageHeaderLength + segmentIndex++];
                if (!packetTooLong && packetLength + segmentLength <= MaxPacketLength)
                {
                    if (packetLength + segmentLength > packet.Length)
                    {
                        Array.Resize(ref packet, Math.Min(2 * (packetLength + segmentLength), MaxPacketLength));
                    }

                    page.AsSpan(bodyOffset, segmentLength).CopyTo(packet.AsSpan(packetLength));
                    packetLength += segmentLength;
                }
                else
                {
                    packetTooLong = true;
                }

                bodyOffset += segmentLength;
                if (segmentLength < 255)
                {
                    tooLong = packetTooLong;
                    result = tooLong ? default : packet.AsSpan(0, packetLength);
                    packetLength = 0;
                    packetTooLong = false;
                    return true;
                }
            }

            var packetPending = packetLength > 0 || packetTooLong;
            if (endOfStream || !TryReadPage())
            {
                if (packetPending)
                {
                    throw Reject.Truncated("The Ogg stream ends in the middle of a packet; the file is incomplete.");
                }

                result = default;
                tooLong = false;
                return false;
            }
        }
    }

    private bool TryReadPage()
    {
        while (true)
        {
            var header = page.AsSpan(0, PageHeaderLength);
            var read = input.ReadAtLeast(header, header.Length, throwOnEndOfStream: false);
            if (read == 0)
            {
                return false;
            }

            if (read < header.Length)
            {
                throw Reject.Truncated("The Ogg file ends in the middle of a page; the file is incomplete.");
            }

            if (!header.StartsWith("OggS"u8) || header[4] != 0)
            {
                throw Reject.InvalidHeader("The Ogg file has damaged data between its pages.");
            }

            var flags = header[5];
            var serial = BinaryPrimitives.ReadUInt32LittleEndian(header[14..]);
            segmentCount = header[26];
            input.ReadExactlyOrReject(page.AsSpan(PageHeaderLength, segmentCount), "The Ogg file ends in the middle of a page; the file is incomplete.");
            var bodyLength = 0;
            foreach (var segment in page.AsSpan(PageHeaderLength, segmentCount))
            {
                bodyLength += segment;
            }

            bodyOffset = PageHeaderLength + segmentCount;
            input.ReadExactlyOrReject(page.AsSpan(bodyOffset, bodyLength), "The Ogg file ends in the middle of a page; the file is incomplete.");
            if (!HasValidCrc(page.AsSpan(0, bodyOffset + bodyLength)))
            {
                throw Reject.InvalidHeader("An Ogg page failed its checksum; the file is damaged.");
            }

            serialNumber ??= (flags & BeginningOfStream) != 0
                ? serial
                : throw Reject.InvalidHeader("The Ogg file does not start with a stream header; the file looks damaged.");
            if (serial != serialNumber)
            {
                continue;
            }

            if (((flags & ContinuedPacket) != 0) != (packetLength > 0 || packetTooLong))
            {
                throw Reject.InvalidHeader("The Ogg pages do not continue each other; the file looks damaged.");
            }

            var granulePosition = BinaryPrimitives.ReadInt64LittleEndian(header[6..]);
            if (granulePosition != -1)
            {
                LastGranulePosition = granulePosition;
            }

            endOfStream = (flags & EndOfStream) != 0;
            segmentIndex = 0;
            return true;
        }
    }

    private static bool HasValidCrc(ReadOnlySpan<byte> wholePage)
    {
        var expected = BinaryPrimitives.ReadUInt32LittleEndian(wholePage[22..]);
        var crc = 0u;
        for (var i = 0; i < wholePage.Length; i++)
        {
            // The checksum is computed with its own field taken as zero.
            var value = i is >= 22 and < 26 ? (byte)0 : wholePage[i];
            crc = (crc << 8) ^ CrcTable[(crc >> 24) ^ value];
        }

        return crc == expected;
    }

    private static uint[] BuildCrcTable()
    {
        var table = new uint[256];
        for (var i = 0u; i < table.Length; i++)
        {
            var crc = i << 24;
            for (var bit = 0; bit < 8; bit++)
            {
                crc = (crc & 0x80000000) != 0 ? (crc << 1) ^ 0x04C11DB7 : crc << 1;
            }

            table[i] = crc;
        }

        return table;
    }
}
