using Microsoft.Extensions.Options;

namespace CineCast.Web.Wyoming;

public static class WyomingSetup
{
    /// <summary>The Wyoming server for Home Assistant, running only when <c>CineCast:Wyoming:Port</c> is set.</summary>
    public static WebApplicationBuilder AddWyoming(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<WyomingOptions>()
            .BindConfiguration(WyomingOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddScoped<WyomingVoices>();
        builder.Services.AddSingleton<WyomingServer>();
        builder.Services.AddHostedService<MdnsAnnouncer>();
        builder.Services.AddSingleton<IHostedService>(services =>
            services.GetRequiredService<IOptions<WyomingOptions>>().Value.Enabled ? services.GetRequiredService<WyomingServer>() : new Idle());
        return builder;
    }

    /// <summary>Stands in for the server when it is off, so nothing listens.</summary>
    private sealed class Idle : BackgroundService
    {
        protected override Task ExecuteAsync(CancellationToken stoppingToken) => Task.CompletedTask;
    }
}
