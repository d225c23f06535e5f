namespace CineCast.Audio;

/// <summary>Decoded audio as interleaved float samples, nominally in [-1, 1].</summary>
public sealed class PcmAudio
{
    public PcmAudio(float[] samples, int sampleRate, int channels)
    {
        ArgumentNullException.ThrowIfNull(samples);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(sampleRate);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(channels);
        if (samples.Length % channels != 0)
        {
            throw new ArgumentException("The sample count must be a whole number of frames.", nameof(samples));
        }

        Samples = samples;
        SampleRate = sampleRate;
        Channels = channels;
    }

    public float[] Samples { get; }

    public int SampleRate { get; }

    public int Channels { get; }

    public int FrameCount => Samples.Length / Channels;

    public double DurationSeconds => (double)FrameCount / SampleRate;

    /// <summary>The channels averaged into one (the samples themselves when there is one channel).</summary>
    public float[] ToMono()
    {
        if (Channels == 1)
        {
            return Samples;
        }

        var mono = new float[FrameCount];
        var samples = Samples.AsSpan();
        for (var frame = 0; frame < mono.Length; frame++)
        {
            var sum = 0f;
            foreach (var sample in samples.Slice(frame * Channels, Channels))
            {
                sum += sample;
            }

            mono[frame] = sum / Channels;
        }

        return mono;
    }
}
