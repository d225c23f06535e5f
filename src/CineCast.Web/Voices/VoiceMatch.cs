using System.Globalization;
using CineCast.Web.Engines;

namespace CineCast.Web.Voices;

/// <summary>
/// How close an engine's voice came to a clone's recording, as the engine measured it while calibrating, with a
/// sentence a person understands. Only the basic engine measures this; the figures are null until it has.
/// </summary>
public sealed record VoiceMatch(
    string Engine,
    string Language,
    double? RecordingPitchHz,
    double? VoicePitchHz,
    double? TimbreDistanceBeforeDb,
    double? TimbreDistanceAfterDb,
    string Summary);

/// <summary>Reads the basic engine's calibration figures for a clone; builds nothing.</summary>
public sealed class VoiceMatches(BasicVoiceProfiles profiles)
{
    public VoiceMatch? For(VoiceDto voice)
    {
        if (voice.Kind != VoiceKinds.Clone || voice.CreatedAt is not { } created)
        {
            return null;
        }

        var language = SpeakingVoice.LikelyLanguage(null, voice.RefText);
        var speaking = new SpeakingVoice(voice.Id, voice.Name, VoiceKinds.Clone, null, null, created);
        var code = Speech.Text.SpeechLanguages.Code(language);
        return profiles.MeasuresOf(speaking, language) is not { } measures
            ? new VoiceMatch(BasicEngine.EngineId, code, null, null, null, null,
                "Not measured yet: the basic engine measures its match the first time it speaks this voice.")
            : new VoiceMatch(BasicEngine.EngineId, code, Round(measures.ReferenceF0Hz), Round(measures.OutputF0Hz),
                Round(measures.SpectralDistanceBeforeDb), Round(measures.SpectralDistanceAfterDb), Describe(measures));
    }

    private static string Describe(BasicProfileMeasures measures)
    {
        var parts = new List<string>();
        if (measures is { ReferenceF0Hz: { } reference, OutputF0Hz: { } output })
        {
            var apart = Math.Abs(12 * Math.Log2(output / reference));
            parts.Add(string.Create(CultureInfo.InvariantCulture,
                $"pitch {output:0} Hz against {reference:0} Hz in your recording ({(apart < 0.5 ? "the same to the ear" : apart < 2 ? "close" : "audibly different")})"));
        }

        if (measures is { SpectralDistanceBeforeDb: { } before, SpectralDistanceAfterDb: { } after })
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture,
                $"tone colour {after:0.0} dB from your recording after equalising ({before:0.0} dB before)"));
        }

        return parts.Count == 0
            ? "The basic engine could not measure this recording's pitch."
            : $"Basic engine: {string.Join("; ", parts)}. It resembles your voice; it is not neural cloning.";
    }

    private static double? Round(double? value) => value is { } v ? Math.Round(v, 1) : null;
}
