using System.Text.Json;

namespace CineCast.Web.Voices.Components;

/// <summary>What the browser got back from <c>POST /api/voices</c>: the new voice, or the server's reason.</summary>
public sealed record UploadOutcome(int Status, JsonElement Body)
{
    public bool Created => Status == StatusCodes.Status201Created;

    public string? VoiceName => Created && Body.TryGetProperty("name", out var name) ? name.GetString() : null;

    public string Problem => Status switch
    {
        0 => "The upload did not reach the server. Check the connection and try again.",
        _ when Body.ValueKind == JsonValueKind.Object && Body.TryGetProperty("detail", out var detail) && detail.GetString() is { Length: > 0 } text => text,
        StatusCodes.Status413PayloadTooLarge => "The file is too large.",
        _ => $"The server refused the recording (HTTP {Status}).",
    };
}
