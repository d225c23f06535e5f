using System.Security.Claims;
using CineCast.Web.Hosting;
using CineCast.Web.Refusals;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace CineCast.Web.Provenance;

/// <summary>The public half of the signing key, so anyone can check a provenance statement offline; and the detector.</summary>
public static class ProvenanceApi
{
    public const string StatementHeader = "X-CineCast-Provenance";

    /// <summary><c>on</c> when the audio carries the server's watermark, <c>off</c> when an administrator turned it off.</summary>
    public const string WatermarkHeader = "X-CineCast-Watermark";

    public static IEndpointRouteBuilder MapProvenanceApi(this IEndpointRouteBuilder routes)
    {
        var provenance = routes.MapGroup("/api/provenance").WithTags("Provenance");
        provenance.MapGet("/keys", Keys).AllowAnonymous();
        // Anonymous callers are let through here and turned away inside unless an administrator allowed them.
        provenance.MapPost("/detect", Detect).AllowAnonymous().RequireRateLimiting(RateLimitSetup.Detection);
        return routes;
    }

    private static Ok<ProvenanceJwks> Keys(ProvenanceKeys keys) => TypedResults.Ok(keys.Jwks);

    private static async Task<Ok<Detection>> Detect(
        HttpRequest request, ProvenanceDetection detection, IOptions<ProvenanceOptions> options, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        if (user.Identity?.IsAuthenticated != true && !options.Value.AnonymousDetection)
        {
            throw Refuse.SignInRequired.With();
        }
        using var upload = await detection.ReadUploadAsync(request, cancellationToken);
        if (!upload.HasFile)
        {
            throw Refuse.DetectAudio.With("send the audio in the multipart field 'file'.");
        }
        await using var audio = new FileStream(upload.TempFile, FileMode.Open, FileAccess.Read, FileShare.Read, 81920);
        return TypedResults.Ok(await detection.DetectAsync(audio, user, cancellationToken));
    }
}
