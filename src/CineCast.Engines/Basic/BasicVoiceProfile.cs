using System.Globalization;
using System.Text;

namespace CineCast.Engines.Basic;

/// <summary>The espeak-ng settings that make the output follow one voice in one language.</summary>
public sealed record EspeakVoiceSettings(double PitchBaseHz, double PitchTopHz, double FormantPercent, double WordsPerMinute)
{
    public const double DefaultWordsPerMinute = 175;

    /// <summary>A neutral adult voice: espeak-ng's own defaults.</summary>
    public static EspeakVoiceSettings Neutral { get; } = new(82, 118, 100, DefaultWordsPerMinute);

    /// <summary>The variant file: <c>pitch</c> sets the F0 floor and ceiling in Hz, <c>formant</c> scales formant frequencies (vocal-tract length).</summary>
    public string ToVariantFile(string name)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"language variant\nname {name}\n");
        text.Append(CultureInfo.InvariantCulture, $"pitch {Math.Round(PitchBaseHz)} {Math.Round(PitchTopHz)}\n");
        text.Append("formant 0 100 100 100\n");
        for (var formant = 1; formant <= 5; formant++)
        {
            text.Append(CultureInfo.InvariantCulture, $"formant {formant} {Math.Round(FormantPercent)} 100 100\n");
        }
        return text.ToString();
    }
}

/// <summary>What the basic engine uses to speak as one voice in one language, derived from its clip or preset and cached.</summary>
public sealed record BasicVoiceProfile(string EspeakVoice, EspeakVoiceSettings Settings, float[]? EqualizerTaps, float Gain, BasicProfileMeasures Measures);

/// <summary>Reference and calibrated-output figures, kept for logs and the engine evaluation.</summary>
public sealed record BasicProfileMeasures(double? ReferenceF0Hz, double? OutputF0Hz, double? ReferenceSpreadSemitones, double? OutputSpreadSemitones, double? SpectralDistanceBeforeDb, double? SpectralDistanceAfterDb);
