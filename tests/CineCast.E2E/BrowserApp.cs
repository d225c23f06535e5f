using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace CineCast.E2E;

/// <summary>
/// The real app on Kestrel (loopback, a free port, a temp data directory) and Debian's Chromium driven by
/// Playwright, with a fake microphone that plays a real speech clip.
/// </summary>
public sealed class BrowserApp : IAsyncLifetime
{
    public const string Password = "Passw0rd!";
    private const string ChromiumPath = "/usr/bin/chromium";

    private readonly string dataDirectory = Directory.CreateTempSubdirectory("cinecast-e2e-").FullName;
    private AppHost? host;
    private IPlaywright? playwright;

    public Uri Address { get; private set; } = default!;
    public IBrowser Browser { get; private set; } = default!;

    public static string ScreenshotDirectory { get; } = Path.Combine(RepositoryRoot(), "artifacts", "e2e");

    public async Task InitializeAsync()
    {
        host = new AppHost(dataDirectory);
        host.UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        host.StartServer();
        Address = new Uri(host.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());

        playwright = await Playwright.CreateAsync();
        Browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args =
            [
                "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--autoplay-policy=no-user-gesture-required",
                "--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream",
                $"--use-file-for-fake-audio-capture={Path.GetFullPath(Fixtures.Shared("sample-48k.wav"))}",
            ],
        });
        Directory.CreateDirectory(ScreenshotDirectory);
    }

    public async Task<IPage> NewPageAsync(int width = 1280, int height = 900)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = Address.ToString(), ViewportSize = new ViewportSize { Width = width, Height = height } });
        await context.GrantPermissionsAsync(["microphone"]);
        return await context.NewPageAsync();
    }

    /// <summary>Registers through the page (the first account is the administrator); the page ends signed in.</summary>
    public static async Task RegisterAsync(IPage page, string email)
    {
        await page.GotoAsync("/register");
        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByLabel("Password").FillAsync(Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Register" }).ClickAsync();
        // The page is usable once its circuit is up; waiting for the full load event only adds flakiness under load.
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/", new() { WaitUntil = WaitUntilState.Commit, Timeout = 60_000 });
        await page.Locator("[data-interactive=true]").WaitForAsync(new() { Timeout = 60_000 });
    }

    /// <summary>Opens a page and waits until its circuit is connected, so clicks reach the server.</summary>
    public static async Task OpenAsync(IPage page, string path)
    {
        await page.GotoAsync(path);
        await page.Locator("[data-interactive=true]").WaitForAsync();
    }

    public static Task ScreenshotAsync(IPage page, string name) =>
        page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotDirectory, name + ".png"), FullPage = true });

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.CloseAsync();
        }
        playwright?.Dispose();
        if (host is not null)
        {
            await host.DisposeAsync();
        }
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Fixtures.DeleteDirectory(dataDirectory);
    }

    private static string RepositoryRoot() =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(Fixtures.Local("x"))!, "..", "..", ".."));

    private sealed class AppHost(string dataDirectory) : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment("Production");
            builder.UseSetting("CineCast:DataDirectory", dataDirectory);
            builder.UseSetting("CineCast:ModelsDirectory", Path.Combine(dataDirectory, "models"));
        }
    }
}
