using CineCast.Web.Hosting;
using System.Security.Claims;
using System.Text.Json;
using System.Text.Json.Serialization;
using CineCast.Web.Accounts;
using CineCast.Web.Audio;
using CineCast.Web.Data;
using CineCast.Web.Engines;
using CineCast.Web.Synthesis;
using CineCast.Web.Voices;
using Microsoft.EntityFrameworkCore;
using CineCast.Web.Refusals;

namespace CineCast.Web.Api;

/// <summary>The body of OpenAI's <c>POST /v1/audio/speech</c>.</summary>
public sealed record OpenAiSpeechRequest(
    [property: JsonPropertyName("model")] string? Model,
    [property: JsonPropertyName("input")] string? Input,
    [property: JsonPropertyName("voice")] string? Voice,
    [property: JsonPropertyName("response_format")] string? ResponseFormat,
    [property: JsonPropertyName("speed")] double? Speed,
    [property: JsonPropertyName("instructions")] string? Instructions,
    [property: JsonPropertyName("seed")] int? Seed = null,
    [property: JsonPropertyName("temperature")] double? Temperature = null,
    [property: JsonPropertyName("stream_format")] string? StreamFormat = null);

/// <summary>Speech for programs written against OpenAI's TTS API: only the base URL and the key change.</summary>
public static class OpenAiSpeechApi
{
    // 5,000 characters of input fit many times over, even with every character escaped.
    private const long MaxBodyBytes = 1024 * 1024;

    public static IEndpointRouteBuilder MapOpenAiSpeechApi(this IEndpointRouteBuilder routes)
    {
        routes.MapPost("/v1/audio/speech", Speech).WithTags("OpenAI-compatible").RequireRateLimiting(RateLimitSetup.Synthesis)
            .LimitBody(MaxBodyBytes)
            .Accepts<OpenAiSpeechRequest>("application/json")
            .Produces(StatusCodes.Status200OK, contentType: "audio/mpeg")
            .Produces(StatusCodes.Status200OK, contentType: SpeechAudioEventStream.ContentType)
            .Produces<OpenAiErrorBody>(StatusCodes.Status400BadRequest)
            .Produces<OpenAiErrorBody>(StatusCodes.Status401Unauthorized)
            .Produces<OpenAiErrorBody>(StatusCodes.Status404NotFound);
        routes.MapPost("/v1/audio/speech/with-timestamps", WithTimestamps).WithTags("OpenAI-compatible").RequireRateLimiting(RateLimitSetup.Synthesis)
            .LimitBody(MaxBodyBytes)
            .Accepts<OpenAiSpeechRequest>("application/json")
            .Produces<TimedSpeech>(StatusCodes.Status200OK)
            .Produces<OpenAiErrorBody>(StatusCodes.Status400BadRequest)
            .Produces<OpenAiErrorBody>(StatusCodes.Status401Unauthorized)
            .Produces<OpenAiErrorBody>(StatusCodes.Status404NotFound);
        return routes;
    }

    private static async Task<IResult> Speech(
        HttpRequest request, ClaimsPrincipal user, SynthesisPipeline pipeline, AudioFormats formats, EngineCatalog engines, CancellationToken cancellationToken)
    {
        var (plan, format, asEvents) = await PlanAsync(request, user, pipeline, formats, engines, cancellationToken);
        return new SpeechAudioResult(plan, format, asEvents);
    }

    /// <summary>The same request, answered in one JSON body: the audio, and when each word and sentence is said.</summary>
    private static async Task<IResult> WithTimestamps(
        HttpRequest request, ClaimsPrincipal user, SynthesisPipeline pipeline, AudioFormats formats, EngineCatalog engines, CancellationToken cancellationToken)
    {
        var (plan, format, _) = await PlanAsync(request, user, pipeline, formats, engines, cancellationToken);
        return new TimedSpeechResult(plan, format);
    }

    /// <summary>The checked request, planned: the plan, the audio format and whether it goes out as server-sent events.</summary>
    private static async Task<(SynthesisPlan Plan, string Format, bool AsEvents)> PlanAsync(
        HttpRequest request, ClaimsPrincipal user, SynthesisPipeline pipeline, AudioFormats formats, EngineCatalog engines, CancellationToken cancellationToken)
    {
        OpenAiSpeechRequest? body;
        try
        {
            body = await request.ReadFromJsonAsync<OpenAiSpeechRequest>(cancellationToken);
        }
        catch (Exception exception) when (exception is JsonException or InvalidOperationException)
        {
            throw Refuse.Malformed.With($"it is not valid JSON for this endpoint: {exception.Message}");
        }
        if (body is null)
        {
            throw Refuse.Malformed.With("send a JSON body with 'model', 'input' and 'voice'.");
        }

        var format = string.IsNullOrWhiteSpace(body.ResponseFormat) ? "mp3" : body.ResponseFormat.Trim().ToLowerInvariant();
        if (!formats.IsSupported(format))
        {
            throw Refuse.FormatUnsupported.With(Quote.Shown(body.ResponseFormat), string.Join(", ", formats.Supported));
        }
        var asEvents = body.StreamFormat?.Trim().ToLowerInvariant() switch
        {
            null or "" or "audio" => false,
            "sse" => true,
            _ => throw Refuse.StreamFormatUnsupported.With(Quote.Shown(body.StreamFormat)),
        };
        if (string.IsNullOrWhiteSpace(body.Model))
        {
            throw Refuse.ModelMissing.With();
        }
        var engine = OpenAiCatalogApi.IsOpenAiModelName(body.Model) ? engines.DefaultEngineId : body.Model.Trim();
        var plan = await pipeline.PlanInteractiveAsync(
            new SynthesisRequest(body.Input, body.Voice, body.Speed ?? 1.0, engine) { Seed = body.Seed, Temperature = body.Temperature }, user.UserId(), cancellationToken);
        return (plan, format, asEvents);
    }
}
