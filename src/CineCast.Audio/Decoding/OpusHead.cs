using System.Buffers.Binary;

namespace CineCast.Audio.Decoding;

/// <summary>The Opus identification header (RFC 7845 §5.1), shared by Ogg and WebM (as CodecPrivate).</summary>
internal sealed record OpusHead(int Channels, int PreSkip, float OutputGain, int StreamCount, int CoupledCount, byte[] ChannelMapping)
{
    private const int MinLength = 19;
    private const int MaxChannelsWithMapping = 8;

    public static bool IsOpusHead(ReadOnlySpan<byte> packet) => packet.StartsWith("OpusHead"u8);

    public static OpusHead Parse(ReadOnlySpan<byte> packet, string container)
    {
        if (!IsOpusHead(packet) || packet.Length < MinLength)
        {
            throw Reject.InvalidHeader($"The {container} file's Opus header is missing or too short; the file looks damaged.");
        }

        // Major version 0 only; minor versions stay compatible.
        if (packet[8] >= 16)
        {
            throw Reject.Unsupported($"The {container} file uses Opus header version {packet[8]}, which is not supported.");
        }

        int channels = packet[9];
        int preSkip = BinaryPrimitives.ReadUInt16LittleEndian(packet[10..]);
        var gainDb = BinaryPrimitives.ReadInt16LittleEndian(packet[16..]) / 256f;
        var outputGain = MathF.Pow(10, gainDb / 20);
        int mappingFamily = packet[18];
        if (channels == 0)
        {
            throw Reject.Because(AudioProblem.InvalidChannelCount, $"The {container} file's Opus header says it has no channels; the file looks damaged.");
        }

        switch (mappingFamily)
        {
            case 0 when channels <= 2:
                return new OpusHead(channels, preSkip, outputGain, 1, channels - 1, channels == 1 ? [0] : [0, 1]);
            case 0:
                throw Reject.InvalidHeader($"The {container} file's Opus header says {channels} channels without a channel mapping; the file looks damaged.");
            case 1 when channels <= MaxChannelsWithMapping:
                if (packet.Length < MinLength + 2 + channels)
                {
                    throw Reject.InvalidHeader($"The {container} file's Opus channel mapping is too short; the file looks damaged.");
                }

                int streams = packet[19];
                int coupled = packet[20];
                var mapping = packet.Slice(21, channels).ToArray();
                if (streams == 0 || coupled > streams || mapping.Any(index => index != 255 && index >= streams + coupled))
                {
                    throw Reject.InvalidHeader($"The {container} file's Opus channel mapping is inconsistent; the file looks damaged.");
                }

                return new OpusHead(channels, preSkip, outputGain, streams, coupled, mapping);
            default:
                throw Reject.Unsupported($"The {container} file uses an Opus channel layout (family {mappingFamily}, {channels} channels) that is not supported; upload mono or stereo audio.");
        }
    }
}
