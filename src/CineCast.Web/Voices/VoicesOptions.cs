using System.ComponentModel.DataAnnotations;
using CineCast.Audio;

namespace CineCast.Web.Voices;

public static class VoiceRules
{
    public const int MaxNameLength = 80;
    public const int MaxRefTextLength = 2000;

    /// <summary>
    /// Control and invisible formatting characters (direction overrides, zero-width joiners) would let a name look
    /// like another one, or like a file name it is not.
    /// </summary>
    public static bool IsHiddenCharacter(char c) =>
        char.IsControl(c) || char.GetUnicodeCategory(c) == System.Globalization.UnicodeCategory.Format;
}

/// <summary>Limits of the clone service. Section <c>CineCast:Voices</c>.</summary>
public sealed class VoicesOptions : IValidatableObject
{
    public const string Section = "CineCast:Voices";

    /// <summary>Largest request body accepted for a clone upload; larger ones are refused before they are read.</summary>
    [Range(64 * 1024, 512L * 1024 * 1024)]
    public long MaxUploadBytes { get; set; } = 20L * 1024 * 1024;

    [Range(0.5, 60)]
    public double MinSpeechSeconds { get; set; } = 3;

    [Range(1, 600)]
    public double MaxSpeechSeconds { get; set; } = 60;

    /// <summary>Decoding stops past this much audio, before trimming, so a small file cannot expand into hours.</summary>
    [Range(1, 3600)]
    public double MaxDecodedSeconds { get; set; } = 180;

    [Range(-40, -6)]
    public double TargetLoudnessDbfs { get; set; } = -20;

    [Range(0, 0.5)]
    public double MaxClippedFraction { get; set; } = 0.01;

    public CloneAudioRules ToRules() => new()
    {
        MinSpeechSeconds = MinSpeechSeconds,
        MaxSpeechSeconds = MaxSpeechSeconds,
        TargetLoudnessDbfs = TargetLoudnessDbfs,
        MaxClippedFraction = MaxClippedFraction,
    };

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (MinSpeechSeconds >= MaxSpeechSeconds)
        {
            yield return new ValidationResult(
                $"CineCast:Voices:MinSpeechSeconds ({MinSpeechSeconds}) must be less than MaxSpeechSeconds ({MaxSpeechSeconds}).",
                [nameof(MinSpeechSeconds), nameof(MaxSpeechSeconds)]);
        }
        if (MaxDecodedSeconds < MaxSpeechSeconds)
        {
            yield return new ValidationResult(
                $"CineCast:Voices:MaxDecodedSeconds ({MaxDecodedSeconds}) must be at least MaxSpeechSeconds ({MaxSpeechSeconds}).",
                [nameof(MaxDecodedSeconds)]);
        }
    }
}
