namespace CineCast.Audio.Matching;

/// <summary>
/// <see cref="Resampler"/> over a stream of blocks: the same kernels and the same output instants, so the
/// concatenated output equals <see cref="Resampler.Process"/> on the whole signal. An output sample is written once
/// the input it needs has arrived (half the kernel, about 1.5 ms at 22,050 Hz, is held back); <see cref="Flush"/>
/// writes the rest as if the input continued with silence.
/// </summary>
public sealed class StreamingResampler
{
    private const int ChunkLength = 4096;

    private readonly Resampler resampler;

    // Input samples from absolute index windowStart on; it starts with a kernel's worth of silence before the signal.
    private readonly float[] window;
    private long windowStart;
    private int windowLength;
    private long inputCount;
    private long outputCount;

    public StreamingResampler(int fromRate, int toRate)
    {
        resampler = new Resampler(fromRate, toRate);
        window = new float[resampler.TapsPerPhase + ChunkLength + 1];
        Reset();
    }

    public int FromRate => resampler.FromRate;

    public int ToRate => resampler.ToRate;

    /// <summary>The number of samples <see cref="Flush"/> will write now.</summary>
    public int PendingOutputLength => (int)(resampler.OutputLength(inputCount) - outputCount);

    /// <summary>Output space that is always enough for one <see cref="Process"/> call with this many input samples.</summary>
    public int MaxOutputLength(int inputLength) => (int)resampler.OutputLength(inputLength) + 2;

    /// <summary>Resamples a block; returns the number of samples written to <paramref name="output"/>.</summary>
    public int Process(ReadOnlySpan<float> input, Span<float> output)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(output.Length, MaxOutputLength(input.Length));
        var written = 0;
        while (!input.IsEmpty)
        {
            var count = Math.Min(input.Length, window.Length - windowLength);
            input[..count].CopyTo(window.AsSpan(windowLength));
            windowLength += count;
            inputCount += count;
            input = input[count..];
            written += Emit(output[written..], long.MaxValue);
        }

        return written;
    }

    /// <summary>Writes the <see cref="PendingOutputLength"/> remaining samples and resets for a new stream.</summary>
    public int Flush(Span<float> output)
    {
        var pending = PendingOutputLength;
        ArgumentOutOfRangeException.ThrowIfLessThan(output.Length, pending);
        var end = outputCount + pending;
        var written = 0;
        while (outputCount < end)
        {
            window.AsSpan(windowLength).Clear();
            windowLength = window.Length;
            written += Emit(output[written..], end);
        }

        Reset();
        return written;
    }

    /// <summary>Computes the outputs (up to index <paramref name="end"/>) whose kernels lie within the window, then drops input no later output needs.</summary>
    private int Emit(Span<float> output, long end)
    {
        var written = 0;
        var available = windowStart + windowLength;
        var first = resampler.KernelFor(outputCount, out var kernel);
        while (outputCount < end && first + kernel.Length <= available)
        {
            output[written++] = Resampler.Dot(window.AsSpan((int)(first - windowStart), kernel.Length), kernel);
            outputCount++;
            first = resampler.KernelFor(outputCount, out kernel);
        }

        var consumed = (int)Math.Clamp(first - windowStart, 0, windowLength);
        window.AsSpan(consumed, windowLength - consumed).CopyTo(window);
        windowStart += consumed;
        windowLength -= consumed;
        return written;
    }

    private void Reset()
    {
        Array.Clear(window);
        windowStart = -resampler.TapsPerPhase;
        windowLength = resampler.TapsPerPhase;
        inputCount = 0;
        outputCount = 0;
    }
}
