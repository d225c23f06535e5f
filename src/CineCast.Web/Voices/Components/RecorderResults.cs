namespace CineCast.Web.Voices.Components;

/// <summary>What <c>recorder.js</c> answers to <c>start</c>: ok, or why the microphone could not be used.</summary>
public sealed record RecorderStart(bool Ok, int SampleRate, string? Error, string? Message);

/// <summary>What <c>recorder.js</c> answers to <c>stop</c>.</summary>
public sealed record RecorderStopped(double Seconds, int SampleRate);
