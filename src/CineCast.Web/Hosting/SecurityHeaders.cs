namespace CineCast.Web.Hosting;

/// <summary>Headers that keep pages from being framed, sniffed or leaking where they were opened from.</summary>
public static class SecurityHeaders
{
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
            return next(context);
        });
}
