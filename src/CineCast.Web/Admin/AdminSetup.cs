namespace CineCast.Web.Admin;

public static class AdminSetup
{
    public static WebApplicationBuilder AddAdmin(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<StorageReport>();
        builder.Services.AddScoped<CloneCatalog>();
        return builder;
    }
}
