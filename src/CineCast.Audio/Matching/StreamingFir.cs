namespace CineCast.Audio.Matching;

/// <summary>
/// Direct-form FIR filter over a stream of blocks of any size. Each output sample is one vectorised dot product
/// over a delay line that carries the last taps across calls, so the result does not depend on how the stream is
/// cut into blocks. For the linear-phase taps of <see cref="EqualizerDesign"/> the output lags the input by
/// <see cref="LatencySamples"/>.
/// </summary>
public sealed class StreamingFir
{
    private const int ChunkLength = 4096;

    private readonly float[] reversedTaps;

    // The last (taps - 1) input samples, followed by room for one chunk of new ones.
    private readonly float[] delayLine;

    public StreamingFir(float[] taps)
    {
        ArgumentNullException.ThrowIfNull(taps);
        ArgumentOutOfRangeException.ThrowIfZero(taps.Length);
        reversedTaps = (float[])taps.Clone();
        Array.Reverse(reversedTaps);
        delayLine = new float[taps.Length - 1 + ChunkLength];
        LatencySamples = (taps.Length - 1) / 2;
    }

    /// <summary>The group delay of symmetric (linear-phase) taps, in samples.</summary>
    public int LatencySamples { get; }

    private int HistoryLength => reversedTaps.Length - 1;

    /// <summary>Filters one block; <paramref name="output"/> must be as long as <paramref name="input"/>.</summary>
    public void Process(ReadOnlySpan<float> input, Span<float> output)
    {
        if (output.Length != input.Length)
        {
            throw new ArgumentException("The output block must be as long as the input block.", nameof(output));
        }

        while (!input.IsEmpty)
        {
            var count = Math.Min(input.Length, ChunkLength);
            input[..count].CopyTo(delayLine.AsSpan(HistoryLength));
            FilterChunk(output[..count]);
            input = input[count..];
            output = output[count..];
        }
    }

    /// <summary>
    /// Writes the <see cref="LatencySamples"/> samples still held back after the last input (the input is taken to
    /// continue with silence) and resets the filter for a new stream. Returns the number of samples written.
    /// </summary>
    public int Flush(Span<float> output)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(output.Length, LatencySamples);
        output = output[..LatencySamples];
        while (!output.IsEmpty)
        {
            var count = Math.Min(output.Length, ChunkLength);
            delayLine.AsSpan(HistoryLength, count).Clear();
            FilterChunk(output[..count]);
            output = output[count..];
        }

        delayLine.AsSpan().Clear();
        return LatencySamples;
    }

    /// <summary>Filters the new samples placed after the history, then keeps the newest ones as the next history.</summary>
    private void FilterChunk(Span<float> output)
    {
        var taps = reversedTaps.Length;
        for (var i = 0; i < output.Length; i++)
        {
            output[i] = Resampler.Dot(delayLine.AsSpan(i, taps), reversedTaps);
        }

        delayLine.AsSpan(output.Length, HistoryLength).CopyTo(delayLine);
    }
}
