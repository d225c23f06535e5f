using CineCast.Audio.Tests.Support;

namespace CineCast.Audio.Tests;

public sealed class ClonePreparationTests
{
    private static readonly CloneAudioRules Rules = new();

    [Fact]
    public void Silence_around_speech_is_trimmed_to_a_small_margin()
    {
        var quietRoom = Signals.Noise(48000, 10, -75);
        var burst = Signals.HarmonicTone(150, 48000, 4);
        var audio = new PcmAudio(Signals.Concat(quietRoom, burst, Signals.Noise(48000, 10, -75, seed: 2)), 48000, 1);

        var clip = ClonePreparation.Prepare(audio, Rules);

        Assert.Equal(24000, clip.SampleRate);
        Assert.Equal(4 + (2 * Rules.TrimMarginSeconds), clip.DurationSeconds, 0.05);
        Assert.Equal(clip.Samples.Length / 24000.0, clip.DurationSeconds, 1e-9);
    }

    [Fact]
    public void Real_speech_padded_with_silence_comes_back_at_its_own_length()
    {
        var speech = Fixtures.Decode(Fixtures.SharedBytes("en_ls6880_6880-216547-0000.wav")).Samples;
        var padded = new PcmAudio(Signals.Concat(Signals.Silence(24000, 10), speech, Signals.Silence(24000, 10)), 24000, 1);

        var clip = ClonePreparation.Prepare(padded, Rules);

        Assert.InRange(clip.DurationSeconds, 4.5, speech.Length / 24000.0 + 0.3);
    }

    [Fact]
    public void Speech_is_normalised_to_the_target_loudness_under_the_peak_ceiling()
    {
        var burst = Signals.HarmonicTone(200, 24000, 4, amplitude: 0.02);
        var audio = new PcmAudio(Signals.Concat(Signals.Silence(24000, 1), burst, Signals.Silence(24000, 1)), 24000, 1);

        var clip = ClonePreparation.Prepare(audio, Rules);

        var margin = (int)(Rules.TrimMarginSeconds * 24000);
        Assert.Equal(Rules.TargetLoudnessDbfs, Signals.RmsDb(clip.Samples.AsSpan(margin + 2400, 48000)), 0.5);
        Assert.Equal(Rules.TargetLoudnessDbfs, clip.LoudnessDbfs, 0.5);
        Assert.True(Signals.PeakDb(clip.Samples) <= Rules.PeakCeilingDbfs + 1e-3);
        Assert.Equal(Signals.PeakDb(clip.Samples), clip.PeakDbfs, 1e-3);
    }

    [Theory]
    [InlineData("en_ls1363_1363-135842-0000.wav")]
    [InlineData("sample-48k.wav")]
    [InlineData("en_jfk_inaugural-1961.wav")]
    public void Real_recordings_reach_the_target_loudness_without_passing_the_ceiling(string file)
    {
        var clip = ClonePreparation.Prepare(Fixtures.Decode(Fixtures.SharedBytes(file)), Rules);

        Assert.True(clip.PeakDbfs <= Rules.PeakCeilingDbfs + 1e-3);
        Assert.True(clip.LoudnessDbfs <= Rules.TargetLoudnessDbfs + 0.5);
        Assert.True(clip.LoudnessDbfs >= Rules.TargetLoudnessDbfs - 6);
        Assert.NotNull(clip.Facts.MedianF0Hz);
    }

    [Fact]
    public void A_clip_whose_target_gain_would_clip_is_raised_only_to_the_ceiling()
    {
        // A quiet tone with sparse loud clicks: reaching -20 dBFS RMS would push the clicks far past full scale.
        var tone = Signals.HarmonicTone(180, 24000, 4, amplitude: 0.01);
        for (var i = 1200; i < tone.Length; i += 2400)
        {
            tone[i] = 0.5f;
        }

        var clip = ClonePreparation.Prepare(new PcmAudio(tone, 24000, 1), Rules);

        Assert.Equal(Rules.PeakCeilingDbfs, clip.PeakDbfs, 0.01);
        Assert.True(clip.LoudnessDbfs < Rules.TargetLoudnessDbfs - 3);
    }

    [Fact]
    public void Stereo_input_at_another_rate_becomes_mono_at_the_target_rate()
    {
        var left = Signals.HarmonicTone(220, 44100, 4);
        var stereo = new PcmAudio(Signals.Interleave(left, left), 44100, 2);

        var clip = ClonePreparation.Prepare(stereo, Rules with { TargetSampleRate = 16000 });

        Assert.Equal(16000, clip.SampleRate);
        Assert.Equal(4, clip.DurationSeconds, 0.05);
        Assert.Equal(220, clip.Facts.MedianF0Hz!.Value, 220 * 0.02);
    }

    [Fact]
    public void A_dc_offset_is_removed()
    {
        var offsetTone = Signals.HarmonicTone(150, 24000, 4, amplitude: 0.1).Select(sample => sample + 0.3f).ToArray();

        var clip = ClonePreparation.Prepare(new PcmAudio(offsetTone, 24000, 1), Rules);

        Assert.Equal(0, clip.Samples.Average(), 1e-3);
    }

    [Fact]
    public void A_clipped_square_wave_is_refused_with_the_clipped_percentage()
    {
        var square = Signals.Sine(200, 24000, 4).Select(sample => sample >= 0 ? 1f : -1f).ToArray();

        var rejection = Assert.Throws<AudioRejectedException>(() => ClonePreparation.Prepare(new PcmAudio(square, 24000, 1), Rules));

        Assert.Equal(AudioProblem.Clipped, rejection.Problem);
        Assert.Contains("100%", rejection.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_few_clipped_samples_within_the_allowance_are_accepted()
    {
        var tone = Signals.HarmonicTone(150, 24000, 4);
        for (var i = 0; i < tone.Length / 200; i++)
        {
            tone[i * 200] = 1f;
        }

        var clip = ClonePreparation.Prepare(new PcmAudio(tone, 24000, 1), Rules);

        Assert.True(clip.DurationSeconds > 3.9);
    }

    [Theory]
    [InlineData("digital silence")]
    [InlineData("-70 dB noise")]
    [InlineData("no samples")]
    [InlineData("constant offset")]
    public void Audio_without_speech_energy_is_refused_as_silent(string input)
    {
        float[] samples = input switch
        {
            "digital silence" => Signals.Silence(24000, 5),
            "-70 dB noise" => Signals.Noise(24000, 5, -70),
            "constant offset" => Enumerable.Repeat(0.5f, 24000 * 5).ToArray(),
            _ => [],
        };

        var rejection = Assert.Throws<AudioRejectedException>(() => ClonePreparation.Prepare(new PcmAudio(samples, 24000, 1), Rules));

        Assert.Equal(AudioProblem.Silent, rejection.Problem);
    }

    [Fact]
    public void Two_seconds_of_speech_are_too_short_and_the_message_gives_both_durations()
    {
        var audio = new PcmAudio(Signals.Concat(Signals.Silence(24000, 3), Signals.HarmonicTone(150, 24000, 2), Signals.Silence(24000, 3)), 24000, 1);

        var rejection = Assert.Throws<AudioRejectedException>(() => ClonePreparation.Prepare(audio, Rules));

        Assert.Equal(AudioProblem.TooShort, rejection.Problem);
        Assert.Contains("2.0 seconds", rejection.Message, StringComparison.Ordinal);
        Assert.Contains("at least 3 seconds", rejection.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Seventy_seconds_of_speech_are_too_long_and_the_message_gives_both_durations()
    {
        var speech = Fixtures.Decode(Fixtures.SharedBytes("en_ls1363_1363-135842-0000.wav")).Samples;
        var seventySeconds = Enumerable.Repeat(speech, 14).SelectMany(clip => clip).ToArray();

        var rejection = Assert.Throws<AudioRejectedException>(() => ClonePreparation.Prepare(new PcmAudio(seventySeconds, 24000, 1), Rules));

        Assert.Equal(AudioProblem.TooLongSpeech, rejection.Problem);
        Assert.Contains("73.6 seconds", rejection.Message, StringComparison.Ordinal);
        Assert.Contains("at most 60 seconds", rejection.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Nan_samples_are_refused()
    {
        var samples = Signals.HarmonicTone(150, 24000, 4);
        samples[1000] = float.NaN;

        var rejection = Assert.Throws<AudioRejectedException>(() => ClonePreparation.Prepare(new PcmAudio(samples, 24000, 1), Rules));

        Assert.Equal(AudioProblem.NonFiniteSamples, rejection.Problem);
    }

    [Fact]
    public void Every_compressed_upload_of_the_clip_prepares_to_the_same_voice()
    {
        var reference = ClonePreparation.Prepare(Fixtures.Decode(Fixtures.SharedBytes("en_ls1363_1363-135842-0000.wav")), Rules);

        foreach (var upload in new[] { Fixtures.SharedBytes("sample-48k.webm"), Fixtures.LocalBytes("sample-44k-stereo.mp3"), Fixtures.LocalBytes("sample-48k.opus.ogg") })
        {
            var clip = ClonePreparation.Prepare(Fixtures.Decode(upload), Rules);

            Assert.Equal(reference.DurationSeconds, clip.DurationSeconds, 0.1);
            Assert.Equal(reference.Facts.MedianF0Hz!.Value, clip.Facts.MedianF0Hz!.Value, reference.Facts.MedianF0Hz.Value * 0.03);
        }
    }
}
