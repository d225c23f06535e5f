namespace CineCast.Web.Provenance;

public static class ProvenanceSetup
{
    public static WebApplicationBuilder AddProvenance(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<ProvenanceKeys>();
        builder.Services.AddScoped<ProvenanceLedger>();
        return builder;
    }
}
