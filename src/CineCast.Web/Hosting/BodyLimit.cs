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
            var request = context.HttpContext.Request;
            if (!TryLimit(request, maxBytes))
            {
                throw new BadHttpRequestException($"The body is {request.ContentLength} bytes; this endpoint accepts {maxBytes}.", StatusCodes.Status413PayloadTooLarge);
            }
            return await next(context);
        });

    /// <summary>
    /// False when the declared length is over <paramref name="maxBytes"/>; otherwise lowers the server's limit for
    /// this request so a body without a declared length is cut off at the same size while it streams in.
    /// </summary>
    public static bool TryLimit(HttpRequest request, long maxBytes)
    {
        if (request.ContentLength > maxBytes)
        {
            return false;
        }
        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = maxBytes;
        }
        return true;
    }
}
