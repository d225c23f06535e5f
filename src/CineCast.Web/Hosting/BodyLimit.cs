using Microsoft.AspNetCore.Http.Features;

namespace CineCast.Web.Hosting;

/// <summary>A per-endpoint cap on the request body, checked before anything reads it.</summary>
public static class BodyLimit
{
    /// <summary>
    /// Refuses a declared length over <paramref name="maxBytes"/> at once (413), and lowers the server's own limit so
    /// a body without a length is cut off while it streams in.
    /// </summary>
    public static TBuilder LimitBody<TBuilder>(this TBuilder builder, long maxBytes) where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter(async (context, next) =>
        {
            var http = context.HttpContext;
            if (http.Request.ContentLength > maxBytes)
            {
                throw new BadHttpRequestException($"The body is {http.Request.ContentLength} bytes; this endpoint accepts {maxBytes}.", StatusCodes.Status413PayloadTooLarge);
            }
            if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
            {
                limit.MaxRequestBodySize = maxBytes;
            }
            return await next(context);
        });
}
