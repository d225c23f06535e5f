using System.Net.Http.Json;
using CineCast.Web.Health;
using CineCast.Web.Synthesis;
using Microsoft.AspNetCore.SignalR;

namespace CineCast.Web.Tests;

public sealed class EngineStatusTests : IDisposable
{
    private readonly CineCastApp app = new(settings: new() { ["CineCast:Engines:Basic:EspeakPath"] = "/nonexistent/espeak-ng" });

    public void Dispose() => app.Dispose();

    [Fact]
    public async Task Without_espeak_ng_the_basic_engine_reports_why_and_requests_for_it_fail_instead_of_switching()
    {
        var user = await app.SignedInClientAsync("nospeak@cinecast.test");
        await using var hub = await SpeechClient.ConnectAsync(app, user);

        var health = await app.AnonymousClient().GetFromJsonAsync<HealthReport>("/health");
        var failure = await Assert.ThrowsAsync<HubException>(() => hub.SpeakAsync(new SynthesisRequest("Hello there.", "aiden")));

        var basic = Assert.Single(health!.Engines, e => e.Id == "basic");
        Assert.Equal("missing-dependency", basic.Status);
        Assert.Contains("espeak-ng was not found", basic.Reason, StringComparison.Ordinal);
        Assert.Contains("engine 'basic' is not ready", failure.Message, StringComparison.Ordinal);
    }
}
