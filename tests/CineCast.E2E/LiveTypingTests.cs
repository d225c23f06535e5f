using Microsoft.Playwright;

namespace CineCast.E2E;

/// <summary>
/// "Type as you speak" on the playground: the first sentence is heard while the rest is still being typed, what is
/// typed afterwards is spoken in the same voice, and Finish speaks what is left.
/// </summary>
public sealed class LiveTypingTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    [Fact]
    public async Task The_first_sentence_is_heard_before_the_rest_is_typed_and_the_typed_words_are_read_along()
    {
        var page = await app.NewPageAsync();
        try
        {
            await BrowserApp.RegisterAsync(page, "live-typing@cinecast.test");
            await BrowserApp.OpenAsync(page, "/playground");
            var textbox = page.GetByRole(AriaRole.Textbox, new() { Name = "Text" });
            await page.GetByTestId("live-switch").ClickAsync();
            await textbox.FillAsync("Hello there.");

            await page.GetByRole(AriaRole.Button, new() { Name = "Speak as I type" }).ClickAsync();
            await page.WaitForFunctionAsync("() => globalThis.cinecast?.player?.samplesReceived > 0", null, new() { Timeout = 20_000 });
            var receivedBeforeTyping = await page.EvaluateAsync<int>("() => globalThis.cinecast.player.samplesReceived");
            var seen = new List<string>();
            foreach (var word in " Seven eight nine ten. Eleven twelve".Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                await textbox.PressSequentiallyAsync(" " + word, new() { Delay = 40 });
                await FollowAsync(page, seen);
            }
            await BrowserApp.ScreenshotAsync(page, "11-type-as-you-speak");
            await page.GetByTestId("finish-live").ClickAsync();
            var deadline = DateTime.UtcNow.AddSeconds(40);
            while (DateTime.UtcNow < deadline && !await FollowAsync(page, seen))
            {
                await Task.Delay(30);
            }

            var player = await page.EvaluateAsync<string[]>("() => [globalThis.cinecast.player.state, String(globalThis.cinecast.player.error), globalThis.cinecast.player.voiceName]");
            Assert.True(receivedBeforeTyping > 0, "audio arrived while only the first sentence had been typed");
            Assert.Equal(["ended", "null"], player[..2]);
            // Sampled every few tens of milliseconds, so a short word may pass unseen: one word of each sentence, in order.
            var sentences = new[] { new[] { "Hello", "there" }, ["Seven", "eight", "nine", "ten"], ["Eleven", "twelve"] };
            var heard = sentences.Select(words => seen.FindIndex(w => words.Contains(w))).ToList();
            Assert.True(heard.All(at => at >= 0) && heard.SequenceEqual(heard.Order()), $"words heard: {string.Join(", ", seen)}");
        }
        catch
        {
            await BrowserApp.ScreenshotAsync(page, "live-typing-failure");
            throw;
        }
    }

    /// <summary>Notes the highlighted word when it changed; true once the page says speech has finished.</summary>
    private static async Task<bool> FollowAsync(IPage page, List<string> seen)
    {
        var now = await page.EvaluateAsync<string[]>("""
            () => [document.querySelector('[data-testid=current-word]')?.textContent ?? '',
                   document.querySelector('[data-testid=player-announcement]')?.textContent ?? '']
            """);
        if (now[0].Length > 0 && (seen.Count == 0 || seen[^1] != now[0]))
        {
            seen.Add(now[0]);
        }
        return now[1].StartsWith("Finished", StringComparison.Ordinal);
    }
}
