using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Routing;

namespace CineCast.Web.Accounts;

public sealed record CurrentUser(string Id, string Email, IReadOnlyList<string> Roles);

public static class AccountsApi
{
    /// <summary>Identity's register/login/refresh under <c>/api/auth</c>, plus who-am-I and the page sign-out.</summary>
    public static IEndpointRouteBuilder MapAccountsApi(this IEndpointRouteBuilder routes)
    {
        var auth = routes.MapGroup("/api/auth").WithTags("Accounts");
        auth.MapIdentityApi<CineCastUser>().Add(OpenEverythingButManage);
        auth.MapGet("/me", Me);

        routes.MapPost("/account/logout", async (SignInManager<CineCastUser> signIn) =>
        {
            await signIn.SignOutAsync();
            return TypedResults.LocalRedirect("~/login");
        });
        return routes;
    }

    public static string UserId(this ClaimsPrincipal user) =>
        user.FindFirstValue(ClaimTypes.NameIdentifier) ?? throw new InvalidOperationException("An authenticated principal has no user id.");

    private static Ok<CurrentUser> Me(ClaimsPrincipal user) =>
        TypedResults.Ok(new CurrentUser(
            user.UserId(),
            user.FindFirstValue(ClaimTypes.Email) ?? user.Identity?.Name ?? "",
            user.FindAll(ClaimTypes.Role).Select(c => c.Value).ToList()));

    // The fallback policy closes every endpoint by default; signing up and in must stay open, /manage must not.
    private static void OpenEverythingButManage(EndpointBuilder endpoint)
    {
        if (endpoint is RouteEndpointBuilder route && route.RoutePattern.RawText?.Contains("/manage", StringComparison.Ordinal) != true)
        {
            endpoint.Metadata.Add(new AllowAnonymousAttribute());
        }
    }
}
