using System.Diagnostics;
using CineCast.Audio;
using CineCast.Audio.Matching;
using CineCast.Speech.Text;
using CineCast.Web.Engines;
using CineCast.Web.Voices;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace CineCast.Web.Tests;

/// <summary>
/// The basic engine against real reference clips, measured the way the targets are stated: YIN median F0 and the
/// mean-removed 1/3-octave long-term spectrum distance, compared with unmodified espeak-ng.
/// </summary>
[Collection(EspeakSerial.Name)]
public sealed class BasicEngineTests(AppFixture fixture, ITestOutputHelper output) : IClassFixture<AppFixture>
{
    private const string EnglishText = "When the sunlight strikes raindrops in the air, they act as a prism and form a rainbow. The rainbow is a division of white light into many beautiful colors.";
    private const string MandarinText = "北风跟太阳在那儿争论谁的本事大。争来争去就是分不出高低来。";

    public static TheoryData<string, string> Clips => new()
    {
        { "en_ls6880_6880-216547-0000.wav", EnglishText },
        { "en_ls1363_1363-135842-0000.wav", EnglishText },
        { "en_jfk_inaugural-1961.wav", EnglishText },
        { "zh_aishell-S0764_BAC009S0764W0121.wav", MandarinText },
    };

    [Theory]
    [MemberData(nameof(Clips))]
    public async Task The_output_follows_the_reference_pitch_and_moves_its_spectrum_toward_it(string clip, string text)
    {
        var (reference, speech) = await SpeakAsAsync(clip, text);
        var unmodified = UnmodifiedEspeak(text);

        var referenceF0 = PitchEstimator.Measure(reference, 24000).MedianF0Hz!.Value;
        var outputF0 = PitchEstimator.Measure(speech, 24000).MedianF0Hz!.Value;
        var referenceBands = LongTermSpectrum.BandLevelsDb(reference, 24000);
        var matched = LongTermSpectrum.Distance(referenceBands, LongTermSpectrum.BandLevelsDb(speech, 24000));
        var plain = LongTermSpectrum.Distance(referenceBands, LongTermSpectrum.BandLevelsDb(unmodified, 24000));
        output.WriteLine($"{clip}: F0 reference {referenceF0:0.0} Hz, output {outputF0:0.0} Hz ({100 * (outputF0 / referenceF0 - 1):+0.0;-0.0} %); spectrum distance {matched:0.00} dB vs unmodified espeak-ng {plain:0.00} dB (ratio {matched / plain:0.00})");

        Assert.InRange(outputF0 / referenceF0, 0.88, 1.12);
        Assert.True(matched <= 0.75 * plain, $"spectrum distance {matched:0.00} dB is not below 0.75 × {plain:0.00} dB");
    }

    [Fact]
    public async Task A_low_voice_and_a_high_voice_keep_their_order_and_gap()
    {
        var (lowReference, low) = await SpeakAsAsync("en_ls6880_6880-216547-0000.wav", EnglishText);
        var (highReference, high) = await SpeakAsAsync("en_ls1363_1363-135842-0000.wav", EnglishText);

        var referenceGap = Semitones(Median(highReference), Median(lowReference));
        var outputGap = Semitones(Median(high), Median(low));

        Assert.True(outputGap > 0, "the high voice must stay higher");
        Assert.InRange(outputGap, referenceGap - 2.5, referenceGap + 2.5);
    }

    [Fact]
    public async Task Mandarin_text_is_spoken_by_the_Mandarin_voice()
    {
        var (_, engine) = await SpeakAsAsync("zh_aishell-S0764_BAC009S0764W0121.wav", MandarinText);
        var mandarin = EspeakAt24k("cmn", MandarinText);
        var english = EspeakAt24k("en-us", MandarinText);

        // espeak-ng's English voice spells Han characters out one by one, which takes far longer than reading them.
        Assert.True(english.Length > 1.5 * mandarin.Length, "the comparison needs English reading to be much longer");
        Assert.InRange((double)engine.Length / mandarin.Length, 0.6, 1.6);
    }

    [Fact]
    public async Task Cancelling_a_synthesis_kills_its_espeak_process()
    {
        var engine = fixture.App.Services.GetRequiredService<BasicEngine>();
        var preset = SpeakingVoice.From(fixture.App.Services.GetRequiredService<PresetCatalog>().Find("aiden")!);
        using var cancel = new CancellationTokenSource();
        var text = string.Join(" ", Enumerable.Repeat("A long sentence that keeps espeak busy for a good while, with many words in it", 40));
        var blocks = 0;

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var _ in engine.SynthesizeAsync(preset, [new TextChunk(0, text, SpeechLanguage.English, 0, text.Length)], new SynthesisSettings(1), cancel.Token))
            {
                if (++blocks == 2)
                {
                    await cancel.CancelAsync();
                }
            }
        });

        await EspeakProcesses.AssertOnlyIdleOnesRemainAsync(fixture.App);
    }

    private async Task<(float[] Reference, float[] Speech)> SpeakAsAsync(string clip, string text)
    {
        var user = await fixture.NewUserAsync();
        var cloneId = await SpeechClient.CloneIdAsync(user, clip, "reference");
        using var scope = fixture.App.Services.CreateScope();
        var library = scope.ServiceProvider.GetRequiredService<VoiceLibrary>();
        var me = await user.GetStringAsync("/api/auth/me");
        var userId = System.Text.Json.JsonDocument.Parse(me).RootElement.GetProperty("id").GetString()!;
        var voice = (await library.FindSpeakingVoiceAsync(userId, cloneId, CancellationToken.None))!;
        var reference = Fixtures.Decode(await File.ReadAllBytesAsync(voice.ClipPath!)).Samples;

        var engine = fixture.App.Services.GetRequiredService<BasicEngine>();
        var speech = new List<float>();
        await foreach (var speaking in engine.SynthesizeAsync(voice, TextPlanner.Plan(text), new SynthesisSettings(1), CancellationToken.None))
        {
            if (speaking.Kind == SpeechEventKind.Audio)
            {
                Assert.Equal(24000, speaking.Format!.SampleRate);
                speech.AddRange(speaking.Samples.Span);
            }
        }
        return (reference, speech.ToArray());
    }

    private static float[] UnmodifiedEspeak(string text) =>
        EspeakAt24k(LanguageDetector.Detect(text) == SpeechLanguage.Mandarin ? "cmn" : "en-us", text);

    private static float[] EspeakAt24k(string voice, string text)
    {
        var (samples, sampleRate) = Espeak.Speak(text, voice: voice);
        return Resampler.Resample(samples, sampleRate, 24000);
    }

    private static double Median(float[] speech) => PitchEstimator.Measure(speech, 24000).MedianF0Hz!.Value;

    private static double Semitones(double high, double low) => 12 * Math.Log2(high / low);
}
