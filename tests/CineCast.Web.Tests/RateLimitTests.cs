using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CineCast.Web.Synthesis;
using Microsoft.AspNetCore.SignalR;

namespace CineCast.Web.Tests;

/// <summary>Per-user limits on uploads, speech and batches: 429 with Retry-After and the limit named; other users unaffected.</summary>
[Collection(EspeakSerial.Name)]
public sealed class RateLimitTests : IDisposable
{
    private readonly CineCastApp app = new(settings: new()
    {
        ["CineCast:RateLimits:Uploads:PermitLimit"] = "2",
        ["CineCast:RateLimits:Uploads:WindowSeconds"] = "600",
        ["CineCast:RateLimits:Synthesis:PermitLimit"] = "2",
        ["CineCast:RateLimits:Synthesis:WindowSeconds"] = "600",
        ["CineCast:RateLimits:Batches:PermitLimit"] = "1",
        ["CineCast:RateLimits:Batches:WindowSeconds"] = "600",
    });

    public void Dispose() => app.Dispose();

    [Fact]
    public async Task A_third_upload_in_the_window_is_refused_with_429_Retry_After_and_the_setting_while_another_user_still_uploads()
    {
        var user = await app.SignedInClientAsync("uploader@cinecast.test");
        var clip = SpeechFiles.Shared(SpeechFiles.Clip24k);
        Assert.Equal(HttpStatusCode.Created, (await user.PostAsync("/api/voices", CloneForm.Of(clip, name: "One"))).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await user.PostAsync("/api/voices", CloneForm.Of(clip, name: "Two"))).StatusCode);

        var third = await user.PostAsync("/api/voices", CloneForm.Of(clip, name: "Three"));

        Assert.Equal(HttpStatusCode.TooManyRequests, third.StatusCode);
        Assert.InRange(int.Parse(third.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture), 1, 600);
        var problem = await third.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("rate-limit.uploads", problem.GetProperty("reason").GetString());
        Assert.Contains("CineCast:RateLimits:Uploads", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Empty(app.TempFiles());
        Assert.Equal(2, app.StoredCloneFiles().Length);

        var other = await app.SignedInClientAsync("other-uploader@cinecast.test");
        Assert.Equal(HttpStatusCode.Created, (await other.PostAsync("/api/voices", CloneForm.Of(clip, name: "Mine"))).StatusCode);
    }

    [Fact]
    public async Task Speech_over_the_limit_is_refused_in_OpenAI_shape_over_HTTP_and_with_a_reason_on_the_hub()
    {
        var user = await app.SignedInClientAsync("talker@cinecast.test");
        var speech = new { model = "tts-1", input = "Hello.", voice = "aiden", response_format = "pcm" };
        Assert.Equal(HttpStatusCode.OK, (await user.PostAsJsonAsync("/v1/audio/speech", speech)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await user.GetAsync("/read_stream?text=Hello&voice=aiden")).StatusCode);

        var http = await user.PostAsJsonAsync("/v1/audio/speech", speech);
        var legacy = await user.GetAsync("/read_stream?text=Hello&voice=aiden");

        Assert.Equal(HttpStatusCode.TooManyRequests, http.StatusCode);
        Assert.True(http.Headers.Contains("Retry-After"));
        var error = (await http.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error");
        Assert.Equal(("rate_limit_error", "rate_limit_exceeded"), (error.GetProperty("type").GetString(), error.GetProperty("code").GetString()));
        Assert.Equal(HttpStatusCode.TooManyRequests, legacy.StatusCode);
        Assert.Equal("rate-limit.synthesis", (await legacy.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("reason").GetString());

        // The hub counts its own streams: two are served, the third is refused with the setting named.
        await using var hub = await SpeechClient.ConnectAsync(app, user);
        Assert.Equal("end", (await hub.SpeakAsync(new SynthesisRequest("Hi.", "aiden")))[^1].Kind);
        Assert.Equal("end", (await hub.SpeakAsync(new SynthesisRequest("Hi.", "aiden")))[^1].Kind);
        var refused = await Assert.ThrowsAsync<HubException>(() => hub.SpeakAsync(new SynthesisRequest("Hi.", "aiden")));
        Assert.Contains("CineCast:RateLimits:Synthesis", refused.Message, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await app.AnonymousClient().GetAsync("/health")).StatusCode);
    }

    [Fact]
    public async Task A_second_batch_in_the_window_is_refused_with_429()
    {
        var user = await app.SignedInClientAsync("batcher@cinecast.test");
        await user.SubmittedAsync(new { text = BatchClient.ShortText, voice = "aiden", format = "wav" });

        var second = await user.PostAsJsonAsync("/api/batches", new { text = BatchClient.ShortText, voice = "aiden", format = "wav" });

        Assert.Equal(HttpStatusCode.TooManyRequests, second.StatusCode);
        Assert.Equal("rate-limit.batches", (await second.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("reason").GetString());
    }
}
