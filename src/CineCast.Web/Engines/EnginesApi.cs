using System.Security.Claims;
using CineCast.Web.Accounts;
using CineCast.Web.Hosting;
using CineCast.Web.Synthesis;
using CineCast.Web.Voices;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace CineCast.Web.Engines;

public static class EnginesApi
{
    private const long MaxBodyBytes = 1024 * 1024;

    public static IEndpointRouteBuilder MapEnginesApi(this IEndpointRouteBuilder routes)
    {
        routes.MapPost("/api/engines/{id}/analyze", Analyze).WithTags("Engines").RequireAuthorization()
            .RequireRateLimiting(RateLimitSetup.Synthesis).LimitBody(MaxBodyBytes);
        return routes;
    }

    private static async Task<Results<Ok<TextAnalysis>, ProblemHttpResult>> Analyze(
        string id, AnalyzeRequest request, EngineCatalog engines, VoiceLibrary library, IOptions<SynthesisOptions> options,
        ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        if (engines.Find(id) is not { } engine)
        {
            return Problems.Of(StatusCodes.Status404NotFound, "engine.unknown",
                $"There is no engine called '{Problems.Shown(id)}'. Engines: {string.Join(", ", engines.Statuses().Select(s => s.Id))}.");
        }

        var text = request.Text ?? "";
        var limit = options.Value.MaxTextLength;
        if (string.IsNullOrWhiteSpace(text))
        {
            return Problems.Of(StatusCodes.Status400BadRequest, "text.empty", "Type some text to analyze.");
        }
        if (text.Length > limit)
        {
            return Problems.Of(StatusCodes.Status400BadRequest, "text.too-long", $"The text is {text.Length:N0} characters; the limit is {limit:N0}.");
        }

        SpeakingVoice? voice = null;
        if (!string.IsNullOrWhiteSpace(request.Voice)
            && (voice = await library.FindSpeakingVoiceAsync(user.UserId(), request.Voice.Trim(), cancellationToken)) is null)
        {
            return Problems.Of(StatusCodes.Status400BadRequest, "voice.unknown", $"There is no voice '{Problems.Shown(request.Voice)}' that you can use.");
        }

        try
        {
            var analysis = await TextAnalyzer.AnalyzeAsync(engine, text, voice, cancellationToken);
            return analysis.Chunks.Count == 0
                ? Problems.Of(StatusCodes.Status400BadRequest, "text.nothing-to-say", "The text has no words to speak.")
                : TypedResults.Ok(analysis);
        }
        catch (EngineFailedException failed)
        {
            return Problems.Of(StatusCodes.Status503ServiceUnavailable, "engine.not-ready", $"The engine '{engine.Id}' cannot read text yet: {failed.Message}");
        }
    }

}
