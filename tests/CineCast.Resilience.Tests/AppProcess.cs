using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;

namespace CineCast.Resilience.Tests;

/// <summary>
/// One instance of the published app as its own process, started from <c>/</c> with only the documented settings
/// (and any extra ones a test gives), on a free loopback port. It can be killed outright, as a crash would.
/// </summary>
public sealed class AppProcess : IAsyncDisposable
{
    public const string Password = "Passw0rd!";

    private readonly Process process;
    private readonly StringBuilder output = new();

    private AppProcess(Process process, Uri address)
    {
        this.process = process;
        Address = address;
    }

    public Uri Address { get; }

    public int ProcessId => process.Id;

    /// <summary>Everything the app has logged so far.</summary>
    public string Output
    {
        get
        {
            lock (output)
            {
                return output.ToString();
            }
        }
    }

    /// <summary>Starts <paramref name="entryAssembly"/> (a published or built <c>CineCast.Web.dll</c>) and waits until <c>/health</c> answers.</summary>
    public static async Task<AppProcess> StartAsync(string entryAssembly, string dataDirectory, IReadOnlyDictionary<string, string>? settings = null)
    {
        var address = new Uri($"http://127.0.0.1:{FreePort()}");
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = "/",
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(entryAssembly);
        start.Environment["ASPNETCORE_URLS"] = address.ToString();
        start.Environment["CineCast__DataDirectory"] = dataDirectory;
        start.Environment["CineCast__ModelsDirectory"] = Path.Combine(dataDirectory, "models");
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        var instance = new AppProcess(Process.Start(start)!, address);
        instance.process.OutputDataReceived += (_, line) => instance.Append(line.Data);
        instance.process.ErrorDataReceived += (_, line) => instance.Append(line.Data);
        instance.process.BeginOutputReadLine();
        instance.process.BeginErrorReadLine();
        await instance.WaitUntilHealthyAsync();
        return instance;
    }

    public HttpClient Client(TimeSpan? timeout = null) => new() { BaseAddress = Address, Timeout = timeout ?? TimeSpan.FromSeconds(60) };

    public async Task<HttpClient> RegisteredClientAsync(string email)
    {
        using var anonymous = Client();
        var registered = await anonymous.PostAsJsonAsync("/api/auth/register", new { email, password = Password });
        if (!registered.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"register: {(int)registered.StatusCode} {await registered.Content.ReadAsStringAsync()}");
        }
        return await SignedInClientAsync(email);
    }

    public async Task<HttpClient> SignedInClientAsync(string email)
    {
        var client = Client();
        var login = await client.PostAsJsonAsync("/api/auth/login", new { email, password = Password });
        if (!login.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"login: {(int)login.StatusCode} {await login.Content.ReadAsStringAsync()}\n{Output}");
        }
        var token = (await login.Content.ReadFromJsonAsync<TokenResponse>())!.AccessToken;
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>SIGKILL: no shutdown code runs, exactly as when the machine loses power or the process is OOM-killed.</summary>
    public async Task KillAsync()
    {
        process.Kill(entireProcessTree: true);
        await process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            await KillAsync();
        }
        process.Dispose();
    }

    private async Task WaitUntilHealthyAsync()
    {
        using var client = Client(TimeSpan.FromSeconds(5));
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"The app exited with {process.ExitCode} before it was healthy:\n{Output}");
            }
            try
            {
                if ((await client.GetAsync("/health")).StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException)
            {
                // Starting up slowly.
            }
            await Task.Delay(200);
        }
        throw new TimeoutException($"The app did not become healthy in 90 s:\n{Output}");
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (output)
        {
            output.AppendLine(line);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private sealed record TokenResponse(string AccessToken);
}
