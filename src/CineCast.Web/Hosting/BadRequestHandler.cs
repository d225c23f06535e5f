using Microsoft.AspNetCore.Diagnostics;

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
        var tooLarge = bad.StatusCode == StatusCodes.Status413PayloadTooLarge;
        var detail = tooLarge
            ? "The request body is larger than this endpoint accepts."
            : $"The request could not be read: {bad.InnerException?.Message ?? bad.Message}";
        httpContext.Response.StatusCode = bad.StatusCode;
        var result = Api.OpenAiErrors.Handles(httpContext.Request)
            ? Api.OpenAiErrors.Result(bad.StatusCode, detail, null, tooLarge ? "request_too_large" : "invalid_request")
            : Problems.Of(bad.StatusCode, tooLarge ? "request.too-large" : "request.malformed", detail);
        await result.ExecuteAsync(httpContext);
        return true;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Refused a malformed request to {Path} with {Status}: {Reason}")]
    private partial void LogRefused(PathString path, int status, string reason);
}
