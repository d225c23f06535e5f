using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using CineCast.Audio;
using CineCast.Audio.Matching;
using CineCast.Speech.Text;

namespace CineCast.Engines.Basic;

/// <summary>
/// Turns a voice into espeak-ng settings by measurement: analyse the reference clip, synthesize a calibration
/// passage, measure it with the same estimators, correct, and finally fit an equaliser from the remaining
/// long-term spectrum difference. Results are cached per voice, clip version and language.
/// </summary>
/// <remarks>
/// A profile is shared by every request for its voice, so no single request's cancellation stops its build; the
/// disposal does (the host stopping), and waits for builds in flight so nothing is written after shutdown.
/// </remarks>
public sealed partial class BasicVoiceProfiles(EspeakInstallation espeak, CloneClips clips, VoiceProfileCache cache, ILogger<BasicVoiceProfiles> logger) : IAsyncDisposable
{
    public const int OutputSampleRate = 24000;
    private const double TargetLoudnessDbfs = -20;
    private const double PeakCeilingDbfs = -1;
    // The first rounds fit level and spread together; the last ones fine-tune the level alone, because espeak-ng's
    // median F0 depends on both the floor and the ceiling of its pitch range.
    private const int CalibrationRounds = 4;
    private const int SpreadRounds = 2;

    private readonly CancellationTokenSource stopping = new();
    private readonly ConcurrentDictionary<SpeechLanguage, Lazy<Task<VoiceMatchProfile>>> neutral = new();

    public static string EspeakLanguage(SpeechLanguage language) => language switch
    {
        SpeechLanguage.Mandarin => "cmn",
        SpeechLanguage.French => "fr",
        SpeechLanguage.Italian => "it",
        _ => "en-us",
    };

    public Task<BasicVoiceProfile> GetAsync(SpeakingVoice voice, SpeechLanguage language, CancellationToken cancellationToken) =>
        cache.GetAsync(BasicEngine.EngineId, language.Code(), voice, () => BuildAsync(voice, language), cancellationToken);

    public int Count => cache.Count(BasicEngine.EngineId);

    /// <summary>The calibration figures of a profile already built for this voice and language, or null (none is built here).</summary>
    public BasicProfileMeasures? MeasuresOf(SpeakingVoice voice, SpeechLanguage language) =>
        cache.Peek<BasicVoiceProfile>(BasicEngine.EngineId, language.Code(), voice)?.Measures;

    /// <summary>
    /// Drops the least recently used finished profiles past <paramref name="maxProfiles"/>; a dropped profile is
    /// measured again on its next use. Returns how many were dropped.
    /// </summary>
    public int Trim(int maxProfiles) => cache.Trim(BasicEngine.EngineId, maxProfiles);

    /// <summary>Drops the cached profiles of a voice (its clip changed or it was deleted).</summary>
    public void Forget(string voiceId) => cache.Forget(voiceId);

    private async Task<BasicVoiceProfile> BuildAsync(SpeakingVoice voice, SpeechLanguage language)
    {
        var profile = voice.Preset is { } preset
            ? await PresetProfileAsync(voice, preset.Basic, language)
            : await CloneProfileAsync(voice, language);
        LogProfile(voice.Id, language, profile.Settings.PitchBaseHz, profile.Settings.PitchTopHz, profile.Settings.FormantPercent,
            profile.Settings.WordsPerMinute, profile.Measures.ReferenceF0Hz, profile.Measures.OutputF0Hz,
            profile.Measures.SpectralDistanceBeforeDb, profile.Measures.SpectralDistanceAfterDb);
        return profile;
    }

    private async Task<BasicVoiceProfile> PresetProfileAsync(SpeakingVoice voice, BasicEngineParameters parameters, SpeechLanguage language)
    {
        var settings = new EspeakVoiceSettings(parameters.PitchBaseHz, parameters.PitchTopHz, parameters.FormantPercent, parameters.WordsPerMinute);
        var voiceName = Variant(voice.Id, language, settings);
        var speech = await SpeakAsync(voiceName, settings.WordsPerMinute, CalibrationText(language));
        return new BasicVoiceProfile(voiceName, settings, null, LoudnessGain(speech), new BasicProfileMeasures(null, null, null, null, null, null));
    }

    private async Task<BasicVoiceProfile> CloneProfileAsync(SpeakingVoice voice, SpeechLanguage language)
    {
        var reference = clips.Read(voice.ClipPath ?? throw new EngineFailedException($"Voice {voice.Id} has no reference clip."), OutputSampleRate);
        var target = VoiceMatchAnalyzer.Analyze(reference, OutputSampleRate);
        if (target.MedianF0Hz is not { } targetF0)
        {
            throw new EngineFailedException($"No voiced speech was found in the reference clip of '{voice.Name}', so its pitch cannot be matched.");
        }
        var baseline = await NeutralAsync(language);
        var text = CalibrationText(language);

        var settings = InitialSettings(target, baseline, targetF0);
        float[] speech = [];
        VoiceFacts facts = new(null, null, 0);
        for (var round = 0; round < CalibrationRounds; round++)
        {
            speech = await SpeakAsync(Variant(voice.Id, language, settings), settings.WordsPerMinute, text);
            facts = PitchEstimator.Measure(speech, OutputSampleRate);
            if (facts.MedianF0Hz is not { } measured)
            {
                break;
            }
            settings = round < SpreadRounds
                ? Correct(settings, targetF0, measured, target.F0SpreadSemitones, facts.F0SpreadSemitones)
                : Correct(settings, targetF0, measured, null, null);
        }
        var voiceName = Variant(voice.Id, language, settings);
        speech = await SpeakAsync(voiceName, settings.WordsPerMinute, text);
        facts = PitchEstimator.Measure(speech, OutputSampleRate);

        var produced = LongTermSpectrum.BandLevelsDb(speech, OutputSampleRate);
        var gains = new double[produced.Length];
        for (var band = 0; band < gains.Length; band++)
        {
            gains[band] = target.BandLevelsDb[band] - produced[band];
        }
        var taps = EqualizerDesign.Design(gains, OutputSampleRate);
        var equalized = Filter(speech, taps);
        var measures = new BasicProfileMeasures(
            targetF0, facts.MedianF0Hz, target.F0SpreadSemitones, facts.F0SpreadSemitones,
            LongTermSpectrum.Distance(target.BandLevelsDb, produced),
            LongTermSpectrum.Distance(target.BandLevelsDb, LongTermSpectrum.BandLevelsDb(equalized, OutputSampleRate)));
        return new BasicVoiceProfile(voiceName, settings, taps, LoudnessGain(equalized), measures);
    }

    private static EspeakVoiceSettings InitialSettings(VoiceMatchProfile target, VoiceMatchProfile baseline, double targetF0)
    {
        var formant = target.FormantSpacingHz is { } spacing && baseline.FormantSpacingHz is { } neutralSpacing
            ? Math.Clamp(100 * spacing / neutralSpacing, 85, 125)
            : targetF0 >= 165 ? 115 : 100;
        var rate = baseline.SyllablesPerSecond > 0 && target.SyllablesPerSecond > 0
            ? EspeakVoiceSettings.DefaultWordsPerMinute * target.SyllablesPerSecond / baseline.SyllablesPerSecond
            : EspeakVoiceSettings.DefaultWordsPerMinute;
        var low = target.P10F0Hz ?? targetF0 * 0.8;
        var high = target.P90F0Hz ?? targetF0 * 1.25;
        return new EspeakVoiceSettings(low * 0.9, high * 1.05, formant, Math.Clamp(rate, 110, 260));
    }

    // espeak-ng's F0 follows the variant's floor and ceiling roughly proportionally; scale both toward the target
    // median, and open or close the ceiling toward the target spread.
    private static EspeakVoiceSettings Correct(EspeakVoiceSettings settings, double targetF0, double measuredF0, double? targetSpread, double? measuredSpread)
    {
        var scale = targetF0 / measuredF0;
        var baseHz = settings.PitchBaseHz * scale;
        var topHz = settings.PitchTopHz * scale;
        if (targetSpread is > 0 && measuredSpread is > 0)
        {
            var widthSemitones = 12 * Math.Log2(topHz / baseHz) * Math.Clamp(targetSpread.Value / measuredSpread.Value, 0.6, 1.6);
            var centre = Math.Sqrt(baseHz * topHz);
            var half = Math.Pow(2, Math.Clamp(widthSemitones, 3, 16) / 24);
            (baseHz, topHz) = (centre / half, centre * half);
        }
        return settings with { PitchBaseHz = Math.Clamp(baseHz, 40, 400), PitchTopHz = Math.Clamp(topHz, 60, 600) };
    }

    private Task<VoiceMatchProfile> NeutralAsync(SpeechLanguage language) =>
        neutral.GetOrAdd(language, l => new Lazy<Task<VoiceMatchProfile>>(async () =>
        {
            var speech = await SpeakAsync(Variant("neutral", l, EspeakVoiceSettings.Neutral), EspeakVoiceSettings.DefaultWordsPerMinute, CalibrationText(l));
            return VoiceMatchAnalyzer.Analyze(speech, OutputSampleRate);
        })).Value;

    private string Variant(string key, SpeechLanguage language, EspeakVoiceSettings settings)
    {
        // Once the profiles are being disposed nothing new is written to the cache directory.
        stopping.Token.ThrowIfCancellationRequested();
        var suffix = language.Code();
        var variant = espeak.WriteVariant($"{key}-{suffix}", settings.ToVariantFile($"{key}-{suffix}"));
        return $"{EspeakLanguage(language)}+{variant}";
    }

    /// <summary>A whole passage through espeak-ng, at the output rate: what calibration measures.</summary>
    private async Task<float[]> SpeakAsync(string voiceName, double wordsPerMinute, string text)
    {
        var collected = new List<float>(OutputSampleRate * 10);
        var rate = new StrongBox<int>();
        await using (var run = EspeakRun.Start(espeak, voiceName, (int)Math.Round(wordsPerMinute), text))
        {
            await foreach (var block in run.ReadAsync(rate, espeak.RunTimeout, stopping.Token))
            {
                collected.AddRange(block.Span);
            }
        }
        return Resampler.Resample(collected.ToArray(), rate.Value, OutputSampleRate);
    }

    private static float[] Filter(float[] speech, float[] taps)
    {
        var filter = new StreamingFir(taps);
        var output = new float[speech.Length + filter.LatencySamples];
        filter.Process(speech, output.AsSpan(0, speech.Length));
        filter.Flush(output.AsSpan(speech.Length));
        return output[filter.LatencySamples..];
    }

    private static float LoudnessGain(float[] speech) =>
        (float)SpeechLevel.NormalizingGain(speech, OutputSampleRate, TargetLoudnessDbfs, PeakCeilingDbfs);

    /// <summary>Phonetically varied passages (Harvard sentences; a Mandarin passage covering the four tones).</summary>
    private static string CalibrationText(SpeechLanguage language) => language switch
    {
        SpeechLanguage.Mandarin => "今天天气很好，我们一起去公园散步吧。这本书的内容非常有意思，值得大家认真阅读。请把窗户打开，让新鲜空气进来。",
        SpeechLanguage.French => "Le vieux canot glissait sur les planches lisses. Collez la feuille sur le fond bleu foncé. Il est facile de mesurer la profondeur d'un puits. De nos jours, une cuisse de poulet est un plat rare. Le riz est souvent servi dans des bols ronds.",
        SpeechLanguage.Italian => "La vecchia canoa scivolava sulle tavole lisce. Incolla il foglio sullo sfondo blu scuro. È facile misurare la profondità di un pozzo. Oggi una coscia di pollo è un piatto raro. Il riso viene spesso servito in ciotole rotonde.",
        _ => "The birch canoe slid on the smooth planks. Glue the sheet to the dark blue background. It is easy to tell the depth of a well. These days a chicken leg is a rare dish. Rice is often served in round bowls.",
    };

    public async ValueTask DisposeAsync()
    {
        await stopping.CancelAsync();
        try
        {
            await Task.WhenAll(neutral.Values.Where(entry => entry.IsValueCreated).Select(entry => (Task)entry.Value));
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            // Their callers saw these failures already; here it only matters that nothing is still writing.
        }
        await cache.SettleAsync();
        stopping.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Basic profile for {VoiceId} ({Language}): pitch {PitchBase:0}-{PitchTop:0} Hz, formants {Formant:0}%, {Wpm:0} wpm; F0 reference {ReferenceF0:0.0} Hz, output {OutputF0:0.0} Hz; spectrum distance {Before:0.0} dB before EQ, {After:0.0} dB after.")]
    private partial void LogProfile(string voiceId, SpeechLanguage language, double pitchBase, double pitchTop, double formant, double wpm, double? referenceF0, double? outputF0, double? before, double? after);
}
