using System.Security.Claims;
using System.Text.Json.Serialization;
using CineCast.Web.Accounts;
using CineCast.Web.Engines;
using CineCast.Web.Refusals;
using CineCast.Web.Voices;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CineCast.Web.Api;

/// <summary>One model in OpenAI's shape; <c>engine</c> says which of ours speaks when it is asked for.</summary>
public sealed record OpenAiModel(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("object")] string ObjectType,
    [property: JsonPropertyName("created")] long Created,
    [property: JsonPropertyName("owned_by")] string OwnedBy,
    [property: JsonPropertyName("engine")] string Engine);

public sealed record OpenAiModelList(
    [property: JsonPropertyName("object")] string ObjectType,
    [property: JsonPropertyName("data")] IReadOnlyList<OpenAiModel> Data);

/// <summary>
/// A voice as clients of OpenAI-compatible servers read it: Open WebUI and SillyTavern show <c>name</c> and send
/// <c>id</c> back as <c>voice</c>; <c>kind</c> says whether it is a preset or the caller's own clone.
/// </summary>
public sealed record OpenAiVoice(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("kind")] string Kind,
    [property: JsonPropertyName("language")] string? Language,
    [property: JsonPropertyName("gender")] string? Gender,
    [property: JsonPropertyName("description")] string? Description);

public sealed record OpenAiVoiceList([property: JsonPropertyName("voices")] IReadOnlyList<OpenAiVoice> Voices);

/// <summary>The speech models as Open WebUI reads them from <c>/audio/models</c>.</summary>
public sealed record OpenAiAudioModelList([property: JsonPropertyName("models")] IReadOnlyList<OpenAiAudioModel> Models);

public sealed record OpenAiAudioModel([property: JsonPropertyName("id")] string Id, [property: JsonPropertyName("engine")] string Engine);

/// <summary>What an OpenAI-compatible client asks before it speaks: which models there are, and which voices.</summary>
public static class OpenAiCatalogApi
{
    /// <summary>OpenAI's own speech model names; each is spoken by the default engine.</summary>
    public static readonly IReadOnlyList<string> OpenAiModelNames = ["tts-1", "tts-1-hd", "gpt-4o-mini-tts"];

    // The models have no creation date of their own; clients sort and show this field, so it stays fixed
    // (2025-12-01, when CineCast first answered in OpenAI's shape) rather than changing with every restart.
    private const long ListedSince = 1764547200;
    private const string Owner = "cinecast";

    public static IEndpointRouteBuilder MapOpenAiCatalogApi(this IEndpointRouteBuilder routes)
    {
        var openAi = routes.MapGroup("/v1").WithTags("OpenAI-compatible");
        openAi.MapGet("/models", Models);
        openAi.MapGet("/models/{model}", Model).Produces<OpenAiErrorBody>(StatusCodes.Status404NotFound);
        // Open WebUI asks for these two without its key; anonymously they show the presets, with a key also your clones.
        openAi.MapGet("/audio/models", AudioModels).AllowAnonymous();
        openAi.MapGet("/audio/voices", Voices).AllowAnonymous();
        return routes;
    }

    public static bool IsOpenAiModelName(string model) => OpenAiModelNames.Contains(model, StringComparer.OrdinalIgnoreCase);

    private static Ok<OpenAiModelList> Models(EngineCatalog engines) => TypedResults.Ok(new OpenAiModelList("list", ListModels(engines)));

    private static Ok<OpenAiModel> Model(string model, EngineCatalog engines) =>
        TypedResults.Ok(ListModels(engines).FirstOrDefault(m => string.Equals(m.Id, model, StringComparison.OrdinalIgnoreCase))
            ?? throw Refuse.NotFound.With($"model {Quote.Shown(model)}"));

    private static Ok<OpenAiAudioModelList> AudioModels(EngineCatalog engines) =>
        TypedResults.Ok(new OpenAiAudioModelList([.. ListModels(engines).Select(m => new OpenAiAudioModel(m.Id, m.Engine))]));

    private static async Task<Ok<OpenAiVoiceList>> Voices(VoiceLibrary library, PresetCatalog presets, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var voices = user.Identity?.IsAuthenticated == true
            ? await library.ListAsync(user.UserId(), cancellationToken)
            : [.. presets.All.Select(VoiceDto.From)];
        return TypedResults.Ok(new OpenAiVoiceList([.. voices.Select(v => new OpenAiVoice(v.Id, v.Name, v.Kind, v.Language, v.Gender, v.Description))]));
    }

    /// <summary>OpenAI's names (spoken by the default engine), then every engine that can speak now under its own id.</summary>
    private static List<OpenAiModel> ListModels(EngineCatalog engines) =>
    [
        .. OpenAiModelNames.Select(name => new OpenAiModel(name, "model", ListedSince, Owner, engines.DefaultEngineId)),
        .. engines.Ready.OrderBy(e => e.Id, StringComparer.Ordinal).Select(e => new OpenAiModel(e.Id, "model", ListedSince, Owner, e.Id)),
    ];
}
