namespace CineCast.Audio.Decoding;

/// <summary>
/// Collects decoded interleaved samples and refuses to grow past the duration limit, so a small file that
/// expands to hours of audio fails before the memory is allocated.
/// </summary>
internal sealed class SampleAccumulator
{
    private const int InitialCapacity = 1 << 16;

    private readonly DecodeLimits limits;
    private readonly long maxSamples;
    private readonly bool boundedByDuration;
    private float[] buffer;
    private int count;

    public SampleAccumulator(int sampleRate, int channels, DecodeLimits limits, long expectedSamples = 0)
    {
        this.limits = limits;
        Channels = channels;
        SampleRate = sampleRate;
        var durationBound = (long)Math.Ceiling(limits.MaxDurationSeconds * sampleRate) * channels;
        boundedByDuration = durationBound <= limits.MaxSamples;
        maxSamples = Math.Min(Math.Min(durationBound, limits.MaxSamples), Array.MaxLength);
        buffer = new float[(int)Math.Min(Math.Max(expectedSamples, InitialCapacity), maxSamples + channels)];
    }

    public int Channels { get; }

    public int SampleRate { get; }

    public long FrameCount => count / Channels;

    /// <summary>Space for up to <paramref name="sampleCount"/> more samples; call <see cref="Commit"/> with how many were written.</summary>
    public Span<float> Reserve(int sampleCount)
    {
        var needed = (long)count + sampleCount;
        if (needed > buffer.Length)
        {
            var capacity = Math.Min(Math.Max(needed, 2L * buffer.Length), maxSamples + sampleCount);
            Array.Resize(ref buffer, (int)Math.Min(capacity, Array.MaxLength));
        }

        return buffer.AsSpan(count, sampleCount);
    }

    public void Commit(int sampleCount)
    {
        count += sampleCount;
        if (count > maxSamples)
        {
            throw boundedByDuration ? Reject.TooLong(limits) : Reject.TooMuchAudio();
        }
    }

    public void Append(ReadOnlySpan<float> samples)
    {
        samples.CopyTo(Reserve(samples.Length));
        Commit(samples.Length);
    }

    /// <summary>Drops frames past <paramref name="frames"/>, e.g. encoder padding at the end.</summary>
    public void TruncateFrames(long frames)
    {
        if (frames >= 0 && frames * Channels < count)
        {
            count = (int)(frames * Channels);
        }
    }

    public PcmAudio ToPcmAudio() => new(buffer.AsSpan(0, count).ToArray(), SampleRate, Channels);
}
