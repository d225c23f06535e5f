using CineCast.Web.Accounts;
using CineCast.Web.Hosting;
using CineCast.Web.Refusals;
using CineCast.Web.Voices;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CineCast.Web.Admin;

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

    private static async Task<Ok<IReadOnlyList<AdminVoiceDto>>> Voices(CloneCatalog catalog, CancellationToken cancellationToken) =>
        TypedResults.Ok(await catalog.ListAsync(cancellationToken));

    private static async Task<Results<PhysicalFileHttpResult, ProblemHttpResult>> Audio(string id, CloneCatalog catalog, CloneStore store, CancellationToken cancellationToken) =>
        await catalog.FindAsync(id, cancellationToken) is { } clone ? VoicesApi.CloneAudio(store, clone) : Problems.NotFound("clone");

    private static async Task<Results<NoContent, ProblemHttpResult>> Delete(string id, CloneCatalog catalog, CancellationToken cancellationToken) =>
        await catalog.DeleteAsync(id, cancellationToken) ? TypedResults.NoContent() : Problems.NotFound("clone");

    private static async Task<Results<Ok<UserSummary>, ProblemHttpResult>> SetRole(
        string id, RoleChangeRequest body, AccountAdministration accounts, CancellationToken cancellationToken)
    {
        var (outcome, user) = await accounts.SetRoleAsync(id, body.Role ?? "", cancellationToken);
        return outcome switch
        {
            RoleChangeOutcome.Changed => TypedResults.Ok(user!),
            RoleChangeOutcome.UnknownUser => Problems.NotFound("user"),
            RoleChangeOutcome.UnknownRole => Refuse.UnknownRole.With(Roles.Admin, Roles.User).ToProblem(),
            _ => Refuse.LastAdmin.With().ToProblem(),
        };
    }
}
