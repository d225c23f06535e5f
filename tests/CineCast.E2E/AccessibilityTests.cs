using System.Text.Json;
using Microsoft.Playwright;

namespace CineCast.E2E;

/// <summary>
/// Every page scanned with axe-core (axe/axe.min.js) as an administrator, at desktop and then phone width: no
/// violation of any impact. The page's content security policy forbids injected scripts, so this browser context
/// alone bypasses it.
/// </summary>
public sealed class AccessibilityTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    private static readonly string Axe = Path.Combine(AppContext.BaseDirectory, "axe", "axe.min.js");

    [Fact]
    public async Task No_page_has_an_accessibility_violation_at_desktop_or_phone_width()
    {
        var context = await app.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = app.Address.ToString(), BypassCSP = true, ViewportSize = new ViewportSize { Width = 1280, Height = 900 },
        });
        var page = await context.NewPageAsync();
        var violations = new List<string>();

        await page.GotoAsync("/login");
        violations.AddRange(await ScanAsync(page, "/login"));
        await BrowserApp.RegisterAsync(page, "axe-admin@cinecast.test");
        foreach (var (width, height) in new[] { (1280, 900), (390, 844) })
        {
            await page.SetViewportSizeAsync(width, height);
            foreach (var path in new[] { "/", "/record", "/upload", "/playground", "/keys", "/batches", "/lexicon", "/provenance", "/admin" })
            {
                await BrowserApp.OpenAsync(page, path);
                violations.AddRange(await ScanAsync(page, $"{path} at {width} px"));
            }
        }

        Assert.True(violations.Count == 0, string.Join('\n', violations));
    }

    /// <summary>Violations found in two scans a second apart: a page still rendering is not judged on a half-built state.</summary>
    private static async Task<IEnumerable<string>> ScanAsync(IPage page, string path)
    {
        await page.AddScriptTagAsync(new() { Path = Axe });
        var first = await RunAxeAsync(page, path);
        if (first.Count == 0)
        {
            return first;
        }

        await page.WaitForTimeoutAsync(1000);
        var second = await RunAxeAsync(page, path);
        return second.Where(first.Contains);
    }

    private static async Task<List<string>> RunAxeAsync(IPage page, string path)
    {
        var found = await page.EvaluateAsync<JsonElement>(
            "async () => (await axe.run()).violations" +
            ".map(v => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map(n => `${n.target.join(' ')} ${n.failureSummary}`).join('; ')}`)");
        return [.. found.EnumerateArray().Select(v => $"{path}: {v.GetString()}")];
    }
}
