using CineCast.Audio.Tests.Support;

namespace CineCast.Audio.Tests;

public sealed class ResamplerTests
{
    [Theory]
    [InlineData(44100, 24000, 1000)]
    [InlineData(22050, 24000, 1000)]
    [InlineData(8000, 24000, 440)]
    [InlineData(48000, 24000, 3000)]
    [InlineData(96000, 24000, 8000)]
    [InlineData(24000, 16000, 5000)]
    [InlineData(44101, 24000, 1000)]
    public void A_sine_keeps_its_frequency_and_level_after_resampling(int fromRate, int toRate, double frequency)
    {
        var input = Signals.Sine(frequency, fromRate, 1.0);

        var output = Resampler.Resample(input, fromRate, toRate);

        var middle = output.AsSpan(toRate / 10, toRate * 8 / 10);
        Assert.Equal(frequency, Signals.ZeroCrossingFrequency(middle, toRate), frequency * 1e-4);
        Assert.Equal(Signals.RmsDb(input), Signals.RmsDb(middle), 0.2);
    }

    [Theory]
    [InlineData(48000, 24000, 13000)]
    [InlineData(44100, 24000, 15000)]
    [InlineData(96000, 24000, 20000)]
    [InlineData(96000, 24000, 12500)]
    public void A_tone_above_the_target_nyquist_frequency_is_removed_rather_than_aliased(int fromRate, int toRate, double frequency)
    {
        var input = Signals.Sine(frequency, fromRate, 1.0);

        var output = Resampler.Resample(input, fromRate, toRate);

        Assert.True(Signals.RmsDb(output.AsSpan(toRate / 10, toRate * 8 / 10)) < Signals.RmsDb(input) - 60);
    }

    [Fact]
    public void Upsampling_leaves_no_images_above_the_old_nyquist_frequency()
    {
        var output = Resampler.Resample(Signals.Sine(3000, 8000, 1.0), 8000, 24000);

        var middle = output.AsSpan(2400, 19200);
        var wanted = Signals.ComponentDb(middle, 24000, 3000);
        Assert.True(Signals.ComponentDb(middle, 24000, 5000) < wanted - 60);
        Assert.True(Signals.ComponentDb(middle, 24000, 11000) < wanted - 60);
    }

    [Theory]
    [InlineData(48000, 24000, 48000, 24000)]
    [InlineData(44100, 24000, 44100, 24000)]
    [InlineData(44100, 24000, 1000, 545)]
    [InlineData(8000, 24000, 333, 999)]
    [InlineData(22050, 24000, 22050, 24000)]
    [InlineData(24000, 24000, 1234, 1234)]
    public void The_output_has_the_length_of_the_input_duration_at_the_new_rate(int fromRate, int toRate, int inputLength, int expectedLength)
    {
        Assert.Equal(expectedLength, Resampler.Resample(new float[inputLength], fromRate, toRate).Length);
    }

    [Fact]
    public void A_constant_stays_constant_away_from_the_edges()
    {
        var output = Resampler.Resample(Enumerable.Repeat(0.25f, 44100).ToArray(), 44100, 24000);

        Assert.All(output[1000..^1000], sample => Assert.Equal(0.25f, sample, 1e-4f));
    }
}
