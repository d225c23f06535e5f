using System.Security.Claims;
using CineCast.Web.Accounts;
using CineCast.Web.Hosting;
using CineCast.Web.Refusals;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CineCast.Web.Voices;

public static class VoicesApi
{
    public static IEndpointRouteBuilder MapVoicesApi(this IEndpointRouteBuilder routes)
    {
        var voices = routes.MapGroup("/api/voices").WithTags("Voices");
        voices.MapGet("/", List);
        voices.MapGet("/{id}", Get);
        voices.MapGet("/{id}/audio", Audio);
        voices.MapPost("/", Create).RequireRateLimiting(RateLimitSetup.Uploads);
        voices.MapPatch("/{id}", Update);
        voices.MapDelete("/{id}", Delete);
        return routes;
    }

    private static async Task<Ok<IReadOnlyList<VoiceDto>>> List(VoiceLibrary library, ClaimsPrincipal user, CancellationToken cancellationToken) =>
        TypedResults.Ok(await library.ListAsync(user.UserId(), cancellationToken));

    private static async Task<Results<Ok<VoiceDto>, ProblemHttpResult>> Get(
        string id, VoiceLibrary library, VoiceMatches matches, ClaimsPrincipal user, CancellationToken cancellationToken) =>
        await library.FindAsync(user.UserId(), id, cancellationToken) is { } voice
            ? TypedResults.Ok(voice with { Match = matches.For(voice) })
            : Problems.NotFound("voice");

    private static async Task<Results<PhysicalFileHttpResult, ProblemHttpResult>> Audio(
        string id, VoiceLibrary library, CloneStore store, PresetCatalog presets, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        if (presets.Find(id) is not null)
        {
            return Refuse.PresetHasNoRecording.With().ToProblem();
        }
        return await library.FindCloneAsync(user.UserId(), id, cancellationToken) is { } clone
            ? CloneAudio(store, clone)
            : Problems.NotFound("voice");
    }

    /// <summary>The stored WAV; its path comes from the server id in the row, never from the request.</summary>
    public static PhysicalFileHttpResult CloneAudio(CloneStore store, Voice clone) =>
        TypedResults.PhysicalFile(store.AudioPath(clone), "audio/wav", fileDownloadName: $"{clone.Id}.wav", enableRangeProcessing: true);

    private static async Task<Created<VoiceDto>> Create(HttpRequest request, CloneService clones, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var voice = await clones.CreateAsync(request, user, cancellationToken);
        return TypedResults.Created($"/api/voices/{voice.Id}", VoiceDto.From(voice));
    }

    private static async Task<Results<Ok<VoiceDto>, ProblemHttpResult>> Update(
        string id, UpdateVoiceRequest body, VoiceLibrary library, PresetCatalog presets, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        if (presets.Find(id) is not null)
        {
            return PresetIsReadOnly();
        }
        if (await library.FindCloneAsync(user.UserId(), id, cancellationToken) is not { } clone)
        {
            return Problems.NotFound("voice");
        }
        return TypedResults.Ok(VoiceDto.From(await library.UpdateAsync(clone, body, cancellationToken)));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> Delete(
        string id, VoiceLibrary library, CloneStore store, PresetCatalog presets, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        if (presets.Find(id) is not null)
        {
            return PresetIsReadOnly();
        }
        if (await library.FindCloneAsync(user.UserId(), id, cancellationToken) is not { } clone)
        {
            return Problems.NotFound("voice");
        }
        await store.DeleteAsync(clone, cancellationToken);
        return TypedResults.NoContent();
    }

    private static ProblemHttpResult PresetIsReadOnly() => Refuse.PresetReadOnly.With().ToProblem();
}
