using CineCast.Web.Api;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.SignalR;

namespace CineCast.Web.Refusals;

/// <summary>How each surface answers a <see cref="RefusedException"/>; the row in <see cref="Refuse"/> decides what it says.</summary>
public static partial class RefusalAnswers
{
    /// <summary>ProblemDetails: the row's status, the filled-in sentence as <c>detail</c>, the code as <c>reason</c>.</summary>
    public static ProblemHttpResult ToProblem(this RefusedException refused) =>
        TypedResults.Problem(
            detail: refused.Message,
            statusCode: refused.Status,
            title: TitleFor(refused.Status),
            extensions: new Dictionary<string, object?> { ["reason"] = refused.Reason });

    /// <summary>OpenAI's error shape: the sentence as <c>message</c>, the row's OpenAI code and <c>param</c>.</summary>
    public static JsonHttpResult<OpenAiErrorBody> ToOpenAi(this RefusedException refused) =>
        TypedResults.Json(new OpenAiErrorBody(OpenAiErrorOf(refused)), statusCode: refused.Status);

    public static OpenAiError OpenAiErrorOf(RefusedException refused) =>
        new(refused.Message, OpenAiErrors.TypeFor(refused.Status), refused.Refusal.OpenAiParam, refused.Refusal.OpenAiCode);

    /// <summary>The answer for an HTTP request: OpenAI's shape under <c>/v1</c>, ProblemDetails elsewhere, and <c>Retry-After</c> when it helps.</summary>
    public static IResult ToHttp(this RefusedException refused, HttpRequest request)
    {
        IResult answer = OpenAiErrors.Handles(request) ? refused.ToOpenAi() : refused.ToProblem();
        return refused.RetryAfterSeconds is { } seconds ? new RetryLater(answer, seconds) : answer;
    }

    /// <summary>For hub clients: the sentence, then the code in brackets, which the player shows apart.</summary>
    public static HubException ToHubException(this RefusedException refused) => new($"{refused.Message} [{refused.Reason}]");

    /// <summary>The refusal a bodiless status (from authentication, routing, the server) stands for.</summary>
    public static RefusedException? ForStatus(int status) => status switch
    {
        StatusCodes.Status401Unauthorized => Refuse.SignInRequired.With(),
        StatusCodes.Status403Forbidden => Refuse.Forbidden.With(),
        StatusCodes.Status404NotFound => Refuse.NotFound.With("page or endpoint at this address"),
        StatusCodes.Status405MethodNotAllowed => Refuse.MethodNotAllowed.With(),
        StatusCodes.Status413PayloadTooLarge => Refuse.BodyTooLarge.With(),
        StatusCodes.Status415UnsupportedMediaType => Refuse.UnsupportedMediaType.With(),
        _ => null,
    };

    private static string TitleFor(int status) => status switch
    {
        StatusCodes.Status400BadRequest => "The request is not valid",
        StatusCodes.Status401Unauthorized => "Not signed in",
        StatusCodes.Status403Forbidden => "Not allowed",
        StatusCodes.Status404NotFound => "Not found",
        StatusCodes.Status405MethodNotAllowed => "Method not allowed",
        StatusCodes.Status409Conflict => "Conflict",
        StatusCodes.Status413PayloadTooLarge => "Too large",
        StatusCodes.Status415UnsupportedMediaType => "Unsupported content",
        StatusCodes.Status422UnprocessableEntity => "The audio cannot be used as a voice",
        StatusCodes.Status429TooManyRequests => "Too many requests",
        StatusCodes.Status503ServiceUnavailable => "Unavailable just now",
        StatusCodes.Status507InsufficientStorage => "Storage full",
        _ => "The request failed",
    };

    /// <summary>A refusal thrown anywhere below an endpoint reaches the client as its row declares, never as a 500.</summary>
    public sealed partial class Handler(ILogger<Handler> logger) : IExceptionHandler
    {
        public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
        {
            if (exception is not RefusedException refused || httpContext.Response.HasStarted)
            {
                return false;
            }
            LogRefused(httpContext.Request.Path, refused.Status, refused.Reason);
            httpContext.Response.StatusCode = refused.Status;
            await refused.ToHttp(httpContext.Request).ExecuteAsync(httpContext);
            return true;
        }

        [LoggerMessage(Level = LogLevel.Information, Message = "Refused {Path} with {Status} {Reason}")]
        private partial void LogRefused(PathString path, int status, string reason);
    }
}
