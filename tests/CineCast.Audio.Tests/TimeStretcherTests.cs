using CineCast.Audio.Tests.Support;

namespace CineCast.Audio.Tests;

/// <summary>Speed changes on real speech (the shared LibriSpeech and JFK clips): the pace follows, the pitch stays.</summary>
public sealed class TimeStretcherTests
{
    public static TheoryData<string, double> SpeechAndSpeeds => new()
    {
        { "en_ls1363_1363-135842-0000.wav", 0.5 },
        { "en_ls1363_1363-135842-0000.wav", 0.8 },
        { "en_ls1363_1363-135842-0000.wav", 1.25 },
        { "en_ls1363_1363-135842-0000.wav", 2.0 },
        { "en_ls6880_6880-216547-0000.wav", 0.7 },
        { "en_ls6880_6880-216547-0000.wav", 1.6 },
        { "en_jfk_inaugural-1961.wav", 1.5 },
    };

    [Theory]
    [MemberData(nameof(SpeechAndSpeeds))]
    public void Speech_takes_one_over_speed_of_the_time_and_keeps_its_median_pitch(string clip, double speed)
    {
        var speech = Speech24k(clip);

        var stretched = Stretch(speech, speed, blockSize: 1920);

        Assert.InRange(stretched.Length, speech.Length / speed * 0.97, speech.Length / speed * 1.03);
        var before = PitchEstimator.Measure(speech, 24000).MedianF0Hz!.Value;
        var after = PitchEstimator.Measure(stretched, 24000).MedianF0Hz!.Value;
        Assert.InRange(after, before * 0.97, before * 1.03);
    }

    [Fact]
    public void A_harmonic_tone_keeps_its_fundamental_and_level()
    {
        var tone = Signals.HarmonicTone(150, 24000, 2);

        var stretched = Stretch(tone, 1.7, blockSize: 777);

        Assert.Equal(150, PitchEstimator.Measure(stretched, 24000).MedianF0Hz!.Value, 150 * 0.02);
        Assert.Equal(Rms(tone), Rms(stretched.AsSpan(2400, stretched.Length - 4800)), Rms(tone) * 0.05);
    }

    [Fact]
    public void Any_block_size_gives_the_same_samples()
    {
        var speech = Speech24k("en_ls1363_1363-135842-0000.wav");

        Assert.Equal(Stretch(speech, 1.3, blockSize: speech.Length), Stretch(speech, 1.3, blockSize: 333));
    }

    [Theory]
    [InlineData(0.1)]
    [InlineData(double.NaN)]
    public void An_impossible_speed_is_refused(double speed)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new TimeStretcher(24000, speed));
    }

    private static float[] Speech24k(string clip)
    {
        var audio = Fixtures.Decode(Fixtures.SharedBytes(clip));
        return audio.SampleRate == 24000 ? audio.Samples : Resampler.Resample(audio.Samples, audio.SampleRate, 24000);
    }

    private static float[] Stretch(float[] input, double speed, int blockSize)
    {
        var stretcher = new TimeStretcher(24000, speed);
        var output = new List<float>();
        for (var start = 0; start < input.Length; start += blockSize)
        {
            output.AddRange(stretcher.Process(input.AsSpan(start, Math.Min(blockSize, input.Length - start))).Span);
        }

        output.AddRange(stretcher.Flush().Span);
        return [.. output];
    }

    private static double Rms(ReadOnlySpan<float> samples)
    {
        double sum = 0;
        foreach (var s in samples)
        {
            sum += s * s;
        }

        return Math.Sqrt(sum / samples.Length);
    }
}
