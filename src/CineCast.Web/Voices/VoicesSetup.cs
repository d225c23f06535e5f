namespace CineCast.Web.Voices;

public static class VoicesSetup
{
    public static WebApplicationBuilder AddVoices(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<VoicesOptions>()
            .BindConfiguration(VoicesOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton<PresetCatalog>();
        // The clone service's own decoding limit: a clip that was accepted is readable by every engine.
        builder.Services.AddSingleton(services => new CloneClips(services.GetRequiredService<Microsoft.Extensions.Options.IOptions<VoicesOptions>>().Value.MaxDecodedSeconds));
        builder.Services.AddSingleton<VoiceMatches>();
        builder.Services.AddScoped<VoiceLibrary>();
        builder.Services.AddScoped<CloneStore>();
        builder.Services.AddScoped<CloneService>();
        return builder;
    }

    /// <summary>Sweeps interrupted saves so the store starts consistent: every row has its file and every file its row.</summary>
    public static async Task ReconcileClonesAsync(this WebApplication app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<CloneStore>().ReconcileAsync(CancellationToken.None);
    }
}
