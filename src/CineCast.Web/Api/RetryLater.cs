namespace CineCast.Web.Api;

/// <summary>A refusal that tells the client when to come back (<c>Retry-After</c>), around the error body.</summary>
public sealed class RetryLater(IResult inner, int retryAfterSeconds) : IResult
{
    public Task ExecuteAsync(HttpContext httpContext)
    {
        httpContext.Response.Headers.RetryAfter = retryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return inner.ExecuteAsync(httpContext);
    }
}
