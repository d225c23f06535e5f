namespace CineCast.Web.Engines;

/// <summary>Every engine the app has, by id; which one speaks is the caller's choice, never a fallback.</summary>
public sealed class EngineCatalog(IEnumerable<ISpeechEngine> engines, Microsoft.Extensions.Options.IOptions<EnginesOptions> options)
{
    private readonly Dictionary<string, ISpeechEngine> byId = engines.ToDictionary(e => e.Id, StringComparer.OrdinalIgnoreCase);

    public string DefaultEngineId => options.Value.DefaultEngine;

    public IReadOnlyList<EngineStatus> Statuses() => [.. byId.Values.Select(e => e.Status)];

    public ISpeechEngine? Find(string id) => byId.GetValueOrDefault(id);

    /// <summary>The engine called <paramref name="id"/>, or the refusal that names the ones there are.</summary>
    public ISpeechEngine Get(string id) =>
        Find(id) ?? throw Refusals.Refuse.EngineUnknown.With(Quote.Shown(id), string.Join(", ", byId.Keys.Order(StringComparer.Ordinal)));

    public IEnumerable<ISpeechEngine> Ready => byId.Values.Where(e => e.Status.IsReady);

    public void ForgetVoice(string voiceId)
    {
        foreach (var engine in byId.Values)
        {
            engine.Forget(voiceId);
        }
    }
}
