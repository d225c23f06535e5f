namespace CineCast.Web.Hosting;

/// <summary>Headers that keep pages from being framed, sniffed, injected into or leaking where they were opened from.</summary>
public static class SecurityHeaders
{
    /// <summary>
    /// Scripts, connections and media from this origin only. Styles allow inline attributes, which MudBlazor's
    /// components set; media and workers allow blob: for recordings played back before they are saved.
    /// </summary>
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; " +
        "media-src 'self' blob:; font-src 'self' data:; connect-src 'self'; worker-src 'self' blob:; " +
        "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    // The offline API reference is a single page with its own inline scripts; it holds no user data.
    private const string ApiReferencePath = "/scalar";

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) =>
        app.Use((context, next) =>
        {
            var headers = context.Response.Headers;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "no-referrer";
            headers["Cross-Origin-Opener-Policy"] = "same-origin";
            // The recorder needs this origin's microphone; nothing needs the camera or location.
            headers["Permissions-Policy"] = "microphone=(self), camera=(), geolocation=()";
            if (!context.Request.Path.StartsWithSegments(ApiReferencePath))
            {
                headers.ContentSecurityPolicy = ContentSecurityPolicy;
            }
            return next(context);
        });
}
