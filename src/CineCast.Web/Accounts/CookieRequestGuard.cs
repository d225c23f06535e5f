using Microsoft.AspNetCore.Antiforgery;
using CineCast.Web.Refusals;

namespace CineCast.Web.Accounts;

/// <summary>
/// Cross-site request forgery guard for the API when the caller is signed in by cookie: a state-changing request
/// must carry the page's antiforgery token in the <c>RequestVerificationToken</c> header. Programs authenticate with
/// an API key or bearer token, which another site cannot make a browser send, so they are not asked for one.
/// The pages' own forms are checked by the antiforgery middleware.
/// </summary>
public static class CookieRequestGuard
{
    private static readonly string[] GuardedPrefixes = ["/api", "/v1", "/set_voice", "/read_stream"];

    public static IApplicationBuilder UseCookieRequestGuard(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            if (NeedsToken(context))
            {
                try
                {
                    await context.RequestServices.GetRequiredService<IAntiforgery>().ValidateRequestAsync(context);
                }
                catch (AntiforgeryValidationException)
                {
                    await Refuse.NoAntiforgeryToken.With().ToProblem().ExecuteAsync(context);
                    return;
                }
            }
            await next(context);
        });

    private static bool NeedsToken(HttpContext context) =>
        !HttpMethods.IsGet(context.Request.Method)
        && !HttpMethods.IsHead(context.Request.Method)
        && !HttpMethods.IsOptions(context.Request.Method)
        && context.User.Identity?.IsAuthenticated == true
        && !context.Request.Headers.ContainsKey("Authorization")
        && GuardedPrefixes.Any(prefix => context.Request.Path.StartsWithSegments(prefix, StringComparison.OrdinalIgnoreCase));
}
