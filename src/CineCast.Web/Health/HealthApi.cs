using System.Reflection;
using CineCast.Web.Data;
using CineCast.Web.Engines;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CineCast.Web.Health;

/// <summary>The server's state; <c>Watermark</c> is <c>on</c>, or <c>off</c> when an administrator turned it off.</summary>
public sealed record HealthReport(string Status, IReadOnlyList<EngineStatus> Engines, string Version, string Watermark);

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
        CineCastDb db, EngineCatalog engines, Provenance.IWatermarker watermarker, CancellationToken cancellationToken)
    {
        var report = new HealthReport("ok", engines.Statuses(), Version, watermarker.Enabled ? "on" : "off");
        return await db.Database.CanConnectAsync(cancellationToken)
            ? TypedResults.Ok(report)
            : TypedResults.Json(report with { Status = "unavailable" }, statusCode: StatusCodes.Status503ServiceUnavailable);
    }
}
