using System.Reflection;
using CineCast.Web.Data;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CineCast.Web.Health;

/// <summary>One engine's readiness; <c>Reason</c> says what is missing when it is not ready.</summary>
public sealed record EngineStatus(string Id, string Status, string? Reason);

public sealed record HealthReport(string Status, IReadOnlyList<EngineStatus> Engines, string Version);

public static class HealthApi
{
    private static readonly string Version =
        typeof(HealthApi).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";

    public static IEndpointRouteBuilder MapHealthApi(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/health", Check).AllowAnonymous().WithTags("Health");
        return routes;
    }

    private static async Task<Results<Ok<HealthReport>, JsonHttpResult<HealthReport>>> Check(
        CineCastDb db, CancellationToken cancellationToken)
    {
        var report = new HealthReport("ok", [], Version);
        return await db.Database.CanConnectAsync(cancellationToken)
            ? TypedResults.Ok(report)
            : TypedResults.Json(report with { Status = "unavailable" }, statusCode: StatusCodes.Status503ServiceUnavailable);
    }
}
