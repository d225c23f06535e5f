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
    string Id, string Bundle, string Language, string Precision, string State, long TotalBytes, InstallProgress? Progress, string? Error,
    string Attribution, string UseRestrictions);

/// <summary>An install of one bundle: by name (<c>italian_24l</c>), else the lightest of a language (<c>fr</c>), else English.</summary>
public sealed record InstallRequest(bool AcceptLicense, string? Source, string? Language = null, string? Bundle = null);

/// <summary>The one install that may run at a time, in the background, with its progress for the Admin page and API.</summary>
public sealed partial class ModelInstallations(ModelInstaller installer, AppLocations locations, IOptions<EnginesOptions> options, IHostApplicationLifetime lifetime, ILogger<ModelInstallations> logger)
{
    private readonly Lock gate = new();
    private readonly Dictionary<string, string> errors = [];
    private Task? running;
    private ModelBundle? installing;
    private InstallProgress? progress;

    private string Precision => options.Value.Neural.Precision;

    /// <summary>Every bundle on offer, English first.</summary>
    public IReadOnlyList<ModelStatus> Statuses() => [.. PocketTtsBundles.All(Precision).Select(Status)];

    public ModelStatus Status(ModelBundle bundle)
    {
        lock (gate)
        {
            var busy = running is { IsCompleted: false } && installing?.Folder == bundle.Folder;
            var state = busy ? ModelStates.Installing
                : ModelInstaller.IsInstalled(locations.ModelsDirectory, bundle) ? ModelStates.Installed
                : errors.ContainsKey(bundle.Folder) ? ModelStates.Failed
                : ModelStates.NotInstalled;
            var precision = bundle.Files.Any(f => f.Name.EndsWith("_int8.onnx", StringComparison.Ordinal)) ? "int8" : "fp32";
            return new ModelStatus(PocketTtsBundles.Id, bundle.Folder, bundle.Language, precision, state, bundle.TotalBytes,
                installing?.Folder == bundle.Folder ? progress : null, errors.GetValueOrDefault(bundle.Folder),
                PocketTtsBundles.Attribution, PocketTtsBundles.UseRestrictions);
        }
    }

    /// <summary>The bundle a request asks for, or why there is none.</summary>
    public (ModelBundle? Bundle, string? Problem) Resolve(InstallRequest request)
    {
        var all = PocketTtsBundles.All(Precision);
        var offered = string.Join("; ", all.GroupBy(b => b.Language).Select(g => $"{g.Key}: {string.Join(", ", g.Select(b => b.Folder))}"));
        if (!string.IsNullOrWhiteSpace(request.Bundle))
        {
            return PocketTtsBundles.Named(request.Bundle.Trim(), Precision) is { } named
                ? (named, null)
                : (null, $"There is no Pocket TTS bundle '{Quote.Shown(request.Bundle)}' on offer. Offered: {offered}.");
        }

        var language = string.IsNullOrWhiteSpace(request.Language) ? "en" : request.Language.Trim().ToLowerInvariant();
        return all.FirstOrDefault(b => b.Language == language) is { } bundle
            ? (bundle, null)
            : (null, $"No Pocket TTS model for '{Quote.Shown(request.Language)}' is offered: only bundles whose every file is pinned by size and SHA-256 are. Offered: {offered}.");
    }

    /// <summary>Starts an install unless one is running; the licence must have been accepted. Null when started, else why not.</summary>
    public string? Start(InstallRequest request)
    {
        if (!request.AcceptLicense)
        {
            return $"Accept the licence first: the weights are CC BY 4.0 ({PocketTtsBundles.Attribution}) and {PocketTtsBundles.UseRestrictions}";
        }
        var (bundle, problem) = Resolve(request);
        if (bundle is null)
        {
            return problem;
        }
        var source = ModelSource.Parse(string.IsNullOrWhiteSpace(request.Source) ? DefaultSource(bundle) : request.Source.Trim());
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
            errors.Remove(bundle.Folder);
            installing = bundle;
            progress = null;
            running = RunAsync(bundle, source);
        }
        return null;
    }

    /// <summary>Waits for the running install, if any (for the command line and tests).</summary>
    public Task WaitAsync() => running ?? Task.CompletedTask;

    // The configured base URL is the English bundle's folder; the others are its siblings at the same place.
    private string DefaultSource(ModelBundle bundle) =>
        bundle.Folder == PocketTtsBundles.Quantized.Folder
            ? options.Value.Neural.BaseUrl
            : new Uri(new Uri(options.Value.Neural.BaseUrl), $"../{bundle.Folder}/").ToString();

    private async Task RunAsync(ModelBundle bundle, ModelSource source)
    {
        await Task.Yield();
        try
        {
            await installer.InstallAsync(bundle, source, locations.ModelsDirectory, new Progress<InstallProgress>(p => progress = p), lifetime.ApplicationStopping);
        }
        catch (Exception exception) when (exception is ModelInstallException or HttpRequestException or IOException or OperationCanceledException or UnauthorizedAccessException)
        {
            lock (gate)
            {
                errors[bundle.Folder] = exception.Message;
            }
            LogFailed(logger, bundle.Folder, exception.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Model install of {Bundle} failed: {Reason}")]
    private static partial void LogFailed(ILogger logger, string bundle, string reason);
}
