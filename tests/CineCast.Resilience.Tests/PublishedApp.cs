using System.Diagnostics;

namespace CineCast.Resilience.Tests;

/// <summary>
/// The app as <c>dotnet publish</c> makes it, published once per test run from the build the suite already made,
/// so each test can run it as a real process, kill it and start it again.
/// </summary>
public sealed class PublishedApp : IAsyncLifetime
{
    public string Folder { get; } = Directory.CreateTempSubdirectory("cinecast-published-").FullName;

    public string EntryAssembly => Path.Combine(Folder, "CineCast.Web.dll");

    public Task<AppProcess> StartAsync(string dataDirectory, IReadOnlyDictionary<string, string>? settings = null) =>
        AppProcess.StartAsync(EntryAssembly, dataDirectory, settings);

    public async Task InitializeAsync()
    {
        var project = Path.Combine(Fixtures.RepositoryRootPath, "src", "CineCast.Web", "CineCast.Web.csproj");
        var (exitCode, output) = await RunAsync("dotnet", ["publish", project, "--configuration", BuildConfiguration(), "--no-build", "--nologo", "--output", Folder]);
        Assert.True(exitCode == 0, $"dotnet publish failed ({exitCode}):\n{output}");
    }

    public Task DisposeAsync()
    {
        Fixtures.DeleteDirectory(Folder);
        return Task.CompletedTask;
    }

    /// <summary>The configuration these tests were built in (bin/Release/... or bin/Debug/...), which the app was built in too.</summary>
    private static string BuildConfiguration() =>
        AppContext.BaseDirectory.Split(Path.DirectorySeparatorChar).Contains("Debug") ? "Debug" : "Release";

    internal static async Task<(int ExitCode, string Output)> RunAsync(string program, IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output + await errors);
    }
}

[CollectionDefinition(Name)]
public sealed class PublishedAppGroup : ICollectionFixture<PublishedApp>
{
    public const string Name = "published app";
}
