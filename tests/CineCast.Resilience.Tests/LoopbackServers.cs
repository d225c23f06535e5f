using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace CineCast.Resilience.Tests;

/// <summary>
/// Debian's PostgreSQL and Redis started for one test class on loopback ports of their own, in temp folders, and
/// stopped after it. PostgreSQL refuses to run as root, so as root it runs as the package's <c>postgres</c> user.
/// </summary>
public sealed class LoopbackServers : IAsyncLifetime
{
    private readonly string folder = Directory.CreateTempSubdirectory("cinecast-servers-").FullName;
    private Process? postgres;
    private Process? redis;

    public int PostgresPort { get; } = FreePort();
    public int RedisPort { get; } = FreePort();

    /// <summary>A connection to <paramref name="database"/>, which the app creates at its first start.</summary>
    public string PostgresConnectionString(string database) => $"Host=127.0.0.1;Port={PostgresPort};Database={database};Username=cinecast";
    public string RedisConnectionString => $"127.0.0.1:{RedisPort}";

    public async Task InitializeAsync()
    {
        var bin = Directory.GetDirectories("/usr/lib/postgresql").Select(version => Path.Combine(version, "bin")).Order().LastOrDefault()
            ?? throw new InvalidOperationException("PostgreSQL is not installed: apt-get install postgresql (scripts/test does).");
        var cluster = Path.Combine(folder, "postgres");
        Directory.CreateDirectory(cluster);
        if (Environment.IsPrivilegedProcess)
        {
            await RunAsync("chown", "-R", "postgres:postgres", folder);
        }
        await RunAsync(AsPostgres([Path.Combine(bin, "initdb"), "--pgdata", cluster, "--auth", "trust", "--username", "cinecast", "--no-sync"]));
        postgres = Start(AsPostgres([Path.Combine(bin, "postgres"), "-D", cluster, "-p", $"{PostgresPort}", "-k", cluster,
            "-c", "listen_addresses=127.0.0.1", "-c", "fsync=off"]));
        redis = Start(["redis-server", "--port", $"{RedisPort}", "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", folder]);
        await WaitForPortAsync(PostgresPort, postgres);
        await WaitForPortAsync(RedisPort, redis);
    }

    public async Task DisposeAsync()
    {
        foreach (var server in new[] { postgres, redis })
        {
            if (server is { HasExited: false })
            {
                server.Kill(entireProcessTree: true);
                await server.WaitForExitAsync();
            }
            server?.Dispose();
        }
        Fixtures.DeleteDirectory(folder);
    }

    /// <summary>The Redis channels someone is subscribed to: where SignalR's backplane listens.</summary>
    public async Task<string> RedisChannelsAsync() => (await PublishedApp.RunAsync("redis-cli", ["-p", $"{RedisPort}", "PUBSUB", "CHANNELS"])).Output;

    private static string[] AsPostgres(string[] command) =>
        Environment.IsPrivilegedProcess ? ["runuser", "-u", "postgres", "--", .. command] : command;

    private static Process Start(string[] command)
    {
        var start = new ProcessStartInfo(command[0]) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in command.Skip(1))
        {
            start.ArgumentList.Add(argument);
        }
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static async Task RunAsync(params string[] command)
    {
        var (exitCode, output) = await PublishedApp.RunAsync(command[0], command.Skip(1));
        Assert.True(exitCode == 0, $"{string.Join(' ', command)} failed ({exitCode}):\n{output}");
    }

    private static async Task WaitForPortAsync(int port, Process server)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            Assert.False(server.HasExited, $"{server.StartInfo.FileName} exited with {(server.HasExited ? server.ExitCode : 0)}");
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port);
                return;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(100);
            }
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
