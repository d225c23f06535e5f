using CineCast.Web.Audio;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CineCast.Web.Batches;

public static class BatchSetup
{
    public static WebApplicationBuilder AddBatches(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<BatchOptions>()
            .BindConfiguration(BatchOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.TryAddSingleton<AudioFormats>();
        builder.Services.AddSingleton<BatchFiles>();
        builder.Services.AddSingleton<BatchBacklog>();
        builder.Services.AddSingleton<BatchNotifier>();
        builder.Services.AddSingleton<BatchRows>();
        builder.Services.AddSingleton<BatchRecovery>();
        builder.Services.AddSingleton<BatchRenderer>();
        builder.Services.AddSingleton<BatchRunner>();
        builder.Services.AddHostedService(services => services.GetRequiredService<BatchRunner>());
        builder.Services.AddSingleton<BatchRetention>();
        builder.Services.AddHostedService(services => services.GetRequiredService<BatchRetention>());
        builder.Services.AddScoped<BatchJobs>();
        return builder;
    }
}
