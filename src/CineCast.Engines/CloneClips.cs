using CineCast.Audio;

namespace CineCast.Engines;

/// <summary>
/// The one reader of a stored clone's clip for the engines, with the clone service's own decoding limit: a clip
/// that was accepted is always readable by every engine, whatever the limits are configured to.
/// </summary>
public sealed class CloneClips(double maxDecodedSeconds)
{
    /// <summary>The clip as mono float samples at <paramref name="sampleRate"/>.</summary>
    public float[] Read(string clipPath, int sampleRate)
    {
        using var file = File.OpenRead(clipPath);
        var clip = AudioDecoder.Decode(file, new DecodeLimits(maxDecodedSeconds));
        return clip.SampleRate == sampleRate ? clip.Samples : Resampler.Resample(clip.Samples, clip.SampleRate, sampleRate);
    }
}
