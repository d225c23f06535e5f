namespace CineCast.Audio;

/// <summary>Why an upload was refused; each maps to a client error with a reason in the web layer.</summary>
public enum AudioProblem
{
    /// <summary>No bytes, or a container that holds no samples.</summary>
    Empty,

    /// <summary>The content is not a format we recognise.</summary>
    NotAudio,

    /// <summary>A known container with an encoding we do not decode.</summary>
    UnsupportedFormat,

    /// <summary>The data ends before the headers say it should, or in the middle of a frame or page.</summary>
    Truncated,

    /// <summary>Headers that contradict themselves or the data, or damaged coded data.</summary>
    InvalidHeader,

    /// <summary>A sample rate outside 8,000..384,000 Hz.</summary>
    InvalidSampleRate,

    /// <summary>A channel count outside 1..32.</summary>
    InvalidChannelCount,

    /// <summary>A sample width we do not decode.</summary>
    UnsupportedBitDepth,

    /// <summary>NaN or infinity in the samples.</summary>
    NonFiniteSamples,

    /// <summary>The decoded audio is longer than the decode limit.</summary>
    TooLong,

    /// <summary>No speech energy.</summary>
    Silent,

    /// <summary>Less speech than the minimum once silence is trimmed.</summary>
    TooShort,

    /// <summary>More speech than the maximum once silence is trimmed.</summary>
    TooLongSpeech,

    /// <summary>Too many samples at or near full scale.</summary>
    Clipped,
}
