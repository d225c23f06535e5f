using Microsoft.Playwright;

namespace CineCast.E2E;

/// <summary>While the playground speaks, the word being heard is highlighted and its sentence shown as a caption.</summary>
public sealed class ReadAlongTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    private const string Text = "One two three four five six. Seven eight nine ten.";

    [Fact]
    public async Task The_highlighted_word_moves_through_the_text_as_it_is_heard()
    {
        var page = await app.NewPageAsync();
        try
        {
            await BrowserApp.RegisterAsync(page, "read-along@cinecast.test");
            await BrowserApp.OpenAsync(page, "/playground");
            await page.GetByRole(AriaRole.Textbox, new() { Name = "Text" }).FillAsync(Text);
            await page.GetByRole(AriaRole.Button, new() { Name = "Speak" }).ClickAsync();

            var seen = new List<string>();
            var captions = new HashSet<string>();
            var deadline = DateTime.UtcNow.AddSeconds(30);
            while (DateTime.UtcNow < deadline)
            {
                // One look at the page, so a highlight that moves on between two reads cannot be half seen.
                var now = await page.EvaluateAsync<string[]>("""
                    () => [document.querySelector('[data-testid=current-word]')?.textContent ?? '',
                           document.querySelector('[data-testid=caption]')?.textContent ?? '',
                           document.querySelector('[data-testid=player-announcement]')?.textContent ?? '']
                    """);
                if (now[2].StartsWith("Finished", StringComparison.Ordinal))
                {
                    break;
                }
                if (now[0].Length > 0 && (seen.Count == 0 || seen[^1] != now[0]))
                {
                    seen.Add(now[0]);
                    captions.Add(now[1]);
                    if (seen.Count == 3)
                    {
                        await BrowserApp.ScreenshotAsync(page, "10-read-along");
                    }
                }
                await Task.Delay(30);
            }

            var words = Text.Split([' ', '.'], StringSplitOptions.RemoveEmptyEntries);
            Assert.True(seen.Count >= 4, $"the highlight moved through: {string.Join(", ", seen)}");
            Assert.All(seen, word => Assert.Contains(word, words));
            Assert.Equal(seen.Select(word => Array.IndexOf(words, word)).Order(), seen.Select(word => Array.IndexOf(words, word)));
            Assert.Subset(new HashSet<string> { "One two three four five six", "Seven eight nine ten" }, captions);
        }
        catch
        {
            await BrowserApp.ScreenshotAsync(page, "read-along-failure");
            throw;
        }
    }
}
