using System.Security.Claims;
using CineCast.Web.Accounts;
using CineCast.Web.Data;
using CineCast.Web.Hosting;
using CineCast.Web.Synthesis;
using CineCast.Web.Voices;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CineCast.Web.Api;

public sealed record LegacyVoices(IReadOnlyList<string> Voices);

public sealed record LegacySetVoiceResult(string Status, string Voice, string VoiceId, bool Created);

/// <summary>
/// The older CineCast server's endpoints, kept so its scripts keep working: list voices, select or clone one,
/// and stream speech. They go through the same clone service and pipeline as everything else.
/// </summary>
public static class LegacyApi
{
    public static IEndpointRouteBuilder MapLegacyApi(this IEndpointRouteBuilder routes)
    {
        var legacy = routes.MapGroup("").WithTags("Older CineCast API");
        legacy.MapGet("/voices", Voices);
        legacy.MapPost("/set_voice", SetVoice).RequireRateLimiting(RateLimitSetup.Uploads);
        legacy.MapGet("/read_stream", ReadStream).RequireRateLimiting(RateLimitSetup.Synthesis);
        return routes;
    }

    private static async Task<Ok<LegacyVoices>> Voices(VoiceLibrary library, ClaimsPrincipal user, CancellationToken cancellationToken) =>
        TypedResults.Ok(new LegacyVoices([.. (await library.ListAsync(user.UserId(), cancellationToken)).Select(v => v.Name)]));

    /// <summary>With a file: clone it under <c>voice_name</c>. Without: select an existing voice by name or id.</summary>
    private static async Task<Results<Ok<LegacySetVoiceResult>, ProblemHttpResult>> SetVoice(
        HttpRequest request, CloneService clones, VoiceLibrary library, CineCastDb db, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        try
        {
            using var upload = await clones.ReadUploadAsync(request, cancellationToken);
            var userId = user.UserId();
            string voiceId, voiceName;
            if (upload.HasFile)
            {
                var clone = await clones.CreateAsync(upload, CloneFieldNames.Legacy, user, cancellationToken);
                (voiceId, voiceName) = (clone.Id, clone.Name);
            }
            else
            {
                var requested = upload.Field(CloneFieldNames.Legacy.Name)?.Trim();
                if (string.IsNullOrEmpty(requested))
                {
                    return Problems.Of(StatusCodes.Status400BadRequest, "voice.missing", "Send 'voice_name' (and a 'file' to clone a new voice).");
                }
                var voice = await library.FindSpeakingVoiceAsync(userId, requested, cancellationToken);
                if (voice is null)
                {
                    return Problems.Of(StatusCodes.Status404NotFound, "voice.unknown", $"There is no voice '{Problems.Shown(requested)}' that you can use.");
                }
                (voiceId, voiceName) = (voice.Id, voice.Name);
            }
            var account = await db.Users.FindAsync([userId], cancellationToken);
            account!.SelectedVoiceId = voiceId;
            await db.SaveChangesAsync(cancellationToken);
            return TypedResults.Ok(new LegacySetVoiceResult("ok", voiceName, voiceId, upload.HasFile));
        }
        catch (RequestRejectedException rejected)
        {
            return rejected.ToProblem();
        }
    }

    /// <summary>Streams WAV as it is made; the voice is the one named, else the one selected with <c>/set_voice</c>.</summary>
    private static async Task<IResult> ReadStream(
        string? text, string? voice, SynthesisPipeline pipeline, CineCastDb db, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var userId = user.UserId();
        var voiceId = string.IsNullOrWhiteSpace(voice) ? (await db.Users.FindAsync([userId], cancellationToken))?.SelectedVoiceId : voice;
        if (voiceId is null)
        {
            return Problems.Of(StatusCodes.Status400BadRequest, "voice.missing", "Name a voice with '?voice=', or select one first with POST /set_voice.");
        }
        try
        {
            var plan = await pipeline.PlanInteractiveAsync(new SynthesisRequest(text, voiceId), userId, cancellationToken);
            return new SpeechAudioResult(plan, "wav");
        }
        catch (SynthesisBusyException busy)
        {
            return new RetryLater(Problems.Of(StatusCodes.Status429TooManyRequests, "synthesis.busy", busy.Message), busy.RetryAfterSeconds);
        }
        catch (SynthesisRejectedException rejected)
        {
            return Problems.Of(rejected.Reason.StartsWith("engine.", StringComparison.Ordinal) && rejected.Reason != "engine.cannot-say-text" ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status400BadRequest,
                rejected.Reason, rejected.Message);
        }
    }
}
