using CineCast.Web.Hosting;
using Microsoft.Extensions.Options;

namespace CineCast.Web.Engines.Neural;

public static class ModelStates
{
    public const string NotInstalled = "not-installed";
    public const string Installing = "installing";
    public const string Installed = "installed";
    public const string Failed = "failed";
}

public sealed record ModelStatus(
    string Id, string Precision, string State, long TotalBytes, InstallProgress? Progress, string? Error, string Attribution, string UseRestrictions);

public sealed record InstallRequest(bool AcceptLicense, string? Source);

/// <summary>The one install that may run at a time, in the background, with its progress for the Admin page and API.</summary>
public sealed partial class ModelInstallations(ModelInstaller installer, AppLocations locations, IOptions<EnginesOptions> options, IHostApplicationLifetime lifetime, ILogger<ModelInstallations> logger)
{
    private readonly Lock gate = new();
    private Task? running;
    private InstallProgress? progress;
    private string? error;

    private ModelBundle Bundle => PocketTtsBundles.For(options.Value.Neural.Precision);

    public ModelStatus Status()
    {
        lock (gate)
        {
            var state = running is { IsCompleted: false } ? ModelStates.Installing
                : ModelInstaller.IsInstalled(locations.ModelsDirectory, Bundle) ? ModelStates.Installed
                : error is not null ? ModelStates.Failed
                : ModelStates.NotInstalled;
            return new ModelStatus(PocketTtsBundles.Id, options.Value.Neural.Precision, state, Bundle.TotalBytes, progress, error,
                PocketTtsBundles.Attribution, PocketTtsBundles.UseRestrictions);
        }
    }

    /// <summary>Starts an install unless one is running; the licence must have been accepted. Null when started, else why not.</summary>
    public string? Start(InstallRequest request)
    {
        if (!request.AcceptLicense)
        {
            return $"Accept the licence first: the weights are CC BY 4.0 ({PocketTtsBundles.Attribution}) and {PocketTtsBundles.UseRestrictions}";
        }
        var source = ModelSource.Parse(string.IsNullOrWhiteSpace(request.Source) ? options.Value.Neural.BaseUrl : request.Source.Trim());
        if (source is ModelSource.Folder folder && !Directory.Exists(folder.Path))
        {
            return $"There is no folder '{folder.Path}' on the server.";
        }
        lock (gate)
        {
            if (running is { IsCompleted: false })
            {
                return "An install is already running.";
            }
            error = null;
            progress = null;
            running = RunAsync(source);
        }
        return null;
    }

    /// <summary>Waits for the running install, if any (for the command line and tests).</summary>
    public Task WaitAsync() => running ?? Task.CompletedTask;

    private async Task RunAsync(ModelSource source)
    {
        await Task.Yield();
        try
        {
            await installer.InstallAsync(Bundle, source, locations.ModelsDirectory, new Progress<InstallProgress>(p => progress = p), lifetime.ApplicationStopping);
        }
        catch (Exception exception) when (exception is ModelInstallException or HttpRequestException or IOException or OperationCanceledException or UnauthorizedAccessException)
        {
            error = exception.Message;
            LogFailed(logger, exception.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Model install failed: {Reason}")]
    private static partial void LogFailed(ILogger logger, string reason);
}
