using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace CineCast.Web.Accounts;

/// <summary>Signs in a program that presents one of its owner's API keys as a bearer token.</summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    ApiKeyService keys,
    IUserClaimsPrincipalFactory<CineCastUser> principals)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";

    public static bool IsApiKey(string authorization) =>
        authorization.StartsWith("Bearer " + ApiKeyRules.Marker, StringComparison.Ordinal);

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var authorization = Request.Headers.Authorization.ToString();
        if (!IsApiKey(authorization))
        {
            return AuthenticateResult.NoResult();
        }
        var key = await keys.VerifyAsync(authorization["Bearer ".Length..].Trim(), Context.RequestAborted);
        if (key?.Owner is not { } owner)
        {
            return AuthenticateResult.Fail("The API key is unknown or revoked.");
        }
        var principal = await principals.CreateAsync(owner);
        ((ClaimsIdentity)principal.Identity!).AddClaim(new Claim("cinecast:api-key", key.Id));
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(new ClaimsIdentity(principal.Claims, SchemeName)), SchemeName));
    }
}
