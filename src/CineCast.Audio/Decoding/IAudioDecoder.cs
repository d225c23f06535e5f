namespace CineCast.Audio.Decoding;

/// <summary>Decodes one container format; <see cref="AudioDecoder"/> picks the implementation by sniffing.</summary>
internal interface IAudioDecoder
{
    AudioContainer Container { get; }

    /// <summary>Whether the first bytes of a file belong to this container.</summary>
    bool Recognises(ReadOnlySpan<byte> head);

    /// <summary>Decodes the whole seekable stream from position 0; throws <see cref="AudioRejectedException"/> for bad content.</summary>
    PcmAudio Decode(Stream input, DecodeLimits limits);
}
