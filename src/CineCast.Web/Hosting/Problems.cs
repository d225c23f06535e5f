using Microsoft.AspNetCore.Http.HttpResults;

namespace CineCast.Web.Hosting;

/// <summary>A refusal with a reason a person can act on; endpoints turn it into ProblemDetails.</summary>
public sealed class RequestRejectedException(int status, string reason, string detail) : Exception(detail)
{
    public int Status { get; } = status;

    /// <summary>A stable machine-readable code, e.g. <c>audio.too-short</c>.</summary>
    public string Reason { get; } = reason;

    public ProblemHttpResult ToProblem() => Problems.Of(Status, Reason, Message);
}

public static class Problems
{
    public static ProblemHttpResult Of(int status, string reason, string detail) =>
        TypedResults.Problem(
            detail: detail,
            statusCode: status,
            title: TitleFor(status),
            extensions: new Dictionary<string, object?> { ["reason"] = reason });

    /// <summary>A value the client sent, fit to quote back in a message: control characters dropped, long values cut.</summary>
    public static string Shown(string? value)
    {
        const int MaxShown = 60;
        var shown = new string((value ?? "").Where(c => !char.IsControl(c) && c is not ('\u202E' or '\u202D' or '\u2066' or '\u2067' or '\u2068')).Take(MaxShown + 1).ToArray());
        return shown.Length > MaxShown ? shown[..MaxShown] + "…" : shown;
    }

    public static ProblemHttpResult NotFound(string what) =>
        Of(StatusCodes.Status404NotFound, "not-found", $"No {what} with that id is visible to you.");

    private static string TitleFor(int status) => status switch
    {
        StatusCodes.Status400BadRequest => "The request is not valid",
        StatusCodes.Status403Forbidden => "Not allowed",
        StatusCodes.Status404NotFound => "Not found",
        StatusCodes.Status409Conflict => "Conflict",
        StatusCodes.Status413PayloadTooLarge => "The upload is too large",
        StatusCodes.Status415UnsupportedMediaType => "Unsupported audio",
        StatusCodes.Status422UnprocessableEntity => "The audio cannot be used as a voice",
        StatusCodes.Status429TooManyRequests => "Too many requests",
        StatusCodes.Status503ServiceUnavailable => "Unavailable just now",
        StatusCodes.Status507InsufficientStorage => "Storage full",
        _ => "The request failed",
    };
}
