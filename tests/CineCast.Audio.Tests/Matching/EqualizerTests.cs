using CineCast.Audio.Matching;
using CineCast.Audio.Tests.Support;

namespace CineCast.Audio.Tests.Matching;

public sealed class EqualizerTests
{
    private const int Rate = 24000;

    // +6 dB from 630 Hz to 1.6 kHz, -6 dB from 2.5 to 6.3 kHz.
    private static readonly double[] BoostAndCut = [0, 0, 0, 0, 0, 0, 0, 0, 6, 6, 6, 6, 6, 0, -6, -6, -6, -6, -6, 0];

    [Fact]
    public void A_boost_and_a_cut_are_realised_at_the_band_centres()
    {
        var taps = EqualizerDesign.Design(BoostAndCut, Rate);
        var target = EqualizerDesign.TargetGainsDb(BoostAndCut);

        for (var band = 0; band < target.Length; band++)
        {
            var frequency = LongTermSpectrum.BandCentersHz[band];
            var sine = Signals.Sine(frequency, Rate, 0.3);
            var gainDb = Signals.ComponentDb(MatchingSignals.Filter(taps, sine), Rate, frequency) - Signals.ComponentDb(sine, Rate, frequency);
            Assert.Equal(target[band], gainDb, 1.5);
        }

        Assert.Equal(6, target[10], 1e-9);
        Assert.Equal(-6, target[16], 1e-9);
    }

    [Fact]
    public void Requested_gains_are_centred_clamped_and_smoothed()
    {
        var steep = Enumerable.Range(0, 20).Select(band => band < 10 ? 30.0 : -30).ToArray();

        var target = EqualizerDesign.TargetGainsDb(steep, maxGainDb: 10);

        Assert.Equal(10, target[0], 1e-9);
        Assert.Equal(-10, target[^1], 1e-9);
        Assert.Equal(5, target[9], 1e-9);
        Assert.Equal(0, target.Sum(), 1e-9);
    }

    [Fact]
    public void Flat_gains_pass_the_signal_unchanged_after_the_latency()
    {
        var noise = Signals.Noise(Rate, 1, -20);

        var output = MatchingSignals.Filter(EqualizerDesign.Design(new double[20], Rate), noise);

        for (var i = 0; i < noise.Length; i++)
        {
            Assert.Equal(noise[i], output[i], 2e-3f);
        }
    }

    [Fact]
    public void The_latency_is_the_delay_of_the_linear_phase_taps()
    {
        var taps = EqualizerDesign.Design(BoostAndCut, Rate);

        Assert.Equal(EqualizerDesign.TapCount(Rate), taps.Length);
        Assert.Equal(taps.Length / 2, new StreamingFir(taps).LatencySamples);
        for (var i = 0; i < taps.Length; i++)
        {
            Assert.Equal(taps[i], taps[^(i + 1)]);
        }
    }

    [Fact]
    public void Any_block_sizes_give_the_same_output_and_flush_returns_the_convolution_tail()
    {
        float[] taps = [0.5f, -0.25f, 1, 0.125f, 0.75f];
        var signal = Signals.Noise(Rate, 1, -10, seed: 3);
        var random = new Random(5);
        var fir = new StreamingFir(taps);
        var output = new float[signal.Length + fir.LatencySamples];
        for (var offset = 0; offset < signal.Length;)
        {
            var length = Math.Min(random.Next(0, 9000), signal.Length - offset);
            fir.Process(signal.AsSpan(offset, length), output.AsSpan(offset, length));
            offset += length;
        }

        Assert.Equal(fir.LatencySamples, fir.Flush(output.AsSpan(signal.Length)));
        for (var n = 0; n < output.Length; n++)
        {
            var expected = 0.0;
            for (var k = 0; k < taps.Length; k++)
            {
                expected += n - k >= 0 && n - k < signal.Length ? taps[k] * signal[n - k] : 0;
            }

            Assert.Equal(expected, output[n], 1e-5);
        }
    }

    [Fact]
    public void Flushing_starts_a_new_stream()
    {
        var taps = EqualizerDesign.Design(BoostAndCut, Rate);
        var signal = Signals.Noise(Rate, 0.5, -10);

        var first = MatchingSignals.Filter(taps, signal);
        var fir = new StreamingFir(taps);
        var discard = new float[signal.Length + fir.LatencySamples];
        fir.Process(signal, discard.AsSpan(0, signal.Length));
        fir.Flush(discard.AsSpan(signal.Length));
        var second = new float[signal.Length];
        fir.Process(signal, second);

        Assert.Equal(first[..(signal.Length - fir.LatencySamples)], second[fir.LatencySamples..]);
    }

    [Fact]
    public void Filtering_blocks_allocates_nothing()
    {
        var fir = new StreamingFir(EqualizerDesign.Design(BoostAndCut, Rate));
        var block = Signals.Noise(Rate, 0.05, -20);
        var output = new float[block.Length];
        fir.Process(block, output);

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 10; i++)
        {
            fir.Process(block, output);
        }

        Assert.Equal(before, GC.GetAllocatedBytesForCurrentThread());
    }

    [Fact]
    public void Equalising_white_noise_toward_pink_noise_removes_most_of_the_difference()
    {
        var reference = LongTermSpectrum.BandLevelsDb(MatchingSignals.PinkNoise(Rate, 3 * Rate), Rate);
        var white = Signals.Noise(Rate, 3, -20);

        var before = LongTermSpectrum.BandLevelsDb(white, Rate);
        var after = LongTermSpectrum.BandLevelsDb(MatchingSignals.Filter(EqualizerDesign.Design(Difference(reference, before), Rate), white), Rate);

        Assert.True(LongTermSpectrum.Distance(reference, after) < 0.25 * LongTermSpectrum.Distance(reference, before));
    }

    [Theory]
    [InlineData("en_ls1363_1363-135842-0000.wav")]
    [InlineData("en_ls6880_6880-216547-0000.wav")]
    public void Equalising_espeak_toward_a_real_voice_halves_the_spectral_distance(string file)
    {
        var clip = MatchingSignals.Clip(file);
        var reference = LongTermSpectrum.BandLevelsDb(clip.Samples, clip.SampleRate);
        var (espeak, espeakRate) = Espeak.Speak(Espeak.Paragraph);
        var synthesized = Resampler.Resample(espeak, espeakRate, Rate);

        var before = LongTermSpectrum.BandLevelsDb(synthesized, Rate);
        var equalised = MatchingSignals.Filter(EqualizerDesign.Design(Difference(reference, before), Rate), synthesized);
        var after = LongTermSpectrum.BandLevelsDb(equalised, Rate);

        // Measured 6.1 -> 2.6 dB (ls1363) and 5.6 -> 2.4 dB (ls6880).
        Assert.True(LongTermSpectrum.Distance(reference, after) < 0.5 * LongTermSpectrum.Distance(reference, before));
    }

    private static double[] Difference(double[] a, double[] b) => a.Zip(b, (x, y) => x - y).ToArray();
}
