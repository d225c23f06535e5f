namespace CineCast.Audio;

/// <summary>
/// Bounds applied while decoding: audio longer than <paramref name="MaxDurationSeconds"/>, or holding more than
/// <paramref name="MaxSamples"/> samples over all channels, is refused as <see cref="AudioProblem.TooLong"/>
/// before the memory for it is allocated.
/// </summary>
public sealed record DecodeLimits(double MaxDurationSeconds, long MaxSamples = DecodeLimits.DefaultMaxSamples)
{
    /// <summary>About 96 MB of float PCM: three minutes of 48 kHz stereo with room to spare, far less than 32 channels at 384 kHz.</summary>
    public const long DefaultMaxSamples = 24_000_000;
}
