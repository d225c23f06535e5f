using MudBlazor.Services;

namespace CineCast.Web.Components;

public static class PagesSetup
{
    public static WebApplicationBuilder AddPages(this WebApplicationBuilder builder)
    {
        // Run from a build (scripts/run) rather than a publish, the web root and package assets are found through
        // the build's static web assets manifest; a published app has them in its own wwwroot and skips this.
        builder.WebHost.UseStaticWebAssets();
        builder.Services.AddRazorComponents().AddInteractiveServerComponents();
        builder.Services.AddMudServices();
        return builder;
    }

    public static WebApplication MapPages(this WebApplication app)
    {
        app.MapStaticAssets().AllowAnonymous();
        // The app's own policy (SecurityHeaders) already forbids framing; a second header would only repeat it.
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode(options => options.ContentSecurityFrameAncestorsPolicy = null);
        return app;
    }
}
