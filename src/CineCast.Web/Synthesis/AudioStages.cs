using CineCast.Audio;
using CineCast.Audio.Matching;
using CineCast.Web.Engines;
using NAudio.Wave;

namespace CineCast.Web.Synthesis;

/// <summary>One step of post-processing: takes blocks, returns what is final so far (valid until the next call).</summary>
public interface IAudioStage
{
    /// <summary>Output length over input length, exactly, over a whole stream.</summary>
    double LengthRatio { get; }

    ReadOnlyMemory<float> Process(ReadOnlySpan<float> block);

    ReadOnlyMemory<float> Flush();
}

/// <summary>
/// What every stream passes through after its engine, whoever reads it (hub, HTTP, batches): the pace an engine
/// cannot set itself (time-stretched, pitch kept), then the one conversion from the engine's format to the
/// stream's. A new stage (a watermark, loudness) is one <see cref="IAudioStage"/> added here.
/// </summary>
public sealed class AudioStages
{
    private readonly IAudioStage[] stages;
    private readonly double lengthRatio;

    private AudioStages(WaveFormat input, IAudioStage[] stages)
    {
        Input = input;
        this.stages = stages;
        lengthRatio = stages.Aggregate(1.0, (ratio, stage) => ratio * stage.LengthRatio);
    }

    /// <summary>The format the stages take; audio in another format needs stages of its own.</summary>
    public WaveFormat Input { get; }

    /// <summary>How many samples went in.</summary>
    public long InputSamples { get; private set; }

    public static AudioStages For(ISpeechEngine engine, SynthesisSettings settings, WaveFormat input, WaveFormat output)
    {
        if (input.Channels != 1 || output.Channels != 1)
        {
            throw new EngineFailedException($"The {engine.Id} engine spoke {input.Channels} channels; speech streams are mono.");
        }
        var stages = new List<IAudioStage>();
        if (!engine.ControlsSpeed && settings.Speed != 1.0)
        {
            stages.Add(new SpeedStage(input.SampleRate, settings.Speed));
        }
        if (input.SampleRate != output.SampleRate)
        {
            stages.Add(new ResampleStage(input.SampleRate, output.SampleRate));
        }
        return new AudioStages(input, [.. stages]);
    }

    /// <summary>Where, in output samples, the input sample at <paramref name="inputPosition"/> is heard.</summary>
    public long OutputPositionOf(long inputPosition) => (long)Math.Round(inputPosition * lengthRatio);

    public ReadOnlyMemory<float> Process(ReadOnlyMemory<float> block)
    {
        InputSamples += block.Length;
        return Through(0, block);
    }

    /// <summary>Each stage's held-back tail, through the stages after it, in order.</summary>
    public IEnumerable<ReadOnlyMemory<float>> Flush()
    {
        for (var i = 0; i < stages.Length; i++)
        {
            var tail = Through(i + 1, stages[i].Flush());
            if (!tail.IsEmpty)
            {
                yield return tail;
            }
        }
    }

    private ReadOnlyMemory<float> Through(int first, ReadOnlyMemory<float> block)
    {
        for (var i = first; i < stages.Length && !block.IsEmpty; i++)
        {
            block = stages[i].Process(block.Span);
        }
        return block;
    }

    private sealed class SpeedStage(int sampleRate, double speed) : IAudioStage
    {
        private readonly TimeStretcher stretcher = new(sampleRate, speed);

        public double LengthRatio => 1 / speed;

        public ReadOnlyMemory<float> Process(ReadOnlySpan<float> block) => stretcher.Process(block);

        public ReadOnlyMemory<float> Flush() => stretcher.Flush();
    }

    private sealed class ResampleStage(int fromRate, int toRate) : IAudioStage
    {
        private readonly StreamingResampler resampler = new(fromRate, toRate);
        private float[] output = new float[4096];

        public double LengthRatio => (double)toRate / fromRate;

        public ReadOnlyMemory<float> Process(ReadOnlySpan<float> block)
        {
            Grow(resampler.MaxOutputLength(block.Length));
            return output.AsMemory(0, resampler.Process(block, output));
        }

        public ReadOnlyMemory<float> Flush()
        {
            Grow(resampler.PendingOutputLength);
            return output.AsMemory(0, resampler.Flush(output));
        }

        private void Grow(int length)
        {
            if (output.Length < length)
            {
                output = new float[Math.Max(length, output.Length * 2)];
            }
        }
    }
}
