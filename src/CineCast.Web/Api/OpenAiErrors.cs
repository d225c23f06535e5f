using System.Text.Json.Serialization;

namespace CineCast.Web.Api;

public sealed record OpenAiErrorBody(OpenAiError Error);

public sealed record OpenAiError(
    string Message,
    string Type,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? Param,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? Code);

/// <summary>Errors under <c>/v1</c> come in OpenAI's shape, so its clients show the message and code.</summary>
public static class OpenAiErrors
{
    public const string PathPrefix = "/v1";

    public static bool Handles(HttpRequest request) => request.Path.StartsWithSegments(PathPrefix);

    public static IResult Result(int status, string message, string? param, string code) =>
        TypedResults.Json(new OpenAiErrorBody(new OpenAiError(message, TypeFor(status), param, code)), statusCode: status);

    /// <summary>For responses that ended without a body (authentication, unknown routes): the same shape with a stock message.</summary>
    public static Task WriteStatusAsync(HttpContext context)
    {
        var status = context.Response.StatusCode;
        var (message, code) = status switch
        {
            StatusCodes.Status401Unauthorized => ("Missing or invalid API key or access token. Send it as 'Authorization: Bearer <key>'.", "invalid_api_key"),
            StatusCodes.Status403Forbidden => ("This key may not do that.", "forbidden"),
            StatusCodes.Status404NotFound => ("There is no such endpoint.", "not_found"),
            StatusCodes.Status405MethodNotAllowed => ("That method is not allowed here.", "method_not_allowed"),
            StatusCodes.Status413PayloadTooLarge => ("The request body is too large.", "request_too_large"),
            StatusCodes.Status415UnsupportedMediaType => ("Send the body as JSON with 'Content-Type: application/json'.", "unsupported_media_type"),
            _ => ("The request failed.", "error"),
        };
        return context.Response.WriteAsJsonAsync(new OpenAiErrorBody(new OpenAiError(message, TypeFor(status), null, code)));
    }

    private static string TypeFor(int status) => status switch
    {
        StatusCodes.Status401Unauthorized => "authentication_error",
        StatusCodes.Status403Forbidden => "permission_error",
        StatusCodes.Status404NotFound => "not_found_error",
        StatusCodes.Status429TooManyRequests => "rate_limit_error",
        >= 500 => "server_error",
        _ => "invalid_request_error",
    };
}
