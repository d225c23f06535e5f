namespace CineCast.Web.Provenance;

public static class ProvenanceSetup
{
    public static WebApplicationBuilder AddProvenance(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<ProvenanceOptions>()
            .BindConfiguration(ProvenanceOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton<ProvenanceKeys>();
        builder.Services.AddSingleton<IWatermarker, Watermarking>();
        builder.Services.AddScoped<ProvenanceLedger>();
        builder.Services.AddScoped<ProvenanceDetection>();
        return builder;
    }
}
