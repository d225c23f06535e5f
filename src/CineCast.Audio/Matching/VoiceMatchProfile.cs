namespace CineCast.Audio.Matching;

/// <summary>What the engine matches espeak-ng to; the F0 and formant values are null when the clip shows none.</summary>
/// <param name="MedianF0Hz">Median F0 over voiced frames (<see cref="PitchEstimator"/>).</param>
/// <param name="F0SpreadSemitones">Distance between the 10th and 90th F0 percentiles, in semitones.</param>
/// <param name="P10F0Hz">10th percentile of voiced-frame F0.</param>
/// <param name="P90F0Hz">90th percentile of voiced-frame F0.</param>
/// <param name="SyllablesPerSecond">Speaking rate by <see cref="SpeakingRate"/>.</param>
/// <param name="FormantSpacingHz">Vocal-tract length proxy by <see cref="FormantScale"/>.</param>
/// <param name="BandLevelsDb">Mean-removed 1/3-octave spectrum by <see cref="LongTermSpectrum"/>.</param>
public sealed record VoiceMatchProfile(
    double? MedianF0Hz,
    double? F0SpreadSemitones,
    double? P10F0Hz,
    double? P90F0Hz,
    double SyllablesPerSecond,
    double? FormantSpacingHz,
    double[] BandLevelsDb);
