using CineCast.Audio.Matching;
using CineCast.Audio.Tests.Support;

namespace CineCast.Audio.Tests.Matching;

public sealed class FormantScaleTests
{
    [Theory]
    [InlineData(1000, 110)]
    [InlineData(1150, 110)]
    [InlineData(1000, 210)]
    [InlineData(1150, 210)]
    public void A_tube_like_vowel_is_measured_at_its_formant_spacing(double spacingHz, double fundamentalHz)
    {
        var vowel = MatchingSignals.TubeVowel(spacingHz, fundamentalHz, 24000, 1);

        Assert.Equal(spacingHz, FormantScale.MeanFormantSpacingHz(vowel, 24000)!.Value, spacingHz * 0.05);
    }

    [Fact]
    public void The_female_reader_has_a_wider_spacing_than_the_male_reader()
    {
        var female = MatchingSignals.Clip("en_ls1363_1363-135842-0000.wav");
        var male = MatchingSignals.Clip("en_ls6880_6880-216547-0000.wav");

        // Measured 1,119 Hz and 984 Hz.
        var femaleSpacing = FormantScale.MeanFormantSpacingHz(female.Samples, female.SampleRate)!.Value;
        var maleSpacing = FormantScale.MeanFormantSpacingHz(male.Samples, male.SampleRate)!.Value;

        Assert.True(femaleSpacing > maleSpacing * 1.05);
        Assert.InRange(maleSpacing, 850, 1150);
        Assert.InRange(femaleSpacing, 950, 1350);
    }

    [Fact]
    public void Noise_and_silence_have_no_formant_spacing()
    {
        Assert.Null(FormantScale.MeanFormantSpacingHz(Signals.Noise(24000, 1, -20), 24000));
        Assert.Null(FormantScale.MeanFormantSpacingHz(new float[24000], 24000));
    }
}
