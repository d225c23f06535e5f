using System.Text.Json;

namespace CineCast.Web.Tests;

/// <summary>Reads a <c>text/event-stream</c> body the way the specification says: events end at a blank line, data lines join.</summary>
public static class ServerSentEvents
{
    public static IReadOnlyList<JsonElement> Parse(string body)
    {
        var events = new List<JsonElement>();
        foreach (var block in body.Replace("\r\n", "\n", StringComparison.Ordinal).Split("\n\n", StringSplitOptions.RemoveEmptyEntries))
        {
            var data = string.Join("\n", block.Split('\n')
                .Where(line => line.StartsWith("data:", StringComparison.Ordinal))
                .Select(line => line["data:".Length..].TrimStart(' ')));
            if (data.Length > 0)
            {
                events.Add(JsonDocument.Parse(data).RootElement.Clone());
            }
        }
        return events;
    }

    /// <summary>The audio of every <c>speech.audio.delta</c> event, joined.</summary>
    public static byte[] Audio(IEnumerable<JsonElement> events) =>
        [.. events.Where(e => e.GetProperty("type").GetString() == "speech.audio.delta").SelectMany(e => Convert.FromBase64String(e.GetProperty("audio").GetString()!))];
}
