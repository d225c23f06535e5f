using CineCast.Audio.Tests.Support;
using CineCast.Audio.Watermarking;

namespace CineCast.Audio.Tests.Watermarking;

/// <summary>
/// The watermark on real recordings (the shared human speech clips) and on espeak-ng speech, the kind the basic
/// engine makes. What it survives after codecs is measured by the benchmark; here: that it is exact where it must
/// be, inaudible by the measures the issue sets, found where it is and not found where it is not.
/// </summary>
public sealed class WatermarkTests
{
    private const int Rate = WatermarkLayout.SampleRate;
    private const uint Mark = 0xC1CE_CA57;
    private static readonly WatermarkPattern Ours = new(Enumerable.Range(0, 32).Select(i => (byte)(i * 11)).ToArray());
    private static readonly WatermarkPattern Theirs = new(Enumerable.Range(0, 32).Select(i => (byte)(200 - i)).ToArray());
    private static readonly Lazy<float[]> Speech = new(() =>
    {
        var (samples, rate) = Espeak.Speak(Espeak.Paragraph + " " + Espeak.Paragraph, 160);
        return Resampler.Resample(samples, rate, Rate);
    });

    [Fact]
    public void The_real_FFT_matches_a_direct_transform_and_its_inverse_gives_the_signal_back()
    {
        var fft = new RealFft(64);
        var random = new Random(7);
        var signal = Enumerable.Range(0, 64).Select(_ => (float)(random.NextDouble() - 0.5)).ToArray();
        var (real, imaginary, back) = (new float[33], new float[33], new float[64]);

        fft.Forward(signal, real, imaginary);
        fft.Inverse(real, imaginary, back);

        for (var k = 0; k <= 32; k++)
        {
            var (re, im) = (0.0, 0.0);
            for (var n = 0; n < 64; n++)
            {
                re += signal[n] * Math.Cos(2 * Math.PI * k * n / 64);
                im -= signal[n] * Math.Sin(2 * Math.PI * k * n / 64);
            }
            Assert.Equal(re, real[k], 4);
            Assert.Equal(im, imaginary[k], 4);
        }
        Assert.All(Enumerable.Range(0, 64), n => Assert.Equal(signal[n], back[n], 5));
    }

    [Fact]
    public void The_code_reads_its_number_through_heavy_noise_and_another_keys_checksum_does_not_hold()
    {
        var random = new Random(3);
        var coded = WatermarkCode.Encode(Mark, Ours.CrcMask);
        // Each coded bit as ±1 plus Gaussian noise of standard deviation 0.8: about one in nine reads the wrong way.
        var soft = coded.Select(bit => (float)((bit == 1 ? 1 : -1) + (0.8 * Gaussian(random)))).ToArray();

        Assert.Equal((Mark, true), WatermarkCode.Decode(soft, Ours.CrcMask));
        Assert.False(WatermarkCode.Decode(soft, Theirs.CrcMask).ChecksumHolds);
    }

    [Fact]
    public void Marking_keeps_the_length_and_gives_the_same_audio_however_the_input_is_cut_into_blocks()
    {
        var speech = Speech.Value.AsSpan(0, (Rate * 3) + 123).ToArray();

        var whole = Embed(speech, speech.Length);
        var pieces = Embed(speech, 441);
        var tiny = Embed(speech, 7);

        Assert.Equal(speech.Length, whole.Length);
        Assert.Equal(whole, pieces);
        Assert.Equal(whole, tiny);
        Assert.NotEqual(speech, whole);
    }

    [Fact]
    public void Silence_stays_digital_silence_and_a_stream_shorter_than_a_frame_comes_back_whole()
    {
        Assert.All(Embed(new float[Rate], 1000), sample => Assert.Equal(0f, sample));
        var short_ = Speech.Value.AsSpan(Rate, 300).ToArray();
        Assert.Equal(300, Embed(short_, 300).Length);
    }

    [Fact]
    public void A_pause_of_digital_silence_between_marked_speech_stays_digital_silence()
    {
        var speech = Speech.Value.AsSpan(0, 2 * Rate).ToArray();
        var withPause = Signals.Concat(speech, new float[Rate / 2], speech);

        var marked = Embed(withPause, 1000);

        Assert.All(Enumerable.Range(speech.Length, Rate / 2), i => Assert.Equal(0f, marked[i]));
        Assert.NotEqual(speech, marked.AsSpan(0, speech.Length).ToArray());
    }

    [Fact]
    public void Marked_speech_keeps_its_level_and_long_term_spectrum_within_half_a_decibel()
    {
        // Long-term: over all the human recordings and the synthetic speech together, half a minute of speech.
        var speech = RealSpeech().Append(Speech.Value).SelectMany(clip => clip).ToArray();

        var marked = Embed(speech, 2048);

        Assert.InRange(Signals.RmsDb(marked) - Signals.RmsDb(speech), -0.5, 0.5);
        var (before, after) = (Spectra.ThirdOctaveLevels(speech, Rate), Spectra.ThirdOctaveLevels(marked, Rate));
        Assert.All(Enumerable.Range(0, before.Length), band => Assert.InRange(after[band] - before[band], -0.5, 0.5));
    }

    [Fact]
    public void The_mark_is_read_from_five_second_excerpts_cut_anywhere_in_marked_speech()
    {
        var marked = Embed(Speech.Value, 4800);
        var detector = new WatermarkDetector(Ours);
        var random = new Random(11);

        for (var i = 0; i < 12; i++)
        {
            var start = random.Next(0, marked.Length - (5 * Rate));
            var reading = detector.Read(marked.AsSpan(start, 5 * Rate));
            Assert.True(reading.Marks.Count == 1 && reading.Marks[0].Mark == Mark, $"excerpt at {start}: {string.Join(", ", reading.Marks)}, best {reading.BestConfidence}");
            Assert.InRange(reading.Marks[0].Confidence, 0.8, 1.0);
        }
    }

    [Fact]
    public void Human_speech_synthetic_speech_noise_and_another_servers_mark_read_as_no_mark()
    {
        var detector = new WatermarkDetector(Ours);
        var unmarked = RealSpeech().Append(Speech.Value).Append(Signals.Noise(Rate, 8, -30)).Append(new Embedder(Theirs).Run(Speech.Value));

        foreach (var audio in unmarked)
        {
            var reading = detector.Read(audio);
            Assert.Empty(reading.Marks);
            Assert.InRange(reading.BestConfidence, 0, 0.85);
        }
    }

    private static float[] Embed(float[] audio, int block) => new Embedder(Ours, block).Run(audio);

    private static readonly string[] HumanClips =
        ["en_jfk_inaugural-1961.wav", "en_ls1363_1363-135842-0000.wav", "en_ls6880_6880-216547-0000.wav", "zh_aishell-S0764_BAC009S0764W0121.wav"];

    private static IEnumerable<float[]> RealSpeech() =>
        HumanClips
            .Select(file => Fixtures.Decode(Fixtures.SharedBytes(file)))
            .Select(audio => Resampler.Resample(audio.ToMono(), audio.SampleRate, Rate));

    private static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

    private sealed class Embedder(WatermarkPattern pattern, int block = 4096)
    {
        public float[] Run(float[] audio)
        {
            var embedder = new WatermarkEmbedder(pattern, Mark);
            var output = new List<float>(audio.Length);
            for (var start = 0; start < audio.Length; start += block)
            {
                output.AddRange(embedder.Process(audio.AsSpan(start, Math.Min(block, audio.Length - start))).ToArray());
            }
            output.AddRange(embedder.Flush().ToArray());
            return [.. output];
        }
    }
}
