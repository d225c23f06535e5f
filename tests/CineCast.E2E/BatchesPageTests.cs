using Microsoft.Playwright;

namespace CineCast.E2E;

/// <summary>A batch job's progress reaches the Batches page as the server pushes it, not by the page asking again.</summary>
public sealed class BatchesPageTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    [Fact]
    public async Task A_submitted_job_moves_to_done_on_the_page_through_pushed_changes()
    {
        var page = await app.NewPageAsync();
        var pushed = 0;
        page.WebSocket += (_, socket) =>
        {
            if (socket.Url.Contains("/hubs/batches", StringComparison.Ordinal))
            {
                socket.FrameReceived += (_, frame) =>
                {
                    if (frame.Text?.Contains("\"jobChanged\"", StringComparison.Ordinal) == true)
                    {
                        Interlocked.Increment(ref pushed);
                    }
                };
            }
        };
        try
        {
            await BrowserApp.RegisterAsync(page, "batches-page@cinecast.test");
            await BrowserApp.OpenAsync(page, "/batches");
            await page.GetByRole(AriaRole.Textbox, new() { Name = "Text" }).FillAsync(
                "A few sentences for the background. Each one takes the engine a moment. The page should show the job finish by itself.");
            await page.GetByRole(AriaRole.Button, new() { Name = "Submit" }).ClickAsync();

            var table = page.GetByTestId("batch-table");
            await Assertions.Expect(table.GetByRole(AriaRole.Link, new() { Name = "Download" })).ToBeVisibleAsync(new() { Timeout = 60_000 });
            await Assertions.Expect(table).ToContainTextAsync("100 %");
            await BrowserApp.ScreenshotAsync(page, "09-batches-done");

            Assert.True(pushed >= 2, $"{pushed} job changes were pushed to the page");
        }
        catch
        {
            await BrowserApp.ScreenshotAsync(page, "batches-failure");
            throw;
        }
    }
}
