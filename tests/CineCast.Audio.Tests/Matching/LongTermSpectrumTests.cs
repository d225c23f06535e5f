using CineCast.Audio.Matching;
using CineCast.Audio.Tests.Support;

namespace CineCast.Audio.Tests.Matching;

public sealed class LongTermSpectrumTests
{
    private const int Rate = 24000;

    [Fact]
    public void The_bands_are_the_twenty_iso_third_octaves_from_100_hz_to_8_khz()
    {
        Assert.Equal(20, LongTermSpectrum.BandCentersHz.Count);
        Assert.Equal(100, LongTermSpectrum.BandCentersHz[0]);
        Assert.Equal(1000, LongTermSpectrum.BandCentersHz[10]);
        Assert.Equal(8000, LongTermSpectrum.BandCentersHz[^1]);
    }

    [Fact]
    public void White_noise_rises_one_decibel_per_band_above_pink_noise()
    {
        var white = LongTermSpectrum.BandLevelsDb(Signals.Noise(Rate, 5, -20), Rate);
        var pink = LongTermSpectrum.BandLevelsDb(MatchingSignals.PinkNoise(Rate, 5 * Rate), Rate);

        // Least-squares slope of the difference over the band index; a third of an octave is 10 log10(2^(1/3)) dB.
        double sumXY = 0, sumXX = 0;
        for (var band = 0; band < white.Length; band++)
        {
            var x = band - ((white.Length - 1) / 2.0);
            sumXY += x * (white[band] - pink[band]);
            sumXX += x * x;
        }

        Assert.Equal(10 * Math.Log10(Math.Pow(2, 1 / 3.0)), sumXY / sumXX, 0.1);
        Assert.All(pink, level => Assert.InRange(level, -1.5, 1.5));
    }

    [Fact]
    public void A_1_khz_sine_lands_in_the_1_khz_band()
    {
        var levels = LongTermSpectrum.BandLevelsDb(Signals.Sine(1000, Rate, 2), Rate);

        var loudest = Array.IndexOf(levels, levels.Max());
        Assert.Equal(10, loudest);
        Assert.All(levels.Where((_, band) => band != 10), level => Assert.True(level < levels[10] - 40));
    }

    [Theory]
    [InlineData("en_ls1363_1363-135842-0000.wav")]
    [InlineData("en_jfk_inaugural-1961.wav")]
    public void Levels_are_relative_to_their_mean(string file)
    {
        var clip = MatchingSignals.Clip(file);

        var levels = LongTermSpectrum.BandLevelsDb(clip.Samples, clip.SampleRate);

        Assert.Equal(0, levels.Sum(), 1e-9);
        Assert.True(levels.Max() - levels.Min() > 10);
    }

    [Fact]
    public void Loudness_does_not_change_the_levels()
    {
        var noise = MatchingSignals.PinkNoise(Rate, 2 * Rate);

        var quiet = LongTermSpectrum.BandLevelsDb(noise.Select(sample => sample / 30).ToArray(), Rate);

        Assert.Equal(0, LongTermSpectrum.Distance(LongTermSpectrum.BandLevelsDb(noise, Rate), quiet), 1e-6);
    }

    [Fact]
    public void Long_pauses_with_faint_noise_are_left_out()
    {
        // Counted, 30 s of an 8 kHz whistle 34 dB below the 2 s of 1 kHz "speech" would sit only 22 dB below it.
        var speech = Signals.Sine(1000, Rate, 2, 0.5);
        var pause = Signals.Sine(8000, Rate, 30, 0.01);

        var levels = LongTermSpectrum.BandLevelsDb(Signals.Concat(speech, pause), Rate);

        Assert.True(levels[19] < levels[10] - 32);
    }

    [Fact]
    public void Distance_is_symmetric_zero_for_identical_levels_and_the_rms_of_the_difference()
    {
        var a = LongTermSpectrum.BandLevelsDb(Signals.Noise(Rate, 2, -20), Rate);
        var b = LongTermSpectrum.BandLevelsDb(MatchingSignals.PinkNoise(Rate, 2 * Rate), Rate);
        double[] flat = new double[20];
        double[] oneBandUp = [.. Enumerable.Range(0, 20).Select(band => band == 5 ? 20.0 : 0)];

        Assert.Equal(0, LongTermSpectrum.Distance(a, a));
        Assert.Equal(LongTermSpectrum.Distance(a, b), LongTermSpectrum.Distance(b, a), 1e-12);
        Assert.True(LongTermSpectrum.Distance(a, b) > 4);

        // The mean difference (1 dB) is discounted: 19 dB in one band and 1 dB in the other nineteen.
        Assert.Equal(Math.Sqrt(19), LongTermSpectrum.Distance(flat, oneBandUp), 1e-9);
    }

    [Fact]
    public void Silence_has_flat_levels()
    {
        Assert.All(LongTermSpectrum.BandLevelsDb(new float[Rate], Rate), level => Assert.Equal(0, level));
    }
}
