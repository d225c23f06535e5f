using CineCast.Web.Accounts;
using CineCast.Web.Refusals;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CineCast.Web.Engines.Neural;

public static class ModelsApi
{
    public static IEndpointRouteBuilder MapModelsApi(this IEndpointRouteBuilder routes)
    {
        var models = routes.MapGroup("/api/admin/models").WithTags("Admin").RequireAuthorization(Roles.AdminPolicy);
        models.MapGet("/", (ModelInstallations installations) => TypedResults.Ok(installations.Statuses()));
        models.MapPost("/pocket-tts/install", Install);
        return routes;
    }

    private static Results<Accepted<ModelStatus>, ProblemHttpResult> Install(InstallRequest request, ModelInstallations installations)
    {
        var problem = installations.Start(request);
        return problem is null
            ? TypedResults.Accepted("/api/admin/models", installations.Status(installations.Resolve(request).Bundle!))
            : Refuse.ModelInstallRefused.With(problem).ToProblem();
    }
}
