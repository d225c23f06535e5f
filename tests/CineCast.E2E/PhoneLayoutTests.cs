using Microsoft.Playwright;

namespace CineCast.E2E;

/// <summary>People record their voice on a phone more than anywhere: every page works 390 px wide.</summary>
public sealed class PhoneLayoutTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    private const int PhoneWidth = 390;

    [Fact]
    public async Task Every_page_fits_a_phone_and_the_menu_reaches_each_of_them()
    {
        var phone = await app.NewPageAsync(PhoneWidth, 844);
        try
        {
            await BrowserApp.RegisterAsync(phone, "phone-admin@cinecast.test");
            foreach (var path in new[] { "/", "/record", "/upload", "/playground", "/keys", "/batches", "/lexicon", "/provenance", "/admin" })
            {
                await BrowserApp.OpenAsync(phone, path);
                var width = await phone.EvaluateAsync<int>("() => document.documentElement.scrollWidth");
                Assert.True(width <= PhoneWidth, $"{path} is {width} px wide on a {PhoneWidth} px screen");
            }

            await BrowserApp.OpenAsync(phone, "/");
            await phone.GetByLabel("Menu").ClickAsync();
            await BrowserApp.ScreenshotAsync(phone, "07-phone-menu");
            await phone.Locator(".nav-drawer").GetByRole(AriaRole.Link, new() { Name = "Playground" }).ClickAsync();
            await phone.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/playground");
            await phone.GetByRole(AriaRole.Button, new() { Name = "Speak" }).WaitForAsync();
            await BrowserApp.ScreenshotAsync(phone, "08-phone-playground");
        }
        catch
        {
            await BrowserApp.ScreenshotAsync(phone, "phone-failure");
            throw;
        }
    }
}
