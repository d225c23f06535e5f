namespace CineCast.Engines;

/// <summary>
/// Where the engines may write: derived files they rebuild at will (an espeak-ng data overlay), and the model
/// files installed for them. The host decides both; the engines write nowhere else.
/// </summary>
public sealed record EngineLocations(string CacheDirectory, string ModelsDirectory);
