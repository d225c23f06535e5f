using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CineCast.Web.Admin;
using CineCast.Web.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace CineCast.Web.Tests;

/// <summary>Past a quota new clones are refused with the limit named; stored clones are never evicted.</summary>
public sealed class StorageQuotaTests
{
    // One 24 kHz 16-bit clip of the shared recording is about 250 KB once stored.
    private static readonly byte[] Clip = SpeechFiles.Shared(SpeechFiles.Clip24k);

    [Fact]
    public async Task A_user_at_the_clone_count_limit_is_refused_with_409_naming_the_limit_and_keeps_every_clone()
    {
        using var app = new CineCastApp(settings: new() { ["CineCast:Storage:MaxClonesPerUser"] = "2" });
        var user = await app.SignedInClientAsync("collector@cinecast.test");
        Assert.Equal(HttpStatusCode.Created, (await user.PostAsync("/api/voices", CloneForm.Of(Clip, name: "One"))).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await user.PostAsync("/api/voices", CloneForm.Of(Clip, name: "Two"))).StatusCode);

        var third = await user.PostAsync("/api/voices", CloneForm.Of(Clip, name: "Three"));

        await AssertRefusedAsync(third, "quota.user-clones", "MaxClonesPerUser");
        Assert.Equal(2, app.StoredCloneFiles().Length);
        Assert.Empty(app.TempFiles());
        var other = await app.SignedInClientAsync("newcomer@cinecast.test");
        Assert.Equal(HttpStatusCode.Created, (await other.PostAsync("/api/voices", CloneForm.Of(Clip, name: "Mine"))).StatusCode);
    }

    [Fact]
    public async Task A_clone_that_would_pass_the_users_byte_quota_is_refused_and_leaves_nothing_behind()
    {
        using var app = new CineCastApp(settings: new() { ["CineCast:Storage:MaxCloneBytesPerUser"] = "400000" });
        var user = await app.SignedInClientAsync("bytes@cinecast.test");
        Assert.Equal(HttpStatusCode.Created, (await user.PostAsync("/api/voices", CloneForm.Of(Clip, name: "One"))).StatusCode);

        var second = await user.PostAsync("/api/voices", CloneForm.Of(Clip, name: "Two"));

        await AssertRefusedAsync(second, "quota.user-bytes", "MaxCloneBytesPerUser");
        Assert.Single(app.StoredCloneFiles());
        Assert.Empty(app.TempFiles());
    }

    [Fact]
    public async Task When_the_global_cap_is_reached_every_user_is_refused_but_reads_still_work()
    {
        using var app = new CineCastApp(settings: new() { ["CineCast:Storage:MaxTotalCloneBytes"] = "400000" });
        var first = await app.SignedInClientAsync("first@cinecast.test");
        var created = await first.PostAsync("/api/voices", CloneForm.Of(Clip, name: "One"));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var second = await app.SignedInClientAsync("second@cinecast.test");

        var refused = await second.PostAsync("/api/voices", CloneForm.Of(Clip, name: "Two"));

        await AssertRefusedAsync(refused, "quota.server-full", "MaxTotalCloneBytes");
        Assert.Equal(HttpStatusCode.OK, (await first.GetAsync(created.Headers.Location + "/audio")).StatusCode);
        var storage = (await first.GetFromJsonAsync<StorageSummary>("/api/admin/storage"))!;
        Assert.Equal((1, 400000L), (storage.TotalClones, storage.Limits.MaxTotalCloneBytes));
        Assert.True(storage.TotalBytes > 200_000);
    }

    [Fact]
    public async Task Racing_uploads_never_take_a_user_past_the_count_limit()
    {
        using var app = new CineCastApp(settings: new() { ["CineCast:Storage:MaxClonesPerUser"] = "3" });
        var user = await app.SignedInClientAsync("racer@cinecast.test");

        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => user.PostAsync("/api/voices", CloneForm.Of(Clip, name: $"Voice {i}"))));

        Assert.Equal(3, responses.Count(r => r.StatusCode == HttpStatusCode.Created));
        Assert.All(responses.Where(r => r.StatusCode != HttpStatusCode.Created), r => Assert.Equal(HttpStatusCode.Conflict, r.StatusCode));
        Assert.Equal(3, app.StoredCloneFiles().Length);
        Assert.Empty(app.TempFiles());
    }

    private static async Task AssertRefusedAsync(HttpResponseMessage response, string reason, string setting)
    {
        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(reason, problem.GetProperty("reason").GetString());
        Assert.Contains($"CineCast:Storage:{setting}", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }
}
