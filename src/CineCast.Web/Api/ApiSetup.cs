using CineCast.Web.Audio;

namespace CineCast.Web.Api;

public static class ApiSetup
{
    public static WebApplicationBuilder AddProgramApis(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<AudioFormats>();
        return builder;
    }

    public static IEndpointRouteBuilder MapProgramApis(this IEndpointRouteBuilder routes)
    {
        routes.MapOpenAiSpeechApi();
        routes.MapLegacyApi();
        return routes;
    }
}
