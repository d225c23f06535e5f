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

    public static string TypeFor(int status) => status switch
    {
        StatusCodes.Status401Unauthorized => "authentication_error",
        StatusCodes.Status403Forbidden => "permission_error",
        StatusCodes.Status404NotFound => "not_found_error",
        StatusCodes.Status429TooManyRequests => "rate_limit_error",
        >= 500 => "server_error",
        _ => "invalid_request_error",
    };
}
