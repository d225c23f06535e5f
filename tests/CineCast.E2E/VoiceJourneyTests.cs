using System.Text.Json;
using Microsoft.Playwright;

namespace CineCast.E2E;

/// <summary>A person's whole path in a real browser: register, record, clone, hear it, and what others see.</summary>
public sealed class VoiceJourneyTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    private const string CloneName = "My recorded voice";

    [Fact]
    public async Task A_recorded_voice_is_cloned_spoken_in_the_playground_and_visible_only_to_its_owner_and_admins()
    {
        var owner = await app.NewPageAsync();
        try
        {
            await JourneyAsync(owner);
        }
        catch
        {
            await BrowserApp.ScreenshotAsync(owner, "failure");
            throw;
        }
    }

    private async Task JourneyAsync(IPage owner)
    {
        await BrowserApp.RegisterAsync(owner, "admin@cinecast.test");
        await BrowserApp.ScreenshotAsync(owner, "01-my-voices-empty");

        await RecordAndSaveAsync(owner);
        await BrowserApp.ScreenshotAsync(owner, "03-my-voices-with-clone");

        var spoken = await SpeakAsync(owner, "Hello from my own voice. This is the second sentence.");
        Assert.Equal("basic", spoken.GetProperty("engine").GetString());
        Assert.Equal(CloneName, spoken.GetProperty("voiceName").GetString());
        Assert.True(spoken.GetProperty("samplesReceived").GetInt64() > 24000, "at least a second of audio arrives");
        Assert.InRange(spoken.GetProperty("samplesPlayed").GetInt64(), spoken.GetProperty("samplesReceived").GetInt64() - 2400, long.MaxValue);
        Assert.Equal(0, spoken.GetProperty("underruns").GetInt32());
        await BrowserApp.ScreenshotAsync(owner, "04-playground-spoken");
        await owner.GetByTestId("inspect").ClickAsync();
        await owner.GetByTestId("phonemes").First.WaitForAsync();
        Assert.Contains("hə", await owner.GetByTestId("phonemes").First.TextContentAsync(), StringComparison.Ordinal);
        await BrowserApp.ScreenshotAsync(owner, "04-playground-reading");

        await AssertStopEndsTheStreamAsync(owner);

        await BrowserApp.OpenAsync(owner, "/admin");
        await owner.GetByRole(AriaRole.Cell, new() { Name = CloneName, Exact = true }).WaitForAsync();
        await BrowserApp.ScreenshotAsync(owner, "05-admin");

        var stranger = await app.NewPageAsync();
        await stranger.GotoAsync("/login");
        await BrowserApp.ScreenshotAsync(stranger, "00-sign-in");
        await BrowserApp.RegisterAsync(stranger, "stranger@cinecast.test");
        await UploadAsync(stranger, "Uploaded voice");
        Assert.Equal(0, await stranger.GetByRole(AriaRole.Cell, new() { Name = CloneName, Exact = true }).CountAsync());
        await stranger.GotoAsync("/admin");
        await stranger.GetByText("this page is for administrators").WaitForAsync();
    }

    private static async Task RecordAndSaveAsync(IPage page)
    {
        await BrowserApp.OpenAsync(page, "/record");
        await page.GetByRole(AriaRole.Button, new() { Name = "Record" }).ClickAsync();
        await page.WaitForFunctionAsync("() => (window.cinecast?.recorder?.seconds ?? 0) >= 6", null, new() { Timeout = 20_000 });
        await page.GetByRole(AriaRole.Button, new() { Name = "Stop" }).ClickAsync();
        await page.GetByLabel("Name").FillAsync(CloneName);
        await page.GetByLabel("This is my voice, or the speaker gave me explicit permission to clone it.").CheckAsync();
        await BrowserApp.ScreenshotAsync(page, "02-record");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        // Saving navigates inside the Blazor circuit (no page load): wait for the new voice in the list.
        await page.GetByRole(AriaRole.Cell, new() { Name = CloneName, Exact = true }).WaitForAsync(new() { Timeout = 30_000 });
    }

    private static async Task UploadAsync(IPage page, string name)
    {
        await BrowserApp.OpenAsync(page, "/upload");
        await page.GetByLabel("Recording file").SetInputFilesAsync(Path.GetFullPath(Fixtures.Shared("sample-48k.webm")));
        await page.GetByLabel("Name").FillAsync(name);
        await page.GetByLabel("This is my voice, or the speaker gave me explicit permission to clone it.").CheckAsync();
        await BrowserApp.ScreenshotAsync(page, "06-upload");
        await page.GetByRole(AriaRole.Button, new() { Name = "Upload" }).ClickAsync();
        await page.GetByRole(AriaRole.Cell, new() { Name = name, Exact = true }).WaitForAsync(new() { Timeout = 30_000 });
    }

    private static async Task<JsonElement> SpeakAsync(IPage page, string text)
    {
        await BrowserApp.OpenAsync(page, "/playground");
        await page.GetByLabel("Text").FillAsync(text);
        // The playground preselects the newest clone; the assertion on the start item proves which voice spoke.
        await page.GetByRole(AriaRole.Button, new() { Name = "Speak" }).ClickAsync();
        await page.WaitForFunctionAsync("() => window.cinecast?.player?.state === 'ended'", null, new() { Timeout = 60_000 });
        return await PlayerAsync(page);
    }

    private static async Task AssertStopEndsTheStreamAsync(IPage page)
    {
        var longText = string.Join(" ", Enumerable.Repeat("This long passage keeps the stream busy for a good while so it can be stopped.", 40));
        await page.GetByLabel("Text").FillAsync(longText);
        await page.GetByRole(AriaRole.Button, new() { Name = "Speak" }).ClickAsync();
        await page.WaitForFunctionAsync("() => (window.cinecast?.player?.samplesPlayed ?? 0) > 4800", null, new() { Timeout = 30_000 });
        await page.GetByRole(AriaRole.Button, new() { Name = "Stop" }).ClickAsync();
        await page.WaitForFunctionAsync("() => window.cinecast?.player?.state === 'stopped'");
        var atStop = (await PlayerAsync(page)).GetProperty("samplesReceived").GetInt64();
        await page.WaitForTimeoutAsync(500);
        var later = (await PlayerAsync(page)).GetProperty("samplesReceived").GetInt64();
        Assert.Equal(atStop, later);
        Assert.True(atStop < 40 * 4 * 24000, "the whole passage was not received");
    }

    private static async Task<JsonElement> PlayerAsync(IPage page) =>
        await page.EvaluateAsync<JsonElement>("() => JSON.parse(JSON.stringify(window.cinecast.player))");
}
