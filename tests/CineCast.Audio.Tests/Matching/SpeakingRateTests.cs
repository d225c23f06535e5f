using CineCast.Audio.Matching;
using CineCast.Audio.Tests.Support;

namespace CineCast.Audio.Tests.Matching;

public sealed class SpeakingRateTests
{
    [Theory]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(6)]
    public void Noise_modulated_at_a_syllable_rate_is_measured_at_that_rate(double syllablesPerSecond)
    {
        var signal = MatchingSignals.SyllableModulatedNoise(syllablesPerSecond, 24000, 6);

        Assert.Equal(syllablesPerSecond, SpeakingRate.SyllablesPerSecond(signal, 24000), syllablesPerSecond * 0.15);
    }

    [Fact]
    public void Pauses_do_not_count_as_speaking_time()
    {
        var syllables = MatchingSignals.SyllableModulatedNoise(4, 24000, 3);
        var withPause = Signals.Concat(syllables, Signals.Silence(24000, 2), syllables);

        Assert.Equal(4, SpeakingRate.SyllablesPerSecond(withPause, 24000), 4 * 0.15);
    }

    [Theory]
    [InlineData("en_ls1363_1363-135842-0000.wav")]
    [InlineData("en_ls6880_6880-216547-0000.wav")]
    [InlineData("en_jfk_inaugural-1961.wav")]
    [InlineData("zh_aishell-S0764_BAC009S0764W0121.wav")]
    public void Real_speech_measures_a_plausible_syllable_rate(string file)
    {
        var clip = MatchingSignals.Clip(file);

        Assert.InRange(SpeakingRate.SyllablesPerSecond(clip.Samples, clip.SampleRate), 3, 7);
    }

    [Fact]
    public void Espeak_at_twice_the_speed_measures_about_twice_the_rate()
    {
        var slow = Espeak.Speak(Espeak.Paragraph, 120);
        var fast = Espeak.Speak(Espeak.Paragraph, 240);

        // Measured 1.7: espeak-ng's pauses and syllable merging do not scale exactly with -s.
        var ratio = SpeakingRate.SyllablesPerSecond(fast.Samples, fast.SampleRate) / SpeakingRate.SyllablesPerSecond(slow.Samples, slow.SampleRate);

        Assert.InRange(ratio, 1.5, 2.5);
    }

    [Fact]
    public void Silence_has_no_rate()
    {
        Assert.Equal(0, SpeakingRate.SyllablesPerSecond(new float[24000], 24000));
    }
}
