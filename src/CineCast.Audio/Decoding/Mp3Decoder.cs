using System.Buffers;
using System.Buffers.Binary;
using NLayer;

namespace CineCast.Audio.Decoding;

/// <summary>MPEG audio layers I–III via NLayer, with LAME gapless trimming (encoder delay and padding).</summary>
internal sealed class Mp3Decoder : IAudioDecoder
{
    private const int Id3HeaderLength = 10;
    private const int ReadBlockSamples = 1152 * 2 * 4;

    // Every MP3 decoder delays its output by 529 samples on top of the delay the encoder records (LAME tag spec).
    private const int DecoderDelayFrames = 529;

    public AudioContainer Container => AudioContainer.Mp3;

    public bool Recognises(ReadOnlySpan<byte> head) => TryGetId3Length(head, out var tagLength)
        ? tagLength + MpegFrameHeader.Length > head.Length || MpegFrameHeader.TryParse(head[tagLength..], out _)
        : MpegFrameHeader.FramesChainAt(head, 0);

    public PcmAudio Decode(Stream input, DecodeLimits limits)
    {
        var gapless = ReadGaplessInfo(FindFirstFrame(input).Span);
        input.Position = 0;
        using var mpeg = new MpegFile(input);
        var accumulator = new SampleAccumulator(mpeg.SampleRate, mpeg.Channels, limits);
        var buffer = ArrayPool<float>.Shared.Rent(ReadBlockSamples);
        try
        {
            var samplesToSkip = (gapless?.LeadingFrames ?? 0) * mpeg.Channels;
            int read;
            while ((read = mpeg.ReadSamples(buffer, 0, ReadBlockSamples)) > 0)
            {
                var skipped = Math.Min(read, samplesToSkip);
                samplesToSkip -= skipped;
                accumulator.Append(buffer.AsSpan(skipped, read - skipped));
            }

            if (gapless is { } info)
            {
                accumulator.TruncateFrames(info.TotalFrames);
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(buffer);
        }

        return accumulator.ToPcmAudio();
    }

    private static ReadOnlyMemory<byte> FindFirstFrame(Stream input)
    {
        Span<byte> id3 = stackalloc byte[Id3HeaderLength];
        input.ReadExactlyOrReject(id3, "The MP3 file ends inside its header.");
        TryGetId3Length(id3, out var audioStart);
        if (audioStart >= input.Length)
        {
            throw Reject.Truncated("The MP3 file ends inside its ID3 tag; the file is incomplete.");
        }

        input.Position = audioStart;
        var window = new byte[AudioDecoder.SniffLength];
        var length = input.ReadAtLeast(window, window.Length, throwOnEndOfStream: false);
        for (var offset = 0; offset < length; offset++)
        {
            if (MpegFrameHeader.FramesChainAt(window.AsSpan(0, length), offset))
            {
                return window.AsMemory(offset, length - offset);
            }
        }

        throw Reject.Because(AudioProblem.NotAudio, "The file looks like MP3 but contains no MP3 audio frames.");
    }

    /// <summary>
    /// Reads the Xing/Info header and its LAME extension from the first frame, which record the frame count,
    /// the encoder delay and the padding. NLayer skips that frame itself but not the delay or the padding.
    /// </summary>
    private static (int LeadingFrames, long TotalFrames)? ReadGaplessInfo(ReadOnlySpan<byte> frame)
    {
        const int HasFrameCount = 1, HasByteCount = 2, HasTableOfContents = 4, HasQuality = 8;
        if (!MpegFrameHeader.TryParse(frame, out var header) || frame.Length < MpegFrameHeader.Length + header.SideInfoLength + 8)
        {
            return null;
        }

        var tag = frame[(MpegFrameHeader.Length + header.SideInfoLength)..];
        if (!tag.StartsWith("Xing"u8) && !tag.StartsWith("Info"u8))
        {
            return null;
        }

        var flags = BinaryPrimitives.ReadInt32BigEndian(tag[4..]);
        var offset = 8;
        if ((flags & HasFrameCount) == 0 || tag.Length < offset + 4)
        {
            return null;
        }

        long frameCount = BinaryPrimitives.ReadUInt32BigEndian(tag[offset..]);
        offset += 4 + ((flags & HasByteCount) != 0 ? 4 : 0) + ((flags & HasTableOfContents) != 0 ? 100 : 0) + ((flags & HasQuality) != 0 ? 4 : 0);

        // The LAME extension: a 9-byte encoder name, then 12 more bytes, then 12-bit delay and 12-bit padding.
        const int DelayOffset = 21;
        if (tag.Length < offset + DelayOffset + 3)
        {
            return null;
        }

        var delayAndPadding = tag.Slice(offset + DelayOffset, 3);
        var encoderDelay = (delayAndPadding[0] << 4) | (delayAndPadding[1] >> 4);
        var padding = ((delayAndPadding[1] & 0x0F) << 8) | delayAndPadding[2];
        var totalFrames = (frameCount * header.SamplesPerFrame) - encoderDelay - padding;
        return totalFrames > 0 ? (encoderDelay + DecoderDelayFrames, totalFrames) : null;
    }

    private static bool TryGetId3Length(ReadOnlySpan<byte> head, out int length)
    {
        length = 0;
        if (head.Length < Id3HeaderLength || !head.StartsWith("ID3"u8))
        {
            return false;
        }

        // The tag size is "syncsafe": 7 bits per byte; a footer adds another 10 bytes.
        var size = (head[6] << 21) | (head[7] << 14) | (head[8] << 7) | head[9];
        var hasFooter = (head[5] & 0x10) != 0;
        length = Id3HeaderLength + size + (hasFooter ? Id3HeaderLength : 0);
        return true;
    }
}
