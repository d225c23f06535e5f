namespace CineCast.Audio;

/// <summary>The container format recognised from a file's content.</summary>
public enum AudioContainer
{
    Unknown,
    Wav,
    Mp3,
    Ogg,
    WebM,
    Flac,
}
