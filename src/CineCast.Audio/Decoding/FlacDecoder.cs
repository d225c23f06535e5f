namespace CineCast.Audio.Decoding;

/// <summary>Recognises FLAC so the user gets a precise reason instead of "not audio".</summary>
internal sealed class FlacDecoder : IAudioDecoder
{
    public AudioContainer Container => AudioContainer.Flac;

    public bool Recognises(ReadOnlySpan<byte> head) => head.StartsWith("fLaC"u8);

    public PcmAudio Decode(Stream input, DecodeLimits limits) =>
        throw Reject.Unsupported("FLAC is not supported yet; upload WAV, MP3, Ogg/Opus or WebM/Opus.");
}
