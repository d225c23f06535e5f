namespace CineCast.Web.Storage;

public static class StorageSetup
{
    /// <summary>Clone quotas and the periodic cleanup of temp files and caches.</summary>
    public static WebApplicationBuilder AddStorage(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<StorageOptions>()
            .BindConfiguration(StorageOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton<CloneQuota>();
        builder.Services.AddExceptionHandler<StorageFailures.Handler>();
        builder.Services.AddSingleton<StorageJanitor>();
        builder.Services.AddHostedService(services => services.GetRequiredService<StorageJanitor>());
        return builder;
    }
}
