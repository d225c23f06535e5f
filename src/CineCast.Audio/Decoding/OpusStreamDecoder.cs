using System.Buffers;
using Concentus;

namespace CineCast.Audio.Decoding;

/// <summary>Decodes a sequence of Opus packets with Concentus at 48 kHz, dropping the pre-skip and applying the output gain.</summary>
internal sealed class OpusStreamDecoder : IDisposable
{
    public const int SampleRate = 48000;

    // 120 ms, the longest an Opus packet can be.
    private const int MaxPacketFrames = 5760;

    private readonly string container;
    private readonly IOpusDecoder? singleStream;
    private readonly IOpusMultiStreamDecoder? multiStream;
    private readonly SampleAccumulator accumulator;
    private readonly float outputGain;
    private readonly float[] pcm;
    private int framesToSkip;

    public OpusStreamDecoder(OpusHead head, DecodeLimits limits, string container)
    {
        this.container = container;
        if (head.StreamCount == 1 && head.Channels <= 2)
        {
            singleStream = OpusCodecFactory.CreateDecoder(SampleRate, head.Channels);
        }
        else
        {
            multiStream = OpusCodecFactory.CreateMultiStreamDecoder(SampleRate, head.Channels, head.StreamCount, head.CoupledCount, head.ChannelMapping);
        }

        accumulator = new SampleAccumulator(SampleRate, head.Channels, limits);
        outputGain = head.OutputGain;
        framesToSkip = head.PreSkip;
        pcm = ArrayPool<float>.Shared.Rent(MaxPacketFrames * head.Channels);
    }

    public long DecodedFrames => accumulator.FrameCount;

    public void Decode(ReadOnlySpan<byte> packet)
    {
        // An empty packet marks a lost one; there is nothing to decode.
        if (packet.IsEmpty)
        {
            return;
        }

        int frames;
        try
        {
            frames = singleStream is not null
                ? singleStream.Decode(packet, pcm, MaxPacketFrames, false)
                : multiStream!.DecodeMultistream(packet, pcm, MaxPacketFrames, false);
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            throw new AudioRejectedException(AudioProblem.InvalidHeader, $"The {container} file contains a damaged Opus packet.", exception);
        }

        var skipped = Math.Min(frames, framesToSkip);
        framesToSkip -= skipped;
        var samples = pcm.AsSpan(skipped * accumulator.Channels, (frames - skipped) * accumulator.Channels);
        var output = accumulator.Reserve(samples.Length);
        for (var i = 0; i < samples.Length; i++)
        {
            output[i] = samples[i] * outputGain;
        }

        accumulator.Commit(samples.Length);
    }

    /// <summary>The decoded audio, cut to <paramref name="totalFrames"/> when the container says where it ends.</summary>
    public PcmAudio Finish(long? totalFrames)
    {
        if (totalFrames is { } frames)
        {
            accumulator.TruncateFrames(Math.Max(frames, 0));
        }

        return accumulator.ToPcmAudio();
    }

    public void Dispose()
    {
        singleStream?.Dispose();
        multiStream?.Dispose();
        ArrayPool<float>.Shared.Return(pcm);
    }
}
