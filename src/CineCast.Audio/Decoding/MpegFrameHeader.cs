namespace CineCast.Audio.Decoding;

/// <summary>An MPEG-1/2/2.5 audio frame header (layers I–III), enough to find frames and the LAME tag.</summary>
internal readonly record struct MpegFrameHeader(int FrameLength, int SampleRate, int SamplesPerFrame, int SideInfoLength)
{
    public const int Length = 4;

    private static readonly int[][] BitratesKbps =
    [
        [32, 64, 96, 128, 160, 192, 224, 256, 288, 320, 352, 384, 416, 448], // MPEG-1 layer I
        [32, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 384], // MPEG-1 layer II
        [32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320], // MPEG-1 layer III
        [32, 48, 56, 64, 80, 96, 112, 128, 144, 160, 176, 192, 224, 256], // MPEG-2/2.5 layer I
        [8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160], // MPEG-2/2.5 layers II and III
    ];

    private static readonly int[] Mpeg1SampleRates = [44100, 48000, 32000];

    public static bool TryParse(ReadOnlySpan<byte> bytes, out MpegFrameHeader header)
    {
        header = default;
        if (bytes.Length < Length || bytes[0] != 0xFF || (bytes[1] & 0xE0) != 0xE0)
        {
            return false;
        }

        var version = (bytes[1] >> 3) & 3; // 0: MPEG-2.5, 1: reserved, 2: MPEG-2, 3: MPEG-1
        var layer = 4 - ((bytes[1] >> 1) & 3); // 4 means the reserved value 0
        var bitrateIndex = bytes[2] >> 4;
        var sampleRateIndex = (bytes[2] >> 2) & 3;
        // Free-format bitrate (index 0) has no computable frame length and is practically unused.
        if (version == 1 || layer == 4 || bitrateIndex is 0 or 15 || sampleRateIndex == 3 || (bytes[3] & 3) == 2)
        {
            return false;
        }

        var isMpeg1 = version == 3;
        var table = isMpeg1 ? layer - 1 : (layer == 1 ? 3 : 4);
        var bitrate = BitratesKbps[table][bitrateIndex - 1] * 1000;
        var sampleRate = Mpeg1SampleRates[sampleRateIndex] >> (isMpeg1 ? 0 : version == 2 ? 1 : 2);
        var padding = (bytes[2] >> 1) & 1;
        var isMono = bytes[3] >> 6 == 3;

        var (frameLength, samplesPerFrame) = layer switch
        {
            1 => (((12 * bitrate / sampleRate) + padding) * 4, 384),
            2 => ((144 * bitrate / sampleRate) + padding, 1152),
            _ when isMpeg1 => ((144 * bitrate / sampleRate) + padding, 1152),
            _ => ((72 * bitrate / sampleRate) + padding, 576),
        };
        var sideInfoLength = layer != 3 ? 0 : isMpeg1 ? (isMono ? 17 : 32) : (isMono ? 9 : 17);
        header = new MpegFrameHeader(frameLength, sampleRate, samplesPerFrame, sideInfoLength);
        return true;
    }

    /// <summary>Whether a frame starts at <paramref name="offset"/> and the frame it announces next starts where it says.</summary>
    public static bool FramesChainAt(ReadOnlySpan<byte> bytes, int offset) =>
        offset >= 0
        && offset < bytes.Length
        && TryParse(bytes[offset..], out var first)
        && offset + first.FrameLength < bytes.Length
        && TryParse(bytes[(offset + first.FrameLength)..], out var second)
        && second.SampleRate == first.SampleRate;
}
