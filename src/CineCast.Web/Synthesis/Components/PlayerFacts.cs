namespace CineCast.Web.Synthesis.Components;

/// <summary>The <c>start</c> item as the browser player reports it: who really speaks.</summary>
public sealed record PlayerStart(string Engine, string? EngineDescription, string VoiceId, string VoiceName, string? VoiceKind);

public sealed record PlayerEnd(double DurationSeconds, double? FirstAudioMs, double? RealTimeFactor);

public sealed record PlayerProgress(long SamplesReceived, long SamplesPlayed, int Underruns, double? FirstAudioMs, string State);
