using System.Net;
using System.Net.Http.Json;
using CineCast.Web.Accounts;

namespace CineCast.Web.Tests;

public sealed class AccountsTests : IDisposable
{
    private readonly CineCastApp app = new();

    public void Dispose() => app.Dispose();

    [Fact]
    public async Task The_first_account_registered_is_the_administrator_and_later_ones_are_users()
    {
        var first = await app.SignedInClientAsync("first@cinecast.test");
        var second = await app.SignedInClientAsync("second@cinecast.test");

        var firstMe = await first.GetFromJsonAsync<CurrentUser>("/api/auth/me");
        var secondMe = await second.GetFromJsonAsync<CurrentUser>("/api/auth/me");

        Assert.Equal([Roles.Admin], firstMe!.Roles);
        Assert.Equal([Roles.User], secondMe!.Roles);
        Assert.Equal(HttpStatusCode.OK, (await first.GetAsync("/api/admin/users")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await second.GetAsync("/api/admin/users")).StatusCode);
    }

    [Fact]
    public async Task Racing_registrations_on_a_fresh_database_make_exactly_one_administrator()
    {
        var emails = Enumerable.Range(0, 6).Select(i => $"racer{i}@cinecast.test").ToList();
        var clients = await Task.WhenAll(emails.Select(app.SignedInClientAsync));

        var roles = await Task.WhenAll(clients.Select(c => c.GetFromJsonAsync<CurrentUser>("/api/auth/me")));

        Assert.Single(roles, r => r!.Roles.Contains(Roles.Admin));
    }

    [Theory]
    [InlineData("/api/voices")]
    [InlineData("/api/voices/aiden")]
    [InlineData("/api/admin/voices")]
    [InlineData("/api/admin/storage")]
    [InlineData("/api/auth/me")]
    [InlineData("/api/auth/manage/info")]
    public async Task Anonymous_requests_to_the_api_get_401(string path)
    {
        var response = await app.AnonymousClient().GetAsync(path);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task A_wrong_bearer_token_gets_401()
    {
        var client = app.AnonymousClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", "not-a-token");

        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/voices")).StatusCode);
    }

    [Fact]
    public async Task Health_and_the_sign_in_pages_are_open_to_anonymous_visitors()
    {
        var client = app.AnonymousClient();

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/login")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/register")).StatusCode);
    }

    [Theory]
    [InlineData("/css/app.css")]
    [InlineData("/_framework/blazor.web.js")]
    [InlineData("/_content/MudBlazor/MudBlazor.min.css")]
    [InlineData("/favicon.ico")]
    public async Task Static_files_are_served_to_anonymous_visitors(string path)
    {
        var response = await app.AnonymousClient().GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task The_icon_browsers_ask_for_is_there_before_and_after_signing_in()
    {
        var signedIn = await app.SignedInClientAsync($"icon-{Guid.NewGuid():N}@cinecast.test");

        var before = await app.AnonymousClient().GetAsync("/favicon.ico");
        var after = await signedIn.GetAsync("/favicon.ico");

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (before.StatusCode, after.StatusCode));
        Assert.Equal("image/x-icon", before.Content.Headers.ContentType?.MediaType);
        Assert.Equal([0, 0, 1, 0], (await before.Content.ReadAsByteArrayAsync())[..4]);
    }

    [Fact]
    public async Task A_person_opening_a_page_without_signing_in_is_sent_to_the_sign_in_page()
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/admin");
        request.Headers.Accept.ParseAdd("text/html");

        var response = await app.AnonymousClient().SendAsync(request);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/login", response.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Logging_in_with_a_wrong_password_is_refused()
    {
        await app.SignedInClientAsync("someone@cinecast.test");

        var response = await app.AnonymousClient().PostAsJsonAsync("/api/auth/login", new { email = "someone@cinecast.test", password = "wrong-password" });

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task An_admin_can_promote_and_demote_a_user_but_not_demote_the_last_admin()
    {
        var admin = await app.SignedInClientAsync("boss@cinecast.test");
        await app.SignedInClientAsync("worker@cinecast.test");
        var users = await admin.GetFromJsonAsync<List<UserSummary>>("/api/admin/users");
        var worker = users!.Single(u => u.Email == "worker@cinecast.test");
        var boss = users!.Single(u => u.Email == "boss@cinecast.test");

        var lastAdmin = await admin.PutAsJsonAsync($"/api/admin/users/{boss.Id}/role", new { role = "user" });
        var promoted = await admin.PutAsJsonAsync($"/api/admin/users/{worker.Id}/role", new { role = "admin" });
        var workerAsAdmin = await app.LoggedInClientAsync("worker@cinecast.test");
        var demoted = await workerAsAdmin.PutAsJsonAsync($"/api/admin/users/{boss.Id}/role", new { role = "user" });
        var unknownRole = await admin.PutAsJsonAsync($"/api/admin/users/{worker.Id}/role", new { role = "root" });

        Assert.Equal(HttpStatusCode.Conflict, lastAdmin.StatusCode);
        Assert.Equal(HttpStatusCode.OK, promoted.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await workerAsAdmin.GetAsync("/api/admin/storage")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, demoted.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, unknownRole.StatusCode);
        var bossNow = await app.LoggedInClientAsync("boss@cinecast.test");
        Assert.Equal(HttpStatusCode.Forbidden, (await bossNow.GetAsync("/api/admin/storage")).StatusCode);
    }

    [Fact]
    public async Task A_sign_in_through_the_page_sets_a_cookie_that_the_api_accepts()
    {
        await app.SignedInClientAsync("cookie@cinecast.test");

        var browser = await app.BrowserSignedInClientAsync("cookie@cinecast.test");

        var me = await browser.GetFromJsonAsync<CurrentUser>("/api/auth/me");
        Assert.Equal("cookie@cinecast.test", me!.Email);
    }

    [Fact]
    public async Task A_user_opening_the_admin_page_is_told_it_is_for_administrators()
    {
        await app.SignedInClientAsync("owner@cinecast.test");
        await app.SignedInClientAsync("visitor@cinecast.test");
        var browser = await app.BrowserSignedInClientAsync("visitor@cinecast.test");

        var admin = await browser.GetAsync("/admin");
        var forbidden = await browser.GetStringAsync(admin.Headers.Location!.OriginalString);

        Assert.Equal(HttpStatusCode.Redirect, admin.StatusCode);
        Assert.Contains("this page is for administrators", forbidden, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/login")]
    [InlineData("/health")]
    [InlineData("/api/voices")]
    public async Task Every_response_carries_the_security_headers(string path)
    {
        var response = await app.AnonymousClient().GetAsync(path);

        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
        Assert.Equal("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());
        Assert.Contains("microphone=(self)", response.Headers.GetValues("Permissions-Policy").Single(), StringComparison.Ordinal);
        var policy = response.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("script-src 'self';", policy, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", policy, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_cookie_signed_in_api_write_without_the_antiforgery_token_is_refused_and_changes_nothing()
    {
        var api = await app.SignedInClientAsync("forged@cinecast.test");
        var created = await api.PostAsync("/api/voices", CloneForm.Of(SpeechFiles.Shared(SpeechFiles.Clip24k), name: "Target"));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var browser = await app.BrowserSignedInClientAsync("forged@cinecast.test");

        var upload = await browser.PostAsync("/api/voices", CloneForm.Of(SpeechFiles.Shared(SpeechFiles.Clip24k), name: "Forged"));
        var delete = await browser.DeleteAsync(created.Headers.Location);
        var key = await browser.PostAsJsonAsync("/api/keys", new { name = "stolen" });

        foreach (var refused in new[] { upload, delete, key })
        {
            await CloneServiceTests.AssertProblemAsync(refused, HttpStatusCode.BadRequest, "request.antiforgery");
        }
        Assert.Single(app.StoredCloneFiles());
        Assert.Empty(app.TempFiles());
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync(created.Headers.Location)).StatusCode);
    }

    [Fact]
    public async Task Five_wrong_passwords_lock_the_account_even_against_the_right_one()
    {
        await app.SignedInClientAsync("locked@cinecast.test");
        var client = app.AnonymousClient();
        for (var attempt = 0; attempt < 5; attempt++)
        {
            await client.PostAsJsonAsync("/api/auth/login", new { email = "locked@cinecast.test", password = "Wrong-passw0rd" });
        }

        var right = await client.PostAsJsonAsync("/api/auth/login", new { email = "locked@cinecast.test", password = CineCastApp.Password });

        Assert.Equal(HttpStatusCode.Unauthorized, right.StatusCode);
    }

    [Fact]
    public async Task Other_sites_are_not_allowed_to_call_the_api_from_a_browser_unless_listed()
    {
        using var listed = new CineCastApp(settings: new() { ["CineCast:Cors:AllowedOrigins:0"] = "https://studio.example.com" });

        var stranger = await Preflight(app, "https://evil.example.com");
        var friend = await Preflight(listed, "https://studio.example.com");
        var notListed = await Preflight(listed, "https://evil.example.com");

        Assert.False(stranger.Headers.Contains("Access-Control-Allow-Origin"));
        Assert.Equal("https://studio.example.com", friend.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.False(notListed.Headers.Contains("Access-Control-Allow-Origin"));
    }

    [Fact]
    public void A_wildcard_origin_stops_the_app_with_a_message_naming_the_setting()
    {
        using var wildcard = new CineCastApp(settings: new() { ["CineCast:Cors:AllowedOrigins:0"] = "*" });

        var failure = Assert.ThrowsAny<Exception>(() => wildcard.CreateClient());

        Assert.Contains("CineCast:Cors:AllowedOrigins", failure.ToString(), StringComparison.Ordinal);
    }

    private static Task<HttpResponseMessage> Preflight(CineCastApp target, string origin)
    {
        var request = new HttpRequestMessage(HttpMethod.Options, "/api/voices");
        request.Headers.Add("Origin", origin);
        request.Headers.Add("Access-Control-Request-Method", "GET");
        return target.AnonymousClient().SendAsync(request);
    }
}
