namespace CineCast.Audio.Decoding;

/// <summary>Opus in Ogg (RFC 7845), with pre-skip and end trimming from the final granule position.</summary>
internal sealed class OggOpusDecoder : IAudioDecoder
{
    private const string ContainerName = "Ogg";

    public AudioContainer Container => AudioContainer.Ogg;

    public bool Recognises(ReadOnlySpan<byte> head) => head.StartsWith("OggS"u8);

    public PcmAudio Decode(Stream input, DecodeLimits limits)
    {
        var reader = new OggPacketReader(input);
        if (!reader.TryReadPacket(out var identification, out _))
        {
            throw Reject.Because(AudioProblem.Empty, "The Ogg file contains no audio.");
        }

        if (!OpusHead.IsOpusHead(identification))
        {
            throw Reject.Unsupported($"The Ogg file holds {DescribeCodec(identification)}; only Opus is supported in Ogg. Upload WAV, MP3, Ogg/Opus or WebM/Opus.");
        }

        var head = OpusHead.Parse(identification, ContainerName);
        if (!reader.TryReadPacket(out var comments, out var commentsTooLong) || !(commentsTooLong || comments.StartsWith("OpusTags"u8)))
        {
            throw Reject.InvalidHeader("The Ogg/Opus file lacks its comment header; the file looks damaged.");
        }

        using var decoder = new OpusStreamDecoder(head, limits, ContainerName);
        while (reader.TryReadPacket(out var packet, out var tooLong))
        {
            if (tooLong)
            {
                throw Reject.InvalidHeader("The Ogg file contains an impossibly large Opus packet; the file looks damaged.");
            }

            decoder.Decode(packet);
        }

        // The final granule position counts every sample including the pre-skip, which tells how much of the last packet is padding.
        return decoder.Finish(reader.LastGranulePosition >= 0 ? reader.LastGranulePosition - head.PreSkip : null);
    }

    private static string DescribeCodec(ReadOnlySpan<byte> identification) => identification switch
    {
        _ when identification.StartsWith("\u0001vorbis"u8) => "Vorbis audio",
        _ when identification.StartsWith("\u007FFLAC"u8) => "FLAC audio",
        _ when identification.StartsWith("Speex   "u8) => "Speex audio",
        _ when identification.StartsWith("\u0080theora"u8) => "Theora video",
        _ => "an unknown codec",
    };
}
