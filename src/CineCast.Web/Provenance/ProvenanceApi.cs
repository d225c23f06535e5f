using Microsoft.AspNetCore.Http.HttpResults;

namespace CineCast.Web.Provenance;

/// <summary>The public half of the signing key, so anyone can check a provenance statement offline.</summary>
public static class ProvenanceApi
{
    public const string StatementHeader = "X-CineCast-Provenance";

    public static IEndpointRouteBuilder MapProvenanceApi(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/api/provenance/keys", Keys).WithTags("Provenance").AllowAnonymous();
        return routes;
    }

    private static Ok<ProvenanceJwks> Keys(ProvenanceKeys keys) => TypedResults.Ok(keys.Jwks);
}
