using CineCast.Audio.Matching;

namespace CineCast.Audio.Tests.Matching;

public sealed class VoiceMatchAnalyzerTests
{
    [Theory]
    [InlineData("en_ls1363_1363-135842-0000.wav")]
    [InlineData("en_ls6880_6880-216547-0000.wav")]
    [InlineData("en_jfk_inaugural-1961.wav")]
    [InlineData("zh_aishell-S0764_BAC009S0764W0121.wav")]
    public void The_pitch_facts_agree_with_the_pitch_estimator_and_bracket_the_median(string file)
    {
        var clip = MatchingSignals.Clip(file);

        var profile = VoiceMatchAnalyzer.Analyze(clip.Samples, clip.SampleRate);
        var facts = PitchEstimator.Measure(clip.Samples, clip.SampleRate);

        Assert.Equal(facts.MedianF0Hz, profile.MedianF0Hz);
        Assert.Equal(facts.F0SpreadSemitones!.Value, profile.F0SpreadSemitones!.Value, 1e-9);
        Assert.InRange(profile.MedianF0Hz!.Value, profile.P10F0Hz!.Value, profile.P90F0Hz!.Value);
        Assert.Equal(profile.F0SpreadSemitones.Value, 12 * Math.Log2(profile.P90F0Hz.Value / profile.P10F0Hz.Value), 1e-9);
        Assert.NotNull(profile.FormantSpacingHz);
        Assert.InRange(profile.SyllablesPerSecond, 3, 7);
        Assert.Equal(LongTermSpectrum.BandCount, profile.BandLevelsDb.Length);
    }

    [Fact]
    public void A_low_and_a_high_voice_are_told_apart()
    {
        var low = MatchingSignals.Clip("en_ls6880_6880-216547-0000.wav");
        var high = MatchingSignals.Clip("en_ls1363_1363-135842-0000.wav");

        var lowProfile = VoiceMatchAnalyzer.Analyze(low.Samples, low.SampleRate);
        var highProfile = VoiceMatchAnalyzer.Analyze(high.Samples, high.SampleRate);

        Assert.True(highProfile.P10F0Hz > lowProfile.P90F0Hz);
        Assert.True(highProfile.FormantSpacingHz > lowProfile.FormantSpacingHz);
    }

    [Fact]
    public void Silence_has_no_voice_facts()
    {
        var profile = VoiceMatchAnalyzer.Analyze(new float[24000], 24000);

        Assert.Null(profile.MedianF0Hz);
        Assert.Null(profile.P10F0Hz);
        Assert.Null(profile.FormantSpacingHz);
        Assert.Equal(0, profile.SyllablesPerSecond);
    }
}
