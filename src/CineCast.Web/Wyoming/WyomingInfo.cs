using System.Reflection;
using System.Text.Json.Nodes;

namespace CineCast.Web.Wyoming;

/// <summary>
/// The <c>info</c> answer to <c>describe</c>: one text-to-speech program with the voices the account offers and
/// streaming synthesis supported; the other services' lists are present and empty, as the reference writes them.
/// The program's description is the engine's own, so Home Assistant shows what really speaks.
/// </summary>
public static class WyomingInfo
{
    private static readonly string Version =
        typeof(WyomingInfo).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";

    public static WyomingEvent Describe(WyomingAccount account, ISpeechEngine engine)
    {
        var voices = new JsonArray();
        foreach (var voice in account.Voices)
        {
            voices.Add(Artifact(voice.Name, voice.Description, new JsonObject
            {
                ["languages"] = new JsonArray([.. voice.Languages.Select(l => JsonValue.Create(l))]),
                ["speakers"] = null,
            }));
        }
        var program = Artifact("cinecast", $"CineCast, {engine.Id} engine: {engine.Description}", new JsonObject
        {
            ["voices"] = voices,
            ["supports_synthesize_streaming"] = true,
        });
        program["version"] = Version;
        return new WyomingEvent("info", new JsonObject
        {
            ["asr"] = new JsonArray(),
            ["tts"] = new JsonArray(program),
            ["handle"] = new JsonArray(),
            ["intent"] = new JsonArray(),
            ["wake"] = new JsonArray(),
            ["mic"] = new JsonArray(),
            ["snd"] = new JsonArray(),
        });
    }

    private static JsonObject Artifact(string name, string description, JsonObject more)
    {
        var artifact = new JsonObject
        {
            ["name"] = name,
            ["attribution"] = new JsonObject { ["name"] = "CineCast", ["url"] = "" },
            ["installed"] = true,
            ["description"] = description,
            ["version"] = null,
        };
        foreach (var (key, value) in more.ToList())
        {
            more.Remove(key);
            artifact[key] = value;
        }
        return artifact;
    }
}
