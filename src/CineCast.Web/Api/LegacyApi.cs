using System.Security.Claims;
using CineCast.Web.Accounts;
using CineCast.Web.Data;
using CineCast.Web.Hosting;
using CineCast.Web.Synthesis;
using CineCast.Web.Voices;
using Microsoft.AspNetCore.Http.HttpResults;
using CineCast.Web.Refusals;

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
    private static async Task<Ok<LegacySetVoiceResult>> SetVoice(
        HttpRequest request, CloneService clones, VoiceLibrary library, CineCastDb db, ClaimsPrincipal user, CancellationToken cancellationToken)
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
                throw Refuse.VoiceMissing.With(" as 'voice_name' (and send a 'file' to clone a new voice)");
            }
            var voice = await library.FindSpeakingVoiceAsync(userId, requested, cancellationToken)
                ?? throw Refuse.VoiceUnknown.With(Quote.Shown(requested));
            (voiceId, voiceName) = (voice.Id, voice.Name);
        }
        var account = await db.Users.FindAsync([userId], cancellationToken);
        account!.SelectedVoiceId = voiceId;
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(new LegacySetVoiceResult("ok", voiceName, voiceId, upload.HasFile));
    }

    /// <summary>Streams WAV as it is made; the voice is the one named, else the one selected with <c>/set_voice</c>.</summary>
    private static async Task<IResult> ReadStream(
        string? text, string? voice, SynthesisPipeline pipeline, CineCastDb db, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var userId = user.UserId();
        var voiceId = string.IsNullOrWhiteSpace(voice) ? (await db.Users.FindAsync([userId], cancellationToken))?.SelectedVoiceId : voice;
        if (voiceId is null)
        {
            throw Refuse.VoiceMissing.With(" as '?voice=', or select one first with POST /set_voice");
        }
        var plan = await pipeline.PlanInteractiveAsync(new SynthesisRequest(text, voiceId), userId, cancellationToken);
        return new SpeechAudioResult(plan, "wav");
    }
}
