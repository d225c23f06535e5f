using CineCast.Web.Audio;
using Scalar.AspNetCore;

namespace CineCast.Web.Api;

public static class ApiSetup
{
    public static WebApplicationBuilder AddProgramApis(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<AudioFormats>();
        builder.Services.AddOpenApi();
        return builder;
    }

    public static IEndpointRouteBuilder MapProgramApis(this IEndpointRouteBuilder routes)
    {
        routes.MapOpenAiSpeechApi();
        routes.MapOpenAiCatalogApi();
        routes.MapLegacyApi();
        routes.MapOpenApi().AllowAnonymous();
        // The reference page and its script ship inside the package: nothing is fetched from the internet.
        routes.MapScalarApiReference(options => options
                .WithTitle("CineCast API")
                .DisableDefaultFonts())
            .AllowAnonymous();
        return routes;
    }
}
