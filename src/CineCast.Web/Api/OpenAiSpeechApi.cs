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
    [property: JsonPropertyName("temperature")] double? Temperature = null);

/// <summary>Speech for programs written against OpenAI's TTS API: only the base URL and the key change.</summary>
public static class OpenAiSpeechApi
{
    private static readonly HashSet<string> DefaultEngineModels = new(StringComparer.OrdinalIgnoreCase) { "tts-1", "tts-1-hd", "gpt-4o-mini-tts" };

    // 5,000 characters of input fit many times over, even with every character escaped.
    private const long MaxBodyBytes = 1024 * 1024;

    public static IEndpointRouteBuilder MapOpenAiSpeechApi(this IEndpointRouteBuilder routes)
    {
        routes.MapPost("/v1/audio/speech", Speech).WithTags("OpenAI-compatible").RequireRateLimiting(RateLimitSetup.Synthesis)
            .LimitBody(MaxBodyBytes)
            .Accepts<OpenAiSpeechRequest>("application/json")
            .Produces(StatusCodes.Status200OK, contentType: "audio/mpeg")
            .Produces<OpenAiErrorBody>(StatusCodes.Status400BadRequest)
            .Produces<OpenAiErrorBody>(StatusCodes.Status401Unauthorized)
            .Produces<OpenAiErrorBody>(StatusCodes.Status404NotFound);
        return routes;
    }

    private static async Task<IResult> Speech(
        HttpRequest request, ClaimsPrincipal user, SynthesisPipeline pipeline, AudioFormats formats, EngineCatalog engines, CineCastDb db, CancellationToken cancellationToken)
    {
        OpenAiSpeechRequest? body;
        try
        {
            body = await request.ReadFromJsonAsync<OpenAiSpeechRequest>(cancellationToken);
        }
        catch (Exception exception) when (exception is JsonException or InvalidOperationException)
        {
            return OpenAiErrors.Result(StatusCodes.Status400BadRequest, $"The request body is not valid JSON for this endpoint: {exception.Message}", null, "invalid_json");
        }
        if (body is null)
        {
            return OpenAiErrors.Result(StatusCodes.Status400BadRequest, "Send a JSON body with 'model', 'input' and 'voice'.", null, "invalid_json");
        }

        var format = string.IsNullOrWhiteSpace(body.ResponseFormat) ? "mp3" : body.ResponseFormat.Trim().ToLowerInvariant();
        if (!formats.IsSupported(format))
        {
            return OpenAiErrors.Result(StatusCodes.Status400BadRequest,
                $"'{Problems.Shown(body.ResponseFormat)}' is not a supported response_format. Supported: {string.Join(", ", formats.Supported)}.", "response_format", "unsupported_format");
        }
        if (string.IsNullOrWhiteSpace(body.Model))
        {
            return OpenAiErrors.Result(StatusCodes.Status400BadRequest, "'model' is required: tts-1, tts-1-hd or an engine id.", "model", "missing_model");
        }
        var engine = DefaultEngineModels.Contains(body.Model) ? engines.DefaultEngineId : body.Model.Trim();

        var userId = user.UserId();
        try
        {
            var plan = await pipeline.PlanInteractiveAsync(new SynthesisRequest(body.Input, body.Voice, body.Speed ?? 1.0, engine) { Seed = body.Seed, Temperature = body.Temperature }, userId, cancellationToken);
            return new SpeechAudioResult(plan, format);
        }
        catch (SynthesisBusyException busy)
        {
            return new RetryLater(OpenAiErrors.Result(StatusCodes.Status429TooManyRequests, busy.Message, null, "server_busy"), busy.RetryAfterSeconds);
        }
        catch (SynthesisRejectedException rejected)
        {
            if (rejected.Reason == "voice.unknown" && await IsSomeoneElsesCloneAsync(db, body.Voice!, userId, cancellationToken))
            {
                return OpenAiErrors.Result(StatusCodes.Status404NotFound, $"There is no voice '{Problems.Shown(body.Voice)}' that you can use.", "voice", "voice_not_found");
            }
            var (status, param) = rejected.Reason switch
            {
                "text.empty" or "text.too-long" or "text.nothing-to-say" or "engine.cannot-say-text" => (StatusCodes.Status400BadRequest, "input"),
                "speed.out-of-range" => (StatusCodes.Status400BadRequest, "speed"),
                "temperature.out-of-range" => (StatusCodes.Status400BadRequest, "temperature"),
                "seed.out-of-range" => (StatusCodes.Status400BadRequest, "seed"),
                "engine.unknown" => (StatusCodes.Status400BadRequest, "model"),
                "engine.not-ready" => (StatusCodes.Status503ServiceUnavailable, "model"),
                _ => (StatusCodes.Status400BadRequest, "voice"),
            };
            return OpenAiErrors.Result(status, rejected.Message, param, rejected.Reason.Replace('.', '_').Replace('-', '_'));
        }
    }

    private static Task<bool> IsSomeoneElsesCloneAsync(CineCastDb db, string voice, string userId, CancellationToken cancellationToken)
    {
        var id = voice.Trim();
        return Voice.IsWellFormedId(id)
            ? db.Voices.AnyAsync(v => v.Id == id && v.OwnerId != userId, cancellationToken)
            : Task.FromResult(false);
    }
}
