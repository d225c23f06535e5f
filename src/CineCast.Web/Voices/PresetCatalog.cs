using System.Text.Json;
using CineCast.Web.Hosting;

namespace CineCast.Web.Voices;

/// <summary>The voices shipped in <c>voices/presets.json</c>, read once at start.</summary>
public sealed class PresetCatalog
{
    private static readonly JsonSerializerOptions ManifestJson = new(JsonSerializerDefaults.Web);

    private readonly Dictionary<string, PresetVoice> byId;

    public PresetCatalog(AppLocations locations)
    {
        var path = Path.Combine(locations.PresetsDirectory, CineCastOptionsValidator.PresetManifestFile);
        using var stream = File.OpenRead(path);
        var manifest = JsonSerializer.Deserialize<PresetManifest>(stream, ManifestJson)
            ?? throw new InvalidDataException($"{path} is empty.");
        All = manifest.Presets;
        byId = new Dictionary<string, PresetVoice>(StringComparer.OrdinalIgnoreCase);
        foreach (var preset in All)
        {
            if (string.IsNullOrWhiteSpace(preset.Id) || Voice.IsWellFormedId(preset.Id) || !byId.TryAdd(preset.Id, preset))
            {
                throw new InvalidDataException($"{path}: preset id '{preset.Id}' is empty, repeated or shaped like a clone id.");
            }
        }
    }

    public IReadOnlyList<PresetVoice> All { get; }

    public PresetVoice? Find(string id) => byId.GetValueOrDefault(id);

    public bool HasName(string name) => All.Any(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase));

    private sealed record PresetManifest(IReadOnlyList<PresetVoice> Presets);
}
