using CineCast.Web.Hosting;

namespace CineCast.Web.Engines;

/// <summary>The engines (the CineCast.Engines library) registered with what this host gives them: options, folders and HTTP.</summary>

public static class EnginesSetup
{
    public static WebApplicationBuilder AddEngines(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<EnginesOptions>()
            .BindConfiguration(EnginesOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton(services =>
        {
            var locations = services.GetRequiredService<AppLocations>();
            return new EngineLocations(locations.CacheDirectory, locations.ModelsDirectory);
        });
        builder.Services.AddSingleton<EspeakInstallation>();
        builder.Services.AddSingleton(services => new VoiceProfileCache(services.GetRequiredService<TimeProvider>()));
        builder.Services.AddSingleton<BasicVoiceProfiles>();
        builder.Services.AddSingleton<EspeakPool>();
        builder.Services.AddSingleton<EspeakWordTimes>();
        builder.Services.AddSingleton<BasicEngine>();
        builder.Services.AddSingleton<ISpeechEngine>(services => services.GetRequiredService<BasicEngine>());
        builder.Services.AddSingleton<NeuralEngine>();
        builder.Services.AddSingleton<ISpeechEngine>(services => services.GetRequiredService<NeuralEngine>());
        builder.Services.AddSingleton<EngineCatalog>();
        builder.Services.AddHttpClient<ModelInstaller>(http => http.Timeout = Timeout.InfiniteTimeSpan);
        builder.Services.AddSingleton<Neural.ModelInstallations>();
        builder.Services.AddSingleton<ProfileWarmup>();
        builder.Services.AddHostedService(services => services.GetRequiredService<ProfileWarmup>());
        return builder;
    }
}
