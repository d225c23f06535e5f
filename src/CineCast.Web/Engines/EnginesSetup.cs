using CineCast.Web.Engines.Basic;

namespace CineCast.Web.Engines;

public static class EnginesSetup
{
    public static WebApplicationBuilder AddEngines(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<EnginesOptions>()
            .BindConfiguration(EnginesOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton<EspeakInstallation>();
        builder.Services.AddSingleton<BasicVoiceProfiles>();
        builder.Services.AddSingleton<EspeakPool>();
        builder.Services.AddSingleton<BasicEngine>();
        builder.Services.AddSingleton<ISpeechEngine>(services => services.GetRequiredService<BasicEngine>());
        builder.Services.AddSingleton<Neural.NeuralEngine>();
        builder.Services.AddSingleton<ISpeechEngine>(services => services.GetRequiredService<Neural.NeuralEngine>());
        builder.Services.AddSingleton<EngineCatalog>();
        builder.Services.AddHttpClient<Neural.ModelInstaller>(http => http.Timeout = Timeout.InfiniteTimeSpan);
        builder.Services.AddSingleton<Neural.ModelInstallations>();
        builder.Services.AddSingleton<ProfileWarmup>();
        builder.Services.AddHostedService(services => services.GetRequiredService<ProfileWarmup>());
        return builder;
    }
}
