using System.Security.Claims;
using CineCast.Web.Accounts;
using CineCast.Web.Hosting;
using CineCast.Web.Lexicon;
using CineCast.Web.Synthesis;
using CineCast.Web.Voices;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using CineCast.Web.Refusals;

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

    private static async Task<Ok<TextAnalysis>> Analyze(
        string id, AnalyzeRequest request, EngineCatalog engines, VoiceLibrary library, LexiconBook lexicon, IOptions<SynthesisOptions> options,
        ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var engine = engines.Get(id);
        var text = SynthesisPipeline.CheckText(request.Text, options.Value.MaxTextLength);
        SpeakingVoice? voice = null;
        if (!string.IsNullOrWhiteSpace(request.Voice))
        {
            voice = await library.FindSpeakingVoiceAsync(user.UserId(), request.Voice.Trim(), cancellationToken)
                ?? throw Refuse.VoiceUnknown.With(Quote.Shown(request.Voice));
        }

        TextAnalysis analysis;
        try
        {
            var script = (await lexicon.CompiledAsync(user.UserId(), cancellationToken)).Apply(SynthesisPipeline.ReadScript(text), text);
            analysis = await TextAnalyzer.AnalyzeAsync(engine, script, voice, cancellationToken);
        }
        catch (EngineFailedException failed)
        {
            throw Refuse.EngineNotReady.With(engine.Id, failed.Message);
        }
        return analysis.Chunks.Count > 0 || analysis.Pauses.Count > 0 ? TypedResults.Ok(analysis) : throw Refuse.NothingToSay.With();
    }

}
