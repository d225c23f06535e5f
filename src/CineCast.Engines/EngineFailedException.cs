namespace CineCast.Engines;

/// <summary>The engine could not speak; the message says why. Never answered by another engine or voice.</summary>
public sealed class EngineFailedException(string message) : Exception(message);
