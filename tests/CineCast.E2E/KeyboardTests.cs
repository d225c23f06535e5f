using Microsoft.Playwright;

namespace CineCast.E2E;

/// <summary>The recorder and the player work from the keyboard alone and tell a screen reader what they are doing.</summary>
public sealed class KeyboardTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    private const string FocusedButton = "() => document.activeElement?.closest('button')?.textContent?.trim() ?? ''";

    [Fact]
    public async Task Recording_and_speaking_need_only_the_keyboard_and_each_step_is_announced()
    {
        var page = await app.NewPageAsync();
        try
        {
            await BrowserApp.RegisterAsync(page, "keyboard@cinecast.test");
            await BrowserApp.OpenAsync(page, "/record");
            var recorder = page.GetByTestId("recorder-announcement");

            await page.GetByRole(AriaRole.Button, new() { Name = "Record" }).FocusAsync();
            await page.Keyboard.PressAsync("Enter");
            await Assertions.Expect(recorder).ToHaveTextAsync("Recording. Read the text aloud, then press Stop.");
            Assert.Equal("Stop", await page.EvaluateAsync<string>(FocusedButton));
            await page.WaitForFunctionAsync("() => (window.cinecast?.recorder?.seconds ?? 0) >= 4", null, new() { Timeout = 20_000 });
            await page.Keyboard.PressAsync("Enter");
            await Assertions.Expect(recorder).ToContainTextAsync(new System.Text.RegularExpressions.Regex("^Recorded [0-9.]+ seconds\\. Press Play"));
            Assert.Equal("Play", await page.EvaluateAsync<string>(FocusedButton));
            Assert.Equal("status", await recorder.GetAttributeAsync("role"));

            await BrowserApp.OpenAsync(page, "/playground");
            var player = page.GetByTestId("player-announcement");
            await page.GetByRole(AriaRole.Textbox, new() { Name = "Text" }).FillAsync("Keys only. Nothing else.");
            await page.GetByRole(AriaRole.Button, new() { Name = "Speak" }).FocusAsync();
            await page.Keyboard.PressAsync("Enter");
            await Assertions.Expect(player).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^Speaking as .+ with the basic engine\\.$"));
            Assert.Equal("Stop", await page.EvaluateAsync<string>(FocusedButton));
            await Assertions.Expect(player).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^Finished: [0-9.]+ seconds of speech\\.$"), new() { Timeout = 30_000 });
            Assert.Equal("Speak", await page.EvaluateAsync<string>(FocusedButton));
        }
        catch
        {
            await BrowserApp.ScreenshotAsync(page, "keyboard-failure");
            throw;
        }
    }
}
