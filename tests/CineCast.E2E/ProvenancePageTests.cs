using Microsoft.Playwright;

namespace CineCast.E2E;

/// <summary>The provenance page: the server's own speech is recognised with its record; a human recording is not.</summary>
public sealed class ProvenancePageTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    private const string Text = "When the sunlight strikes raindrops in the air, they act as a prism and form a rainbow, and people look for its end.";

    [Fact]
    public async Task A_recording_this_server_made_is_shown_with_its_record_and_a_human_one_is_not_claimed()
    {
        var page = await app.NewPageAsync();
        try
        {
            await BrowserApp.RegisterAsync(page, "provenance-page@cinecast.test");
            await BrowserApp.OpenAsync(page, "/provenance");
            var spoken = await page.APIRequest.GetAsync(new Uri(app.Address, $"/read_stream?voice=aiden&text={Uri.EscapeDataString(Text)}").ToString());
            Assert.Equal(200, spoken.Status);

            await page.Locator("input[type=file]").Last.SetInputFilesAsync(new FilePayload { Name = "ours.wav", MimeType = "audio/wav", Buffer = await spoken.BodyAsync() });
            var answer = page.GetByTestId("detect-answer");
            await Assertions.Expect(answer).ToContainTextAsync("Made by this server", new() { Timeout = 30_000 });
            await Assertions.Expect(answer).ToContainTextAsync("aiden");
            await BrowserApp.ScreenshotAsync(page, "11-provenance");

            var human = Fixtures.Shared("en_jfk_inaugural-1961.wav");
            await page.Locator("input[type=file]").Last.SetInputFilesAsync(human);
            await Assertions.Expect(answer).ToContainTextAsync("No mark of this server found", new() { Timeout = 30_000 });
        }
        catch
        {
            await BrowserApp.ScreenshotAsync(page, "provenance-failure");
            throw;
        }
    }
}
