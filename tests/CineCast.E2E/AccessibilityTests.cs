using System.Text.Json;
using Microsoft.Playwright;

namespace CineCast.E2E;

/// <summary>
/// Every page scanned with axe-core (axe/axe.min.js) at desktop and phone width: no serious or critical violation.
/// The page's content security policy forbids injected scripts, so this browser context alone bypasses it.
/// </summary>
public sealed class AccessibilityTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    private static readonly string Axe = Path.Combine(AppContext.BaseDirectory, "axe", "axe.min.js");

    [Theory]
    [InlineData(1280, 900)]
    [InlineData(390, 844)]
    public async Task No_page_has_a_serious_or_critical_accessibility_violation(int width, int height)
    {
        var context = await app.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = app.Address.ToString(), BypassCSP = true, ViewportSize = new ViewportSize { Width = width, Height = height },
        });
        var page = await context.NewPageAsync();
        var violations = new List<string>();

        await page.GotoAsync("/login");
        violations.AddRange(await ScanAsync(page, "/login"));
        await BrowserApp.RegisterAsync(page, $"axe-{width}@cinecast.test");
        foreach (var path in new[] { "/", "/record", "/upload", "/playground", "/keys", "/batches", "/admin" })
        {
            await BrowserApp.OpenAsync(page, path);
            violations.AddRange(await ScanAsync(page, path));
        }

        Assert.True(violations.Count == 0, string.Join('\n', violations));
    }

    private static async Task<IEnumerable<string>> ScanAsync(IPage page, string path)
    {
        await page.AddScriptTagAsync(new() { Path = Axe });
        var found = await page.EvaluateAsync<JsonElement>(
            "async () => (await axe.run()).violations.filter(v => v.impact === 'serious' || v.impact === 'critical')" +
            ".map(v => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map(n => `${n.target.join(' ')} ${n.failureSummary}`).join('; ')}`)");
        return found.EnumerateArray().Select(v => $"{path}: {v.GetString()}");
    }
}
