using Microsoft.AspNetCore.Diagnostics;
using CineCast.Web.Refusals;

namespace CineCast.Web.Hosting;

/// <summary>
/// A request the framework could not read (malformed JSON, wrong types, a body over its limit) is the client's
/// mistake: it gets its own 4xx with a reason, in OpenAI's shape under <c>/v1</c>, instead of a 500.
/// </summary>
public sealed partial class BadRequestHandler(ILogger<BadRequestHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not BadHttpRequestException bad || httpContext.Response.HasStarted)
        {
            return false;
        }
        LogRefused(httpContext.Request.Path, bad.StatusCode, bad.Message);
        var refused = bad.StatusCode switch
        {
            StatusCodes.Status413PayloadTooLarge => Refuse.BodyTooLarge.With(),
            StatusCodes.Status415UnsupportedMediaType => Refuse.UnsupportedMediaType.With(),
            _ => Refuse.Malformed.With(bad.InnerException?.Message ?? bad.Message),
        };
        httpContext.Response.StatusCode = refused.Status;
        await refused.ToHttp(httpContext.Request).ExecuteAsync(httpContext);
        return true;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Refused a malformed request to {Path} with {Status}: {Reason}")]
    private partial void LogRefused(PathString path, int status, string reason);
}
