using System.Text.Json.Serialization;
using Microsoft.AspNetCore.SignalR;

namespace CineCast.Web.Synthesis;

public static class SynthesisSetup
{
    /// <summary>A StackExchange.Redis connection string, e.g. <c>localhost:6379</c>; env <c>CineCast__Redis</c>.</summary>
    public const string RedisSetting = "CineCast:Redis";

    public static WebApplicationBuilder AddSynthesis(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<SynthesisOptions>()
            .BindConfiguration(SynthesisOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton<SynthesisPipeline>();
        builder.Services.AddSingleton<SynthesisAdmission>();
        builder.Services.AddSingleton<HubRateLimit>();
        var signalR = builder.Services.AddSignalR(options =>
            {
                options.MaximumReceiveMessageSize = 64 * 1024;
                options.AddFilter<HubRateLimit>();
            })
            .AddJsonProtocol(options => options.PayloadSerializerOptions.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)
            .AddMessagePackProtocol();
        // Several instances share hub traffic (groups, users, all) through Redis; one instance needs nothing.
        if (builder.Configuration[RedisSetting] is { Length: > 0 } redis)
        {
            signalR.AddStackExchangeRedis(redis, options => options.Configuration.ChannelPrefix = StackExchange.Redis.RedisChannel.Literal("CineCast"));
        }
        return builder;
    }

    public static IEndpointRouteBuilder MapSynthesis(this IEndpointRouteBuilder routes)
    {
        routes.MapHub<SpeechHub>(SpeechHub.Path);
        return routes;
    }
}
