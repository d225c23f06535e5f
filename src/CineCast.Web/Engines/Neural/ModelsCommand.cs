namespace CineCast.Web.Engines.Neural;

/// <summary>
/// <c>CineCast.Web models install pocket-tts --accept-license [--language fr | --bundle italian_24l] [--from URL|FOLDER]</c>:
/// the same install as the Admin page, from a shell, with progress on the console.
/// </summary>
public static class ModelsCommand
{
    public static bool Matches(string[] args) => args is ["models", ..];

    public static async Task<int> RunAsync(IServiceProvider services, string[] args)
    {
        if (args is not ["models", "install", PocketTtsBundles.Id, .. var rest])
        {
            await Console.Error.WriteLineAsync($"Usage: CineCast.Web models install {PocketTtsBundles.Id} --accept-license [--language <en|it|fr> | --bundle <name>] [--from <url or folder>]");
            return 2;
        }
        string? Value(string name) => rest.SkipWhile(a => a != name).Skip(1).FirstOrDefault();
        var request = new InstallRequest(rest.Contains("--accept-license"), Value("--from"), Value("--language"), Value("--bundle"));
        var installations = services.GetRequiredService<ModelInstallations>();
        if (installations.Start(request) is { } problem)
        {
            await Console.Error.WriteLineAsync(problem);
            return 1;
        }
        var bundle = installations.Resolve(request).Bundle!;
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
        var install = installations.WaitAsync();
        while (!install.IsCompleted)
        {
            if (installations.Status(bundle).Progress is { } progress)
            {
                Console.WriteLine($"{progress.File}: {progress.Percent:0.0} % of {progress.BytesTotal / 1e6:0.0} MB, {progress.BytesPerSecond / 1e6:0.00} MB/s" +
                    (progress.Remaining is { } left ? $", {left:hh\\:mm\\:ss} left" : ""));
            }
            await Task.WhenAny(install, timer.WaitForNextTickAsync().AsTask());
        }
        var status = installations.Status(bundle);
        Console.WriteLine(status.State == ModelStates.Installed ? $"{PocketTtsBundles.Id} {bundle.Folder} is installed. {PocketTtsBundles.Attribution}" : $"Install failed: {status.Error}");
        return status.State == ModelStates.Installed ? 0 : 1;
    }
}
