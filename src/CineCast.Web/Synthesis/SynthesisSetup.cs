using System.Text.Json.Serialization;
using Microsoft.AspNetCore.SignalR;

namespace CineCast.Web.Synthesis;

public static class SynthesisSetup
{
    public static WebApplicationBuilder AddSynthesis(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<SynthesisOptions>()
            .BindConfiguration(SynthesisOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton<SynthesisPipeline>();
        builder.Services.AddSingleton<SynthesisAdmission>();
        builder.Services.AddSingleton<HubRateLimit>();
        builder.Services.AddSignalR(options =>
            {
                options.MaximumReceiveMessageSize = 64 * 1024;
                options.AddFilter<HubRateLimit>();
            })
            .AddJsonProtocol(options => options.PayloadSerializerOptions.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)
            .AddMessagePackProtocol();
        return builder;
    }

    public static IEndpointRouteBuilder MapSynthesis(this IEndpointRouteBuilder routes)
    {
        routes.MapHub<SpeechHub>(SpeechHub.Path);
        return routes;
    }
}
