namespace CineCast.Web.Admin;

public static class AdminSetup
{
    public static WebApplicationBuilder AddAdmin(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<StorageReport>();
        return builder;
    }
}
