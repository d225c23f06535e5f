using Microsoft.Playwright;

namespace CineCast.E2E;

/// <summary>The lexicon page: an entry is added, listed, heard through the voice, changed and imported from a PLS file.</summary>
public sealed class LexiconPageTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    [Fact]
    public async Task An_entry_added_on_the_page_is_listed_and_can_be_heard_and_a_pls_file_adds_more()
    {
        var page = await app.NewPageAsync();
        try
        {
            await BrowserApp.RegisterAsync(page, "lexicon-page@cinecast.test");
            await BrowserApp.OpenAsync(page, "/lexicon");
            await page.GetByRole(AriaRole.Textbox, new() { Name = "Written as" }).FillAsync("SQL");
            await page.GetByRole(AriaRole.Textbox, new() { Name = "Say instead (alias)" }).FillAsync("sequel");
            await page.GetByTestId("save-entry").ClickAsync();

            var table = page.GetByTestId("lexicon-table");
            await Assertions.Expect(table).ToContainTextAsync("sequel");
            var heard = page.WaitForResponseAsync(response => response.Url.Contains("/read_stream", StringComparison.Ordinal));
            await table.GetByRole(AriaRole.Button, new() { Name = "Say SQL" }).ClickAsync();
            var response = await heard;
            Assert.Equal(200, response.Status);
            Assert.Equal("audio/wav", response.Headers["content-type"]);
            await Assertions.Expect(page.GetByTestId("try-audio")).ToBeVisibleAsync();

            await page.Locator("input[type=file]").SetInputFilesAsync(new FilePayload
            {
                Name = "words.pls",
                MimeType = "application/pls+xml",
                Buffer = System.Text.Encoding.UTF8.GetBytes("""
                    <lexicon version="1.0" xmlns="http://www.w3.org/2005/01/pronunciation-lexicon" alphabet="ipa" xml:lang="en">
                      <lexeme><grapheme>GIF</grapheme><alias>jif</alias></lexeme>
                    </lexicon>
                    """),
            });
            await Assertions.Expect(table).ToContainTextAsync("jif");
            await BrowserApp.ScreenshotAsync(page, "10-lexicon");
        }
        catch
        {
            await BrowserApp.ScreenshotAsync(page, "lexicon-failure");
            throw;
        }
    }
}
