using CineCast.Audio.Tests.Support;

namespace CineCast.Audio.Tests;

public sealed class PitchEstimatorTests
{
    [Theory]
    [InlineData(100)]
    [InlineData(200)]
    [InlineData(300)]
    [InlineData(87.5)]
    public void A_harmonic_tone_is_measured_at_its_fundamental(double fundamental)
    {
        var facts = PitchEstimator.Measure(Signals.HarmonicTone(fundamental, 24000, 2), 24000);

        Assert.NotNull(facts.MedianF0Hz);
        Assert.Equal(fundamental, facts.MedianF0Hz.Value, fundamental * 0.02);
        Assert.True(facts.F0SpreadSemitones < 0.2);
        Assert.True(facts.VoicedFraction > 0.95);
    }

    [Fact]
    public void A_gliding_tone_spreads_over_the_interval_it_covers()
    {
        // One octave up over 2 s: the 10th to 90th percentile covers 80 % of it, 9.6 semitones.
        var phase = 0.0;
        var glide = new float[48000];
        for (var i = 0; i < glide.Length; i++)
        {
            phase += 2 * Math.PI * 120 * Math.Pow(2, (double)i / glide.Length) / 24000;
            glide[i] = (float)((0.3 * Math.Sin(phase)) + (0.15 * Math.Sin(2 * phase)));
        }

        var facts = PitchEstimator.Measure(glide, 24000);

        Assert.Equal(9.6, facts.F0SpreadSemitones!.Value, 0.6);
    }

    [Fact]
    public void Noise_and_silence_have_no_pitch()
    {
        var noise = PitchEstimator.Measure(Signals.Noise(24000, 2, -20), 24000);
        var silence = PitchEstimator.Measure(Signals.Silence(24000, 2), 24000);

        Assert.True(noise.VoicedFraction < 0.05);
        Assert.Equal(new VoiceFacts(null, null, 0), silence);
    }

    [Theory]
    [InlineData("en_ls6880_6880-216547-0000.wav", 98.7)]
    [InlineData("zh_aishell-S0764_BAC009S0764W0121.wav", 237.4)]
    [InlineData("en_jfk_inaugural-1961.wav", 263.8)]
    public void Real_speech_is_measured_within_ten_percent_of_the_manifest(string file, double manifestF0)
    {
        var audio = Fixtures.Decode(Fixtures.SharedBytes(file));

        var facts = PitchEstimator.Measure(audio.Samples, audio.SampleRate);

        Assert.Equal(manifestF0, facts.MedianF0Hz!.Value, manifestF0 * 0.1);
        Assert.InRange(facts.F0SpreadSemitones!.Value, 1, 12);
    }

    [Fact]
    public void The_female_librispeech_clip_is_measured_without_the_mains_hum_in_its_pauses()
    {
        // The manifest's 171 Hz mixes the speaker's voiced frames (about 160-240 Hz) with the 60 Hz hum
        // that fills the pauses of this recording; gating frames against the background excludes the hum.
        var audio = Fixtures.Decode(Fixtures.SharedBytes("en_ls1363_1363-135842-0000.wav"));

        var facts = PitchEstimator.Measure(audio.Samples, audio.SampleRate);

        Assert.Equal(190, facts.MedianF0Hz!.Value, 190 * 0.05);
        Assert.InRange(facts.F0SpreadSemitones!.Value, 1, 12);
    }
}
