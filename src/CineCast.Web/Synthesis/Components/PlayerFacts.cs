namespace CineCast.Web.Synthesis.Components;

/// <summary>The <c>start</c> item as the browser player reports it: who really speaks.</summary>
public sealed record PlayerStart(string Engine, string? EngineDescription, string VoiceId, string VoiceName, string? VoiceKind);

public sealed record PlayerEnd(double DurationSeconds, double? FirstAudioMs, double? RealTimeFactor);

public sealed record PlayerProgress(long SamplesReceived, long SamplesPlayed, int Underruns, double? FirstAudioMs, string State);

/// <summary>A span of the spoken text (UTF-16 offset and length).</summary>
public sealed record TextSpan(int Offset, int Length);

/// <summary>What the listener is hearing now: the word and the sentence the played audio has reached, from the stream's marks.</summary>
public sealed record PlayerWord(TextSpan? Word, TextSpan? Sentence);
