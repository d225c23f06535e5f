using CineCast.Audio.Matching;
using CineCast.Audio.Tests.Support;

namespace CineCast.Audio.Tests.Matching;

public sealed class StreamingResamplerTests
{
    [Theory]
    [InlineData(22050, 24000)]
    [InlineData(44100, 24000)]
    [InlineData(8000, 24000)]
    [InlineData(44101, 24000)]
    [InlineData(24000, 24000)]
    public void Random_block_sizes_give_the_one_shot_result(int fromRate, int toRate)
    {
        var input = Signals.Sine(997, fromRate, 0.7);
        var expected = new Resampler(fromRate, toRate).Process(input);

        var streamed = StreamInRandomBlocks(new StreamingResampler(fromRate, toRate), input, seed: fromRate);

        Assert.Equal(expected.Length, streamed.Length);
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.Equal(expected[i], streamed[i], 1e-4f);
        }
    }

    [Fact]
    public void Resampling_espeak_output_keeps_a_sines_frequency_and_level()
    {
        var input = Signals.Sine(1000, 22050, 1.0);

        var output = StreamInRandomBlocks(new StreamingResampler(22050, 24000), input, seed: 1);

        var middle = output.AsSpan(2400, 19200);
        Assert.Equal(1000, Signals.ZeroCrossingFrequency(middle, 24000), 0.1);
        Assert.Equal(Signals.RmsDb(input), Signals.RmsDb(middle), 0.2);
    }

    [Fact]
    public void Process_stays_within_its_output_bound_and_flush_writes_exactly_what_is_pending()
    {
        var resampler = new StreamingResampler(22050, 24000);
        var random = new Random(2);
        var written = 0L;
        var inputLength = 0L;
        for (var call = 0; call < 200; call++)
        {
            var block = new float[random.Next(0, 700)];
            var output = new float[resampler.MaxOutputLength(block.Length)];
            written += resampler.Process(block, output);
            inputLength += block.Length;
        }

        var pending = resampler.PendingOutputLength;
        var flushed = resampler.Flush(new float[pending]);

        Assert.Equal(pending, flushed);
        Assert.Equal(new Resampler(22050, 24000).OutputLength(inputLength), written + flushed);
        Assert.Equal(0, resampler.PendingOutputLength);
    }

    [Fact]
    public void Output_is_held_back_only_by_half_a_kernel()
    {
        var resampler = new StreamingResampler(22050, 24000);
        var output = new float[resampler.MaxOutputLength(22050)];

        var written = resampler.Process(new float[22050], output);

        Assert.InRange(24000 - written, 1, 24000 * 0.005);
    }

    [Fact]
    public void Flushing_starts_a_new_stream()
    {
        var input = Signals.Sine(440, 22050, 0.3);
        var resampler = new StreamingResampler(22050, 24000);

        var first = StreamInRandomBlocks(resampler, input, seed: 4);
        var second = StreamInRandomBlocks(resampler, input, seed: 9);

        Assert.Equal(first, second);
    }

    [Fact]
    public void Resampling_blocks_allocates_nothing()
    {
        var resampler = new StreamingResampler(22050, 24000);
        var block = Signals.Sine(440, 22050, 0.05);
        var output = new float[resampler.MaxOutputLength(block.Length)];
        resampler.Process(block, output);

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 10; i++)
        {
            resampler.Process(block, output);
        }

        Assert.Equal(before, GC.GetAllocatedBytesForCurrentThread());
    }

    private static float[] StreamInRandomBlocks(StreamingResampler resampler, float[] input, int seed)
    {
        var random = new Random(seed);
        var output = new List<float>();
        for (var offset = 0; offset < input.Length;)
        {
            var length = Math.Min(random.Next(0, 5000), input.Length - offset);
            var block = new float[resampler.MaxOutputLength(length)];
            var written = resampler.Process(input.AsSpan(offset, length), block);
            output.AddRange(block[..written]);
            offset += length;
        }

        var tail = new float[resampler.PendingOutputLength];
        resampler.Flush(tail);
        output.AddRange(tail);
        return [.. output];
    }
}
