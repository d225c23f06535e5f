using System.Buffers.Binary;
using System.Text;

namespace CineCast.Audio.Decoding;

/// <summary>
/// Opus in WebM/Matroska as MediaRecorder writes it: Segment and Clusters of unknown size, SimpleBlocks
/// (any lacing) or BlockGroups with DiscardPadding. Reads the elements in file order without seeking.
/// </summary>
internal sealed class WebMOpusDecoder : IAudioDecoder
{
    private const string ContainerName = "WebM";
    private const string OpusCodecId = "A_OPUS";
    private const int MaxHeaderElementLength = 1 << 16;
    private const int MaxBlockLength = 1 << 20;

    public AudioContainer Container => AudioContainer.WebM;

    public bool Recognises(ReadOnlySpan<byte> head) => head.Length >= 4 && BinaryPrimitives.ReadUInt32BigEndian(head) == Ebml.Header;

    public PcmAudio Decode(Stream input, DecodeLimits limits)
    {
        var elements = new ElementStream(input);
        if (!elements.TryReadHeader(out var id, out var size) || id != Ebml.Header)
        {
            throw Reject.InvalidHeader("The WebM file does not start with an EBML header; the file looks damaged.");
        }

        RequireWebMDocType(elements.ReadBody(size, MaxHeaderElementLength));
        OpusStreamDecoder? decoder = null;
        try
        {
            ulong audioTrack = 0;
            long paddingFrames = 0;
            var segmentEnd = long.MaxValue;
            while (input.Position < segmentEnd && elements.TryReadHeader(out id, out size))
            {
                switch (id)
                {
                    case Ebml.Segment when size != Ebml.UnknownSize:
                        segmentEnd = input.Position + size;
                        if (segmentEnd > input.Length)
                        {
                            throw Reject.Truncated("The WebM file is shorter than its header says; the file is incomplete.");
                        }

                        break;
                    case Ebml.Segment or Ebml.Cluster:
                        // Descend: their children follow directly, and MediaRecorder leaves their size unknown.
                        break;
                    case Ebml.Tracks when decoder is null:
                        (audioTrack, var head) = FindOpusTrack(elements.ReadBody(size, MaxHeaderElementLength));
                        decoder = new OpusStreamDecoder(head, limits, ContainerName);
                        break;
                    case Ebml.SimpleBlock:
                        DecodeBlock(elements.ReadBody(size, MaxBlockLength), decoder, audioTrack);
                        break;
                    case Ebml.BlockGroup:
                        paddingFrames += DecodeBlockGroup(elements.ReadBody(size, MaxBlockLength), decoder, audioTrack);
                        break;
                    default:
                        elements.Skip(size);
                        break;
                }
            }

            return decoder is null
                ? throw Reject.Because(AudioProblem.NotAudio, "The WebM file has no audio track.")
                : decoder.Finish(decoder.DecodedFrames - paddingFrames);
        }
        finally
        {
            decoder?.Dispose();
        }
    }

    private static void RequireWebMDocType(ReadOnlySpan<byte> ebmlHeader)
    {
        var children = new Ebml.ChildReader(ebmlHeader);
        while (children.TryRead(out var id, out var value))
        {
            if (id == Ebml.DocType && !value.TrimEnd((byte)0).SequenceEqual("webm"u8) && !value.TrimEnd((byte)0).SequenceEqual("matroska"u8))
            {
                throw Reject.Because(AudioProblem.NotAudio, "The file is an EBML document but neither WebM nor Matroska.");
            }
        }
    }

    private static (ulong TrackNumber, OpusHead Head) FindOpusTrack(ReadOnlySpan<byte> tracks)
    {
        var entries = new Ebml.ChildReader(tracks);
        while (entries.TryRead(out var entryId, out var entry))
        {
            if (entryId != Ebml.TrackEntry)
            {
                continue;
            }

            ulong number = 0, type = 0;
            var codec = string.Empty;
            ReadOnlySpan<byte> codecPrivate = default;
            var fields = new Ebml.ChildReader(entry);
            while (fields.TryRead(out var fieldId, out var field))
            {
                switch (fieldId)
                {
                    case Ebml.TrackNumber: number = Ebml.ReadUnsigned(field); break;
                    case Ebml.TrackType: type = Ebml.ReadUnsigned(field); break;
                    case Ebml.CodecId: codec = Printable(field); break;
                    case Ebml.CodecPrivate: codecPrivate = field; break;
                }
            }

            if (type != Ebml.AudioTrackType)
            {
                continue;
            }

            return codec == OpusCodecId
                ? (number, OpusHead.Parse(codecPrivate, ContainerName))
                : throw Reject.Unsupported($"The WebM file's audio is encoded as {codec}; only Opus is supported in WebM. Upload WAV, MP3, Ogg/Opus or WebM/Opus.");
        }

        throw Reject.Because(AudioProblem.NotAudio, "The WebM file has no audio track.");
    }

    /// <summary>Decodes a (Simple)Block if it belongs to the audio track; returns whether it did.</summary>
    private static bool DecodeBlock(ReadOnlySpan<byte> block, OpusStreamDecoder? decoder, ulong audioTrack)
    {
        if (!Ebml.TryReadSize(block, out var track, out var trackLength) || block.Length < trackLength + 3)
        {
            throw Reject.InvalidHeader("A WebM block header is damaged.");
        }

        if (track < 0 || (ulong)track != audioTrack)
        {
            return false;
        }

        if (decoder is null)
        {
            throw Reject.InvalidHeader("The WebM file has audio before its track list; the file looks damaged.");
        }

        // After the track number come a 16-bit relative timestamp and the flags byte.
        var lacing = (block[trackLength + 2] >> 1) & 3;
        var data = block[(trackLength + 3)..];
        if (lacing == 0)
        {
            decoder.Decode(data);
            return true;
        }

        Span<int> frameLengths = stackalloc int[256];
        var frameCount = ReadLaceLengths(ref data, lacing, frameLengths);
        foreach (var length in frameLengths[..frameCount])
        {
            decoder.Decode(data[..length]);
            data = data[length..];
        }

        return true;
    }

    /// <summary>Reads Xiph (1), fixed (2) or EBML (3) lacing; leaves <paramref name="data"/> at the first frame.</summary>
    private static int ReadLaceLengths(ref ReadOnlySpan<byte> data, int lacing, scoped Span<int> lengths)
    {
        if (data.IsEmpty)
        {
            throw Damaged();
        }

        var count = data[0] + 1;
        data = data[1..];
        long total = 0;
        for (var i = 0; i < count - 1; i++)
        {
            long length;
            switch (lacing)
            {
                case 1:
                    length = 0;
                    byte part;
                    do
                    {
                        part = !data.IsEmpty ? data[0] : throw Damaged();
                        data = data[1..];
                        length += part;
                    }
                    while (part == 255);
                    break;
                case 2:
                    length = data.Length % count == 0 ? data.Length / count : throw Damaged();
                    break;
                default:
                    if (!Ebml.TryReadSize(data, out var raw, out var rawLength) || raw < 0)
                    {
                        throw Damaged();
                    }

                    data = data[rawLength..];
                    // Later sizes are stored as signed differences from the previous one.
                    length = i == 0 ? raw : lengths[i - 1] + raw - ((1L << ((7 * rawLength) - 1)) - 1);
                    break;
            }

            total += length;
            if (length < 0 || total > data.Length)
            {
                throw Damaged();
            }

            lengths[i] = (int)length;
        }

        lengths[count - 1] = (int)(data.Length - total);
        return count;

        static AudioRejectedException Damaged() => Reject.InvalidHeader("A WebM block's frame sizes are inconsistent; the file looks damaged.");
    }

    /// <summary>Decodes a BlockGroup and returns how many trailing frames its DiscardPadding says to drop.</summary>
    private static long DecodeBlockGroup(ReadOnlySpan<byte> group, OpusStreamDecoder? decoder, ulong audioTrack)
    {
        var children = new Ebml.ChildReader(group);
        var decoded = false;
        long discardNanoseconds = 0;
        while (children.TryRead(out var id, out var child))
        {
            if (id == Ebml.Block)
            {
                decoded = DecodeBlock(child, decoder, audioTrack);
            }
            else if (id == Ebml.DiscardPadding)
            {
                discardNanoseconds = Ebml.ReadSigned(child);
            }
        }

        return decoded && discardNanoseconds > 0
            ? (long)Math.Round(discardNanoseconds / 1e9 * OpusStreamDecoder.SampleRate)
            : 0;
    }

    private static string Printable(ReadOnlySpan<byte> text)
    {
        var value = Encoding.ASCII.GetString(text[..Math.Min(text.Length, 32)]).TrimEnd('\0');
        return value.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '/' or '.' or '-') ? value : "an unknown codec";
    }

    /// <summary>Reads element headers and bodies from the stream, refusing sizes the file cannot hold.</summary>
    private sealed class ElementStream(Stream input)
    {
        private byte[] body = new byte[4096];

        public bool TryReadHeader(out uint id, out long size)
        {
            Span<byte> bytes = stackalloc byte[8];
            size = 0;
            id = 0;
            var first = input.ReadByte();
            if (first < 0)
            {
                return false;
            }

            bytes[0] = (byte)first;
            var idLength = Ebml.VintLength(bytes[0]);
            if (idLength is 0 or > 4)
            {
                throw Reject.InvalidHeader("The WebM file has damaged data where an element should start.");
            }

            input.ReadExactlyOrReject(bytes[1..idLength], "The WebM file ends in the middle of an element; the file is incomplete.");
            Ebml.TryReadId(bytes, out id, out _);

            var sizeFirst = input.ReadByte();
            if (sizeFirst < 0)
            {
                throw Reject.Truncated("The WebM file ends in the middle of an element; the file is incomplete.");
            }

            bytes[0] = (byte)sizeFirst;
            var sizeLength = Ebml.VintLength(bytes[0]);
            if (sizeLength == 0)
            {
                throw Reject.InvalidHeader("The WebM file has an element with a damaged size.");
            }

            input.ReadExactlyOrReject(bytes[1..sizeLength], "The WebM file ends in the middle of an element; the file is incomplete.");
            return Ebml.TryReadSize(bytes, out size, out _);
        }

        public ReadOnlySpan<byte> ReadBody(long size, int maxLength)
        {
            RequireFits(size);
            if (size > maxLength)
            {
                throw Reject.InvalidHeader("The WebM file has an implausibly large element; the file looks damaged.");
            }

            if (size > body.Length)
            {
                body = new byte[Math.Max(size, 2L * body.Length)];
            }

            var span = body.AsSpan(0, (int)size);
            input.ReadExactlyOrReject(span, "The WebM file ends in the middle of an element; the file is incomplete.");
            return span;
        }

        public void Skip(long size)
        {
            RequireFits(size);
            input.Position += size;
        }

        private void RequireFits(long size)
        {
            if (size == Ebml.UnknownSize)
            {
                throw Reject.InvalidHeader("The WebM file has an element of unknown size where one is not allowed.");
            }

            if (size > input.Length - input.Position)
            {
                throw Reject.Truncated("The WebM file ends in the middle of an element; the file is incomplete.");
            }
        }
    }
}
