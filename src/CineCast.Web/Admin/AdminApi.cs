using CineCast.Web.Accounts;
using CineCast.Web.Data;
using CineCast.Web.Hosting;
using CineCast.Web.Voices;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace CineCast.Web.Admin;

public sealed record AdminVoiceDto(string Id, string Name, string OwnerId, string OwnerEmail, long Bytes, double DurationSeconds, DateTime CreatedAt, string ConsentBy, DateTime ConsentAt);

public sealed record RoleChangeRequest(string? Role);

public static class AdminApi
{
    public static IEndpointRouteBuilder MapAdminApi(this IEndpointRouteBuilder routes)
    {
        var admin = routes.MapGroup("/api/admin").WithTags("Admin").RequireAuthorization(Roles.AdminPolicy);
        admin.MapGet("/voices", Voices);
        admin.MapGet("/voices/{id}/audio", Audio);
        admin.MapDelete("/voices/{id}", Delete);
        admin.MapGet("/storage", async (StorageReport report, CancellationToken cancellationToken) => TypedResults.Ok(await report.BuildAsync(cancellationToken)));
        admin.MapGet("/users", async (AccountAdministration accounts, CancellationToken cancellationToken) => TypedResults.Ok(await accounts.ListAsync(cancellationToken)));
        admin.MapPut("/users/{id}/role", SetRole);
        return routes;
    }

    private static async Task<Ok<List<AdminVoiceDto>>> Voices(CineCastDb db, CancellationToken cancellationToken)
    {
        var rows = await db.Voices.AsNoTracking()
            .OrderByDescending(v => v.CreatedAt)
            .Select(v => new AdminVoiceDto(v.Id, v.Name, v.OwnerId, v.Owner!.Email ?? "", v.Bytes, v.DurationSeconds,
                v.CreatedAt, v.ConsentBy, v.ConsentAt))
            .ToListAsync(cancellationToken);
        return TypedResults.Ok(rows.ConvertAll(v => v with
        {
            CreatedAt = DateTime.SpecifyKind(v.CreatedAt, DateTimeKind.Utc),
            ConsentAt = DateTime.SpecifyKind(v.ConsentAt, DateTimeKind.Utc),
        }));
    }

    private static async Task<Results<PhysicalFileHttpResult, ProblemHttpResult>> Audio(string id, CineCastDb db, CloneStore store, CancellationToken cancellationToken) =>
        await FindAsync(db, id, cancellationToken) is { } clone ? VoicesApi.CloneAudio(store, clone) : Problems.NotFound("clone");

    private static async Task<Results<NoContent, ProblemHttpResult>> Delete(string id, CineCastDb db, CloneStore store, CancellationToken cancellationToken)
    {
        if (await FindAsync(db, id, cancellationToken) is not { } clone)
        {
            return Problems.NotFound("clone");
        }
        await store.DeleteAsync(clone, cancellationToken);
        return TypedResults.NoContent();
    }

    private static Task<Voice?> FindAsync(CineCastDb db, string id, CancellationToken cancellationToken) =>
        Voice.IsWellFormedId(id) ? db.Voices.FirstOrDefaultAsync(v => v.Id == id, cancellationToken) : Task.FromResult<Voice?>(null);

    private static async Task<Results<Ok<UserSummary>, ProblemHttpResult>> SetRole(
        string id, RoleChangeRequest body, AccountAdministration accounts, CancellationToken cancellationToken)
    {
        var (outcome, user) = await accounts.SetRoleAsync(id, body.Role ?? "", cancellationToken);
        return outcome switch
        {
            RoleChangeOutcome.Changed => TypedResults.Ok(user!),
            RoleChangeOutcome.UnknownUser => Problems.NotFound("user"),
            RoleChangeOutcome.UnknownRole => Problems.Of(StatusCodes.Status400BadRequest, "account.unknown-role", $"A role is '{Roles.Admin}' or '{Roles.User}'."),
            _ => Problems.Of(StatusCodes.Status409Conflict, "account.last-admin", "This is the only administrator; promote someone else first."),
        };
    }
}
