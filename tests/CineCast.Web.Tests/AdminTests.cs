using System.Net;
using System.Net.Http.Json;
using CineCast.Web.Admin;

namespace CineCast.Web.Tests;

public sealed class AdminTests(AppFixture fixture) : IClassFixture<AppFixture>
{
    [Fact]
    public async Task The_admin_sees_every_clone_with_its_owner_and_storage_per_user()
    {
        var user = await fixture.NewUserAsync();
        var clone = await VoiceLibraryTests.CreateAsync(user, "Someone else's");

        var voices = await fixture.Admin.GetFromJsonAsync<List<AdminVoiceDto>>("/api/admin/voices");
        var storage = await fixture.Admin.GetFromJsonAsync<StorageSummary>("/api/admin/storage");

        var listed = Assert.Single(voices!, v => v.Id == clone.Id);
        Assert.StartsWith("user-", listed.OwnerEmail, StringComparison.Ordinal);
        Assert.Equal(new FileInfo(Path.Combine(fixture.App.ClonesDirectory, clone.Id + ".wav")).Length, listed.Bytes);
        Assert.Equal(listed.OwnerEmail, listed.ConsentBy);
        var owner = Assert.Single(storage!.Users, u => u.Email == listed.OwnerEmail);
        Assert.Equal((1, listed.Bytes), (owner.Clones, owner.Bytes));
        Assert.Equal(storage.Users.Sum(u => u.Bytes), storage.TotalBytes);
        Assert.True(storage.FreeDiskBytes > 0);
    }

    [Fact]
    public async Task The_admin_can_play_and_delete_any_clone()
    {
        var user = await fixture.NewUserAsync();
        var clone = await VoiceLibraryTests.CreateAsync(user, "To be removed");

        var audio = await fixture.Admin.GetAsync($"/api/admin/voices/{clone.Id}/audio");
        var delete = await fixture.Admin.DeleteAsync($"/api/admin/voices/{clone.Id}");

        Assert.Equal("audio/wav", audio.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await user.GetAsync($"/api/voices/{clone.Id}")).StatusCode);
        Assert.False(File.Exists(Path.Combine(fixture.App.ClonesDirectory, clone.Id + ".wav")));
    }

    [Theory]
    [InlineData("GET", "/api/admin/voices")]
    [InlineData("GET", "/api/admin/storage")]
    [InlineData("GET", "/api/admin/users")]
    [InlineData("DELETE", "/api/admin/voices/0123456789abcdef0123456789abcdef")]
    public async Task Users_get_403_from_the_admin_api(string method, string path)
    {
        var user = await fixture.NewUserAsync();

        var response = await user.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }
}
