using System.Buffers.Binary;
using NAudio.Wave;

namespace CineCast.Audio.Decoding;

/// <summary>The validated contents of a WAV "fmt " chunk.</summary>
internal readonly record struct WavFormat(bool IsFloat, int Channels, int SampleRate, int BitsPerSample, int BlockAlign)
{
    public const int MinSampleRate = 8000;
    public const int MaxSampleRate = 384000;
    public const int MaxChannels = 32;

    // The GUID tail shared by every KSDATAFORMAT_SUBTYPE_* in WAVE_FORMAT_EXTENSIBLE.
    private static ReadOnlySpan<byte> SubFormatGuidTail => [0x00, 0x00, 0x10, 0x00, 0x80, 0x00, 0x00, 0xAA, 0x00, 0x38, 0x9B, 0x71];

    public int BytesPerSample => BitsPerSample / 8;

    public static WavFormat Parse(ReadOnlySpan<byte> chunk)
    {
        var encoding = (WaveFormatEncoding)BinaryPrimitives.ReadUInt16LittleEndian(chunk);
        int channels = BinaryPrimitives.ReadUInt16LittleEndian(chunk[2..]);
        var sampleRate = BinaryPrimitives.ReadUInt32LittleEndian(chunk[4..]);
        var byteRate = BinaryPrimitives.ReadUInt32LittleEndian(chunk[8..]);
        int blockAlign = BinaryPrimitives.ReadUInt16LittleEndian(chunk[12..]);
        int bits = BinaryPrimitives.ReadUInt16LittleEndian(chunk[14..]);

        if (encoding == WaveFormatEncoding.Extensible)
        {
            if (chunk.Length < 40)
            {
                throw Reject.InvalidHeader("The WAV format chunk is marked as extensible but is too short; the file looks damaged.");
            }

            int validBits = BinaryPrimitives.ReadUInt16LittleEndian(chunk[18..]);
            if (validBits > bits)
            {
                throw Reject.InvalidHeader($"The WAV header says {validBits} of every {bits} bits are used, which is impossible; the file looks damaged.");
            }

            if (!chunk.Slice(28, 12).SequenceEqual(SubFormatGuidTail))
            {
                throw Reject.Unsupported("The WAV file uses a vendor-specific encoding; only PCM and floating-point WAV are supported.");
            }

            // Fewer valid bits than the container (e.g. 20 in 24) are left-justified, so decoding the container is exact.
            encoding = (WaveFormatEncoding)BinaryPrimitives.ReadUInt16LittleEndian(chunk[24..]);
        }

        if (channels is 0 or > MaxChannels)
        {
            throw Reject.Because(AudioProblem.InvalidChannelCount, $"The WAV header says the file has {channels} channels; 1 to {MaxChannels} are supported.");
        }

        if (sampleRate is < MinSampleRate or > MaxSampleRate)
        {
            throw Reject.Because(AudioProblem.InvalidSampleRate, $"The WAV header gives a sample rate of {sampleRate} Hz; {MinSampleRate} to {MaxSampleRate} Hz are supported.");
        }

        var isFloat = encoding switch
        {
            WaveFormatEncoding.Pcm => false,
            WaveFormatEncoding.IeeeFloat => true,
            _ => throw Reject.Unsupported($"The WAV file is encoded as {Describe(encoding)}; only PCM and floating-point WAV are supported."),
        };

        if (isFloat ? bits is not (32 or 64) : bits is not (8 or 16 or 24 or 32))
        {
            throw Reject.Because(
                AudioProblem.UnsupportedBitDepth,
                isFloat
                    ? $"The WAV file uses {bits}-bit floating-point samples; 32 and 64-bit are supported."
                    : $"The WAV file uses {bits}-bit PCM samples; 8, 16, 24 and 32-bit are supported.");
        }

        if (blockAlign != channels * bits / 8)
        {
            throw Reject.InvalidHeader($"The WAV header's block size ({blockAlign} bytes) does not match {channels} channels of {bits}-bit samples; the file looks damaged.");
        }

        if (byteRate != sampleRate * (uint)blockAlign)
        {
            throw Reject.InvalidHeader($"The WAV header says {sampleRate} Hz but its byte rate ({byteRate}) does not match; the file looks damaged.");
        }

        return new WavFormat(isFloat, channels, (int)sampleRate, bits, blockAlign);
    }

    private static string Describe(WaveFormatEncoding encoding) => encoding switch
    {
        WaveFormatEncoding.MuLaw => "µ-law",
        WaveFormatEncoding.ALaw => "A-law",
        WaveFormatEncoding.Adpcm or WaveFormatEncoding.ImaAdpcm or WaveFormatEncoding.DviAdpcm => "ADPCM",
        WaveFormatEncoding.MpegLayer3 => "MP3",
        _ => $"format {(int)encoding} ({encoding})",
    };
}
