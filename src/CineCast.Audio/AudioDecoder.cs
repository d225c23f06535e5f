using CineCast.Audio.Decoding;

namespace CineCast.Audio;

/// <summary>Recognises uploaded audio by its content and decodes it to float PCM.</summary>
public static class AudioDecoder
{
    /// <summary>How many leading bytes <see cref="Decode"/> sniffs; enough to see two MP3 frames of any bitrate.</summary>
    public const int SniffLength = 4096;

    private static readonly IAudioDecoder[] Decoders =
    [
        new WavDecoder(),
        new OggOpusDecoder(),
        new WebMOpusDecoder(),
        new FlacDecoder(),
        new Mp3Decoder(),
    ];

    /// <summary>
    /// The container of a file from its first bytes. MP3 without an ID3 tag is only recognised when
    /// <paramref name="head"/> reaches the second frame header (pass <see cref="SniffLength"/> bytes).
    /// </summary>
    public static AudioContainer Sniff(ReadOnlySpan<byte> head) => Find(head)?.Container ?? AudioContainer.Unknown;

    /// <summary>
    /// Decodes a whole seekable stream, starting from position 0.
    /// Every problem with the content is reported as <see cref="AudioRejectedException"/>.
    /// </summary>
    public static PcmAudio Decode(Stream input, DecodeLimits limits)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(limits);
        if (!input.CanRead || !input.CanSeek)
        {
            throw new ArgumentException("The stream must be readable and seekable.", nameof(input));
        }

        if (!double.IsFinite(limits.MaxDurationSeconds) || limits.MaxDurationSeconds <= 0 || limits.MaxSamples <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(limits), "The maximum duration must be a positive number of seconds.");
        }

        input.Position = 0;
        var head = new byte[SniffLength];
        var headLength = input.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        if (headLength == 0)
        {
            throw new AudioRejectedException(AudioProblem.Empty, "The file is empty.");
        }

        var decoder = Find(head.AsSpan(0, headLength)) ?? throw new AudioRejectedException(
            AudioProblem.NotAudio,
            "The file is not audio we recognise; upload WAV, MP3, Ogg/Opus or WebM/Opus.");

        input.Position = 0;
        PcmAudio audio;
        try
        {
            audio = decoder.Decode(input, limits);
        }
        catch (Exception exception) when (IsDamagedContent(exception))
        {
            throw new AudioRejectedException(
                AudioProblem.InvalidHeader,
                $"The {Describe(decoder.Container)} file could not be decoded; it looks damaged.",
                exception);
        }

        return audio.FrameCount > 0
            ? audio
            : throw new AudioRejectedException(AudioProblem.Empty, $"The {Describe(decoder.Container)} file contains no audio.");
    }

    private static IAudioDecoder? Find(ReadOnlySpan<byte> head)
    {
        foreach (var decoder in Decoders)
        {
            if (decoder.Recognises(head))
            {
                return decoder;
            }
        }

        return null;
    }

    private static string Describe(AudioContainer container) => container switch
    {
        AudioContainer.Wav => "WAV",
        AudioContainer.Mp3 => "MP3",
        AudioContainer.Flac => "FLAC",
        _ => container.ToString(),
    };

    // Third-party decoders signal malformed input with assorted exception types; only failures of the
    // stream itself, cancellation and memory exhaustion are not about the content.
    private static bool IsDamagedContent(Exception exception) => exception switch
    {
        AudioRejectedException or OutOfMemoryException or OperationCanceledException => false,
        EndOfStreamException => true,
        IOException => false,
        _ => true,
    };
}
