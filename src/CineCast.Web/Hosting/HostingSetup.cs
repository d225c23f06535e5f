using CineCast.Web.Data;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using CineCast.Web.Refusals;

namespace CineCast.Web.Hosting;

public static class HostingSetup
{
    public const string DefaultUrl = "http://localhost:5080";

    /// <summary>Options, folders, database, key ring and ProblemDetails: what every feature stands on.</summary>
    public static WebApplicationBuilder AddCineCastHosting(this WebApplicationBuilder builder)
    {
        if (string.IsNullOrEmpty(builder.Configuration[WebHostDefaults.ServerUrlsKey]))
        {
            builder.WebHost.UseUrls(DefaultUrl);
        }
        builder.Services.AddOptions<CineCastOptions>()
            .BindConfiguration(CineCastOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<CineCastOptions>, CineCastOptionsValidator>();
        builder.Services.AddSingleton(services => new AppLocations(services.GetRequiredService<IOptions<CineCastOptions>>().Value));

        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddOptions<DatabaseOptions>()
            .BindConfiguration(DatabaseOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        var database = builder.Configuration.GetSection(DatabaseOptions.Section).Get<DatabaseOptions>() ?? new DatabaseOptions();
        if (database.IsPostgres)
        {
            builder.Services.AddDbContext<CineCastDb, PostgresCineCastDb>(options => options.UseNpgsql(database.ConnectionString));
        }
        else
        {
            builder.Services.AddDbContext<CineCastDb>((services, options) =>
                options.UseSqlite($"Data Source={services.GetRequiredService<AppLocations>().DatabaseFile}"));
        }

        // The key ring signs cookies and bearer tokens; keeping it in the data directory keeps sign-ins valid
        // across restarts and writes nothing outside that folder.
        builder.Services.AddDataProtection().SetApplicationName("CineCast.Web");
        builder.Services.AddOptions<KeyManagementOptions>()
            .Configure<AppLocations, ILoggerFactory>((options, locations, loggers) =>
                options.XmlRepository = new FileSystemXmlRepository(new DirectoryInfo(locations.KeysDirectory), loggers));

        builder.AddCorsAllowList();
        builder.AddRateLimits();
        // Malformed bodies and parameters are thrown as BadHttpRequestException, so one handler explains them all.
        builder.Services.Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        builder.Services.AddExceptionHandler<BadRequestHandler>();
        builder.Services.AddExceptionHandler<RefusalAnswers.Handler>();
        builder.Services.AddProblemDetails(options =>
            options.CustomizeProblemDetails = context =>
                context.ProblemDetails.Extensions.TryAdd("traceId", context.HttpContext.TraceIdentifier));
        return builder;
    }

    /// <summary>Creates the folders, brings the schema up to date and switches SQLite to write-ahead logging.</summary>
    public static async Task PrepareDatabaseAsync(this WebApplication app)
    {
        app.Services.GetRequiredService<AppLocations>().CreateDirectories();
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CineCastDb>();
        await db.Database.MigrateAsync();
        if (db.Database.IsSqlite())
        {
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;");
        }
    }

    /// <summary>Errors become ProblemDetails; then who is calling, and may they.</summary>
    public static WebApplication UseCineCastPipeline(this WebApplication app)
    {
        app.UseSecurityHeaders();
        app.UseExceptionHandler();
        app.UseStatusCodePages(WriteStatusBodyAsync);
        app.UseCors(CorsSetup.PolicyName);
        app.UseAuthentication();
        app.UseAuthorization();
        Accounts.CookieRequestGuard.UseCookieRequestGuard(app);
        app.UseRateLimiter();
        app.UseAntiforgery();
        return app;
    }

    // A response that ends without a body gets the refusal it stands for: OpenAI's error shape under /v1 (its
    // clients read that), ProblemDetails everywhere else.
    private static async Task WriteStatusBodyAsync(Microsoft.AspNetCore.Diagnostics.StatusCodeContext status)
    {
        var context = status.HttpContext;
        if (RefusalAnswers.ForStatus(context.Response.StatusCode) is { } refused)
        {
            await refused.ToHttp(context.Request).ExecuteAsync(context);
            return;
        }
        // A status no row foresees (the framework's own) still says what it was.
        await context.RequestServices.GetRequiredService<IProblemDetailsService>().TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = { Status = context.Response.StatusCode, Extensions = { ["reason"] = $"http.{context.Response.StatusCode}" } },
        });
    }
}
