using System.Buffers;
using System.Buffers.Binary;

namespace CineCast.Audio.Decoding;

/// <summary>RIFF/WAVE and RF64: PCM 8/16/24/32-bit and IEEE float 32/64-bit, plain or WAVE_FORMAT_EXTENSIBLE.</summary>
internal sealed class WavDecoder : IAudioDecoder
{
    private const int MaxFormatChunkBytes = 1024;
    private const int ReadBlockBytes = 1 << 16;
    private const uint SizeToEndOfFile = uint.MaxValue;

    // What espeak-ng (and other writers built on its wave code) put in the data size when writing to a pipe.
    private const uint EspeakStreamingSize = 0x7FFFF000;

    public AudioContainer Container => AudioContainer.Wav;

    public bool Recognises(ReadOnlySpan<byte> head) =>
        head.Length >= 12
        && (head.StartsWith("RIFF"u8) || head.StartsWith("RF64"u8))
        && head.Slice(8, 4).SequenceEqual("WAVE"u8);

    public PcmAudio Decode(Stream input, DecodeLimits limits)
    {
        var (format, dataOffset, dataLength) = ReadChunks(input);
        var frameCount = dataLength / format.BlockAlign;
        if (frameCount > limits.MaxDurationSeconds * format.SampleRate)
        {
            throw Reject.TooLong(limits);
        }
        if (frameCount * format.Channels > limits.MaxSamples)
        {
            throw Reject.TooMuchAudio();
        }

        var accumulator = new SampleAccumulator(format.SampleRate, format.Channels, limits, frameCount * format.Channels);
        var bytes = ArrayPool<byte>.Shared.Rent(ReadBlockBytes);
        try
        {
            input.Position = dataOffset;
            var framesPerBlock = ReadBlockBytes / format.BlockAlign;
            for (var remaining = frameCount; remaining > 0;)
            {
                var frames = (int)Math.Min(remaining, framesPerBlock);
                var block = bytes.AsSpan(0, frames * format.BlockAlign);
                input.ReadExactlyOrReject(block, "The WAV file ends before its audio data does; the file is incomplete.");
                var sampleCount = frames * format.Channels;
                ConvertSamples(block, accumulator.Reserve(sampleCount), format);
                accumulator.Commit(sampleCount);
                remaining -= frames;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(bytes);
        }

        return accumulator.ToPcmAudio();
    }

    private static (WavFormat Format, long DataOffset, long DataLength) ReadChunks(Stream input)
    {
        var fileLength = input.Length;
        Span<byte> header = stackalloc byte[12];
        input.ReadExactlyOrReject(header, "The WAV file ends inside its header.");
        var isRf64 = header.StartsWith("RF64"u8);
        var riffSize = BinaryPrimitives.ReadUInt32LittleEndian(header[4..]);

        WavFormat? format = null;
        long? rf64DataSize = null;
        long dataOffset = -1, dataLength = 0;
        var dataRunsToEnd = false;
        Span<byte> chunkHeader = stackalloc byte[8];
        Span<byte> chunkBody = stackalloc byte[MaxFormatChunkBytes];
        while (format is null || dataOffset < 0)
        {
            var read = input.ReadAtLeast(chunkHeader, chunkHeader.Length, throwOnEndOfStream: false);
            if (read < chunkHeader.Length)
            {
                throw format is null && read == 0
                    ? Reject.InvalidHeader("The WAV file has no format chunk; it looks damaged.")
                    : Reject.Truncated("The WAV file ends before its audio data; the file is incomplete.");
            }

            var id = chunkHeader[..4];
            long size = BinaryPrimitives.ReadUInt32LittleEndian(chunkHeader[4..]);
            var bodyOffset = input.Position;
            var available = fileLength - bodyOffset;
            if (id.SequenceEqual("data"u8))
            {
                dataOffset = bodyOffset;
                if (isRf64 && size == SizeToEndOfFile)
                {
                    size = rf64DataSize ?? throw Reject.InvalidHeader("The RF64 file has no ds64 chunk giving its data size; the file looks damaged.");
                }
                else if (size is SizeToEndOfFile or EspeakStreamingSize || (size == 0 && riffSize is 0 or SizeToEndOfFile))
                {
                    // Streaming writers leave placeholder sizes they never patch; the data then runs to the end of the file.
                    size = available;
                    dataRunsToEnd = true;
                }

                if (size > available)
                {
                    throw Reject.Truncated($"The WAV header promises {size:N0} bytes of audio but only {available:N0} are present; the file is incomplete.");
                }

                dataLength = size;
            }
            else if (id.SequenceEqual("fmt "u8))
            {
                if (size is < 16 or > MaxFormatChunkBytes)
                {
                    throw Reject.InvalidHeader($"The WAV format chunk has an impossible size of {size} bytes; the file looks damaged.");
                }

                var body = chunkBody[..(int)size];
                input.ReadExactlyOrReject(body, "The WAV file ends inside its format chunk.");
                format = WavFormat.Parse(body);
            }
            else if (id.SequenceEqual("ds64"u8) && isRf64 && size >= 16)
            {
                var body = chunkBody[..16];
                input.ReadExactlyOrReject(body, "The RF64 file ends inside its ds64 chunk.");
                rf64DataSize = BinaryPrimitives.ReadInt64LittleEndian(body[8..]) is >= 0 and var declared
                    ? declared
                    : throw Reject.InvalidHeader("The RF64 file gives a negative data size; the file looks damaged.");
            }
            else if (size > available)
            {
                throw Reject.InvalidHeader($"The WAV file has a chunk claiming {size:N0} bytes, more than the file holds; the file looks damaged.");
            }

            // Chunks are padded to an even length.
            input.Position = bodyOffset + size + (size & 1);
        }

        var wav = format.Value;
        var partialFrameBytes = dataLength % wav.BlockAlign;
        if (partialFrameBytes != 0 && !dataRunsToEnd)
        {
            throw Reject.Truncated("The WAV audio data ends in the middle of a sample frame; the file is incomplete.");
        }

        return (wav, dataOffset, dataLength - partialFrameBytes);
    }

    private static void ConvertSamples(ReadOnlySpan<byte> bytes, Span<float> samples, WavFormat format)
    {
        switch (format.BitsPerSample, format.IsFloat)
        {
            case (8, false):
                for (var i = 0; i < samples.Length; i++)
                {
                    samples[i] = (bytes[i] - 128) / 128f;
                }

                break;
            case (16, false):
                for (var i = 0; i < samples.Length; i++)
                {
                    samples[i] = BinaryPrimitives.ReadInt16LittleEndian(bytes[(2 * i)..]) / 32768f;
                }

                break;
            case (24, false):
                for (var i = 0; i < samples.Length; i++)
                {
                    var b = bytes.Slice(3 * i, 3);
                    samples[i] = (b[0] | (b[1] << 8) | ((sbyte)b[2] << 16)) / 8388608f;
                }

                break;
            case (32, false):
                for (var i = 0; i < samples.Length; i++)
                {
                    samples[i] = BinaryPrimitives.ReadInt32LittleEndian(bytes[(4 * i)..]) / 2147483648f;
                }

                break;
            case (32, true):
                for (var i = 0; i < samples.Length; i++)
                {
                    samples[i] = RequireFinite(BinaryPrimitives.ReadSingleLittleEndian(bytes[(4 * i)..]));
                }

                break;
            default:
                for (var i = 0; i < samples.Length; i++)
                {
                    samples[i] = RequireFinite((float)BinaryPrimitives.ReadDoubleLittleEndian(bytes[(8 * i)..]));
                }

                break;
        }
    }

    private static float RequireFinite(float sample) => float.IsFinite(sample)
        ? sample
        : throw Reject.Because(AudioProblem.NonFiniteSamples, "The WAV file contains invalid (NaN or infinite) sample values; it looks damaged.");
}
