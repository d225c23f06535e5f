namespace CineCast.Web.Voices;

/// <summary>A voice as the API shows it: a preset or one of the caller's clones.</summary>
public sealed record VoiceDto(
    string Id,
    string Name,
    string Kind,
    int SampleRate,
    double? DurationSeconds,
    string? RefText,
    DateTime? CreatedAt,
    double? MedianF0Hz,
    double? F0SpreadSemitones,
    string? Language,
    string? Gender,
    string? Description)
{
    public const int StoredSampleRate = 24000;

    /// <summary>For a clone, whether Home Assistant may speak with it over Wyoming (presets always may); null for presets.</summary>
    public bool? Wyoming { get; init; }

    /// <summary>For a clone, how close the basic engine's voice came to the recording (see <see cref="VoiceMatch"/>).</summary>
    public VoiceMatch? Match { get; init; }

    public static VoiceDto From(Voice voice) => new(
        voice.Id, voice.Name, VoiceKinds.Clone, voice.SampleRate, Math.Round(voice.DurationSeconds, 3), voice.RefText,
        voice.CreatedAt, Round(voice.MedianF0Hz), Round(voice.F0SpreadSemitones),
        null, null, null)
    {
        Wyoming = voice.ExposedToWyoming,
    };

    public static VoiceDto From(PresetVoice preset) => new(
        preset.Id, preset.Name, VoiceKinds.Preset, StoredSampleRate, null, null, null, preset.MedianF0Hz, null,
        preset.Language, preset.Gender, preset.Description);

    private static double? Round(double? value) => value is { } v ? Math.Round(v, 1) : null;
}

/// <summary>A change to a clone: a new <c>name</c>, and/or <c>wyoming</c> to let Home Assistant speak with it (or not).</summary>
public sealed record UpdateVoiceRequest(string? Name, bool? Wyoming = null);
