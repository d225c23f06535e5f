namespace CineCast.Audio.Decoding;

/// <summary>EBML variable-length integers and the element ids the WebM decoder needs.</summary>
internal static class Ebml
{
    public const uint Header = 0x1A45DFA3;
    public const uint DocType = 0x4282;
    public const uint Segment = 0x18538067;
    public const uint Tracks = 0x1654AE6B;
    public const uint TrackEntry = 0xAE;
    public const uint TrackNumber = 0xD7;
    public const uint TrackType = 0x83;
    public const uint CodecId = 0x86;
    public const uint CodecPrivate = 0x63A2;
    public const uint Cluster = 0x1F43B675;
    public const uint SimpleBlock = 0xA3;
    public const uint BlockGroup = 0xA0;
    public const uint Block = 0xA1;
    public const uint DiscardPadding = 0x75A2;

    public const long UnknownSize = -1;
    public const int AudioTrackType = 2;

    /// <summary>Length in bytes of the variable-length integer starting with <paramref name="first"/>; 0 if invalid.</summary>
    public static int VintLength(byte first) => first == 0 ? 0 : System.Numerics.BitOperations.LeadingZeroCount((uint)first) - 23;

    /// <summary>Reads an element id (marker bit kept, 1–4 bytes).</summary>
    public static bool TryReadId(ReadOnlySpan<byte> bytes, out uint id, out int length)
    {
        id = 0;
        length = bytes.IsEmpty ? 0 : VintLength(bytes[0]);
        if (length is 0 or > 4 || length > bytes.Length)
        {
            return false;
        }

        foreach (var b in bytes[..length])
        {
            id = (id << 8) | b;
        }

        return true;
    }

    /// <summary>Reads a size or number (marker bit removed, 1–8 bytes); all value bits set means <see cref="UnknownSize"/>.</summary>
    public static bool TryReadSize(ReadOnlySpan<byte> bytes, out long size, out int length)
    {
        size = 0;
        length = bytes.IsEmpty ? 0 : VintLength(bytes[0]);
        if (length == 0 || length > bytes.Length)
        {
            return false;
        }

        size = bytes[0] & (0xFF >> length);
        var allOnes = size == 0xFF >> length;
        foreach (var b in bytes[1..length])
        {
            size = (size << 8) | b;
            allOnes &= b == 0xFF;
        }

        if (allOnes)
        {
            size = UnknownSize;
        }

        return true;
    }

    public static ulong ReadUnsigned(ReadOnlySpan<byte> body)
    {
        if (body.Length > 8)
        {
            throw Reject.InvalidHeader("A WebM number is longer than 8 bytes; the file looks damaged.");
        }

        var value = 0UL;
        foreach (var b in body)
        {
            value = (value << 8) | b;
        }

        return value;
    }

    public static long ReadSigned(ReadOnlySpan<byte> body) => body.IsEmpty
        ? 0
        : (long)(ReadUnsigned(body) << (64 - (8 * body.Length))) >> (64 - (8 * body.Length));

    /// <summary>
    /// Walks the children of a master element held in memory. Elements of unknown size are only allowed
    /// for Segment and Cluster, which are never parsed this way.
    /// </summary>
    public ref struct ChildReader(ReadOnlySpan<byte> body)
    {
        private ReadOnlySpan<byte> remaining = body;

        public bool TryRead(out uint id, out ReadOnlySpan<byte> child)
        {
            child = default;
            id = 0;
            if (remaining.IsEmpty)
            {
                return false;
            }

            if (!TryReadId(remaining, out id, out var idLength)
                || !TryReadSize(remaining[idLength..], out var size, out var sizeLength)
                || size < 0
                || size > remaining.Length - idLength - sizeLength)
            {
                throw Reject.InvalidHeader("A WebM element has a broken header or overruns its parent; the file looks damaged.");
            }

            var start = idLength + sizeLength;
            child = remaining.Slice(start, (int)size);
            remaining = remaining[(start + (int)size)..];
            return true;
        }
    }
}
