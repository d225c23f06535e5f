namespace CineCast.Audio;

/// <summary>Pitch facts of a voice; the F0 values are null when no frame is voiced.</summary>
/// <param name="MedianF0Hz">Median fundamental frequency over voiced frames.</param>
/// <param name="F0SpreadSemitones">Distance between the 10th and 90th percentile of F0, in semitones.</param>
/// <param name="VoicedFraction">Share of analysis frames that are voiced, 0..1.</param>
public sealed record VoiceFacts(double? MedianF0Hz, double? F0SpreadSemitones, double VoicedFraction);
