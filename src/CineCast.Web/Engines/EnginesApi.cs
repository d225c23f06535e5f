using System.Security.Claims;
using CineCast.Speech.Text;
using CineCast.Web.Accounts;
using CineCast.Web.Hosting;
using CineCast.Web.Synthesis;
using CineCast.Web.Voices;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace CineCast.Web.Engines;

/// <summary>Text to look at with an engine's eyes: <c>voice</c> is optional and only checked and reported.</summary>
public sealed record AnalyzeRequest(string? Text, string? Voice);

/// <summary>One chunk as the engine receives it, with where it came from in the caller's text and what the engine reads in it.</summary>
public sealed record AnalyzedChunk(int Index, string Text, string Language, int SourceStart, int SourceLength, IReadOnlyList<TokenReading>? Tokens, string? Phonemes);

/// <summary>
/// The plan an engine would speak, without speaking it. <c>Refusal</c> says why speaking it would be refused
/// (the voice, or the text's language), or is null.
/// </summary>
public sealed record TextAnalysis(string Engine, string Normalized, string Language, string? Voice, string? Refusal, IReadOnlyList<AnalyzedChunk> Chunks);

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
            var chunks = new List<AnalyzedChunk>();
            foreach (var chunk in engine.Plan(text))
            {
                var reading = await engine.ReadAsync(chunk, cancellationToken);
                chunks.Add(new AnalyzedChunk(chunk.Index, chunk.Text, Code(chunk.Language), chunk.SourceStart, chunk.SourceLength, reading.Tokens, reading.Phonemes));
            }
            if (chunks.Count == 0)
            {
                return Problems.Of(StatusCodes.Status400BadRequest, "text.nothing-to-say", "The text has no words to speak.");
            }

            var language = LanguageDetector.Detect(text);
            var refusal = (voice is null ? null : engine.CannotSpeak(voice, 1.0)) ?? engine.CannotSay(text);
            return TypedResults.Ok(new TextAnalysis(engine.Id, TextNormalizer.Normalize(text, language), Code(language), voice?.Id, refusal, chunks));
        }
        catch (EngineFailedException failed)
        {
            return Problems.Of(StatusCodes.Status503ServiceUnavailable, "engine.not-ready", $"The engine '{engine.Id}' cannot read text yet: {failed.Message}");
        }
    }

    private static string Code(SpeechLanguage language) => language == SpeechLanguage.Mandarin ? "zh" : "en";
}
