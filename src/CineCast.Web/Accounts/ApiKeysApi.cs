using System.Security.Claims;
using CineCast.Web.Hosting;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CineCast.Web.Accounts;

public sealed record CreateApiKeyRequest(string? Name);

public static class ApiKeysApi
{
    public static IEndpointRouteBuilder MapApiKeysApi(this IEndpointRouteBuilder routes)
    {
        var keys = routes.MapGroup("/api/keys").WithTags("API keys");
        keys.MapGet("/", async (ApiKeyService service, ClaimsPrincipal user, CancellationToken cancellationToken) =>
            TypedResults.Ok(await service.ListAsync(user.UserId(), cancellationToken)));
        keys.MapPost("/", Create);
        keys.MapDelete("/{id}", async Task<Results<NoContent, ProblemHttpResult>> (string id, ApiKeyService service, ClaimsPrincipal user, CancellationToken cancellationToken) =>
            await service.RevokeAsync(user.UserId(), id, cancellationToken) ? TypedResults.NoContent() : Problems.NotFound("API key"));
        return routes;
    }

    private static async Task<Created<CreatedApiKey>> Create(
        CreateApiKeyRequest body, ApiKeyService service, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var key = await service.CreateAsync(user.UserId(), body.Name, cancellationToken);
        return TypedResults.Created($"/api/keys/{key.Id}", key);
    }
}
