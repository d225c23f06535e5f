namespace CineCast.Engines;

/// <summary>Whether a voice is a preset shipped with the app or a person's clone of a recording.</summary>
public static class VoiceKinds
{
    public const string Clone = "clone";
    public const string Preset = "preset";
}

/// <summary>A preset's fixed basic-engine profile: espeak-ng F0 floor and ceiling, formant scale and pace.</summary>
public sealed record BasicEngineParameters(double PitchBaseHz, double PitchTopHz, double FormantPercent, double WordsPerMinute);

/// <summary>A voice shipped with the app: who it is, and the fixed profile the basic engine speaks it with.</summary>
public sealed record PresetVoice(
    string Id,
    string Name,
    string Language,
    string Gender,
    string Description,
    double MedianF0Hz,
    BasicEngineParameters Basic);
