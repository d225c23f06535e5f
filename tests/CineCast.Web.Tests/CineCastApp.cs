using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace CineCast.Web.Tests;

/// <summary>The real app on a real SQLite file in a temp data directory of its own.</summary>
public sealed class CineCastApp : WebApplicationFactory<Program>
{
    public const string Password = "Passw0rd!";
    private readonly bool ownsDataDirectory;
    private readonly Dictionary<string, string?> settings;
    private readonly Action<IServiceCollection>? services;

    public CineCastApp(string? dataDirectory = null, Dictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null)
    {
        this.services = services;
        ownsDataDirectory = dataDirectory is null;
        DataDirectory = dataDirectory ?? Directory.CreateTempSubdirectory("cinecast-test-").FullName;
        this.settings = settings ?? [];
    }

    public string DataDirectory { get; }
    public string ClonesDirectory => Path.Combine(DataDirectory, "clones");
    public string TempDirectory => Path.Combine(DataDirectory, "tmp");

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("CineCast:DataDirectory", DataDirectory);
        builder.UseSetting("CineCast:ModelsDirectory", Path.Combine(DataDirectory, "models"));
        // Suites send many requests as one user; the tests of the limits themselves set them low.
        foreach (var kind in new[] { "Uploads", "Synthesis", "Batches" })
        {
            builder.UseSetting($"CineCast:RateLimits:{kind}:PermitLimit", "100000");
        }
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }
        if (services is not null)
        {
            builder.ConfigureTestServices(services);
        }
    }

    public HttpClient AnonymousClient() => CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

    /// <summary>Registers the account (the first one on a fresh app becomes admin) and returns a client with its bearer token.</summary>
    public async Task<HttpClient> SignedInClientAsync(string email)
    {
        var client = AnonymousClient();
        var registered = await client.PostAsJsonAsync("/api/auth/register", new { email, password = Password });
        Assert.True(registered.IsSuccessStatusCode, $"register {email}: {(int)registered.StatusCode} {await registered.Content.ReadAsStringAsync()}");
        return await LoggedInClientAsync(email);
    }

    public async Task<HttpClient> LoggedInClientAsync(string email)
    {
        var client = AnonymousClient();
        var login = await client.PostAsJsonAsync("/api/auth/login", new { email, password = Password });
        login.EnsureSuccessStatusCode();
        var token = (await login.Content.ReadFromJsonAsync<TokenResponse>())!.AccessToken;
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>Signs in through the sign-in page's form, as a browser does, and returns a client holding the cookie.</summary>
    public async Task<HttpClient> BrowserSignedInClientAsync(string email)
    {
        var browser = CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        var page = await browser.GetStringAsync("/login");
        var token = System.Text.RegularExpressions.Regex.Match(page, "name=\"__RequestVerificationToken\" value=\"([^\"]+)\"").Groups[1].Value;
        var signIn = await browser.PostAsync("/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "login",
            ["__RequestVerificationToken"] = token,
            ["Input.Email"] = email,
            ["Input.Password"] = Password,
        }));
        Assert.Equal(System.Net.HttpStatusCode.Redirect, signIn.StatusCode);
        browser.DefaultRequestHeaders.Accept.ParseAdd("text/html");
        return browser;
    }

    public string[] StoredCloneFiles() => Directory.Exists(ClonesDirectory) ? Directory.GetFiles(ClonesDirectory) : [];

    public string[] TempFiles() => Directory.Exists(TempDirectory) ? Directory.GetFileSystemEntries(TempDirectory) : [];

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing && ownsDataDirectory)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Fixtures.DeleteDirectory(DataDirectory);
        }
    }

    private sealed record TokenResponse(string AccessToken);
}

/// <summary>One app per test class, with its administrator registered first.</summary>
public sealed class AppFixture : IAsyncLifetime
{
    public const string AdminEmail = "admin@cinecast.test";

    public CineCastApp App { get; } = new();
    public HttpClient Admin { get; private set; } = default!;

    public async Task InitializeAsync() => Admin = await App.SignedInClientAsync(AdminEmail);

    public Task<HttpClient> NewUserAsync() => App.SignedInClientAsync($"user-{Guid.NewGuid():N}@cinecast.test");

    public Task DisposeAsync()
    {
        App.Dispose();
        return Task.CompletedTask;
    }
}
