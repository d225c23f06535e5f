using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using CineCast.Web.Synthesis;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

// Speech latency and throughput, measured side by side on this machine: the app runs on Kestrel on loopback,
// clients are the real SignalR .NET client, and the baseline is a raw espeak-ng run of the same sentence.
// Every loop is bounded; the only address used is 127.0.0.1.
internal static class SpeechBenchmark
{
    private const int LatencyRounds = 60;
    private const string Sentence = "The quick brown fox jumps over the lazy dog.";
    private const string Marked = "<speak>The quick brown fox <mark name=\"jump\"/>jumps <break time=\"300ms\"/>over the <sub alias=\"sleepy\">lazy</sub> dog.</speak>";



    public static async Task Main(string[] args)
    {
        if (args is ["watermark", ..])
        {
            Environment.ExitCode = await WatermarkBenchmark.RunAsync(args.Length > 1 ? args[1] : Path.Combine(Environment.CurrentDirectory, "artifacts", "benchmarks")) ? 0 : 1;
            return;
        }
        if (args is ["overload", ..])
        {
            var overloadReports = args.Length > 1 ? args[1] : Path.Combine(Environment.CurrentDirectory, "artifacts", "benchmarks");
            Environment.ExitCode = await OverloadBenchmark.RunAsync(overloadReports) ? 0 : 1;
            return;
        }
        var reportDirectory = args.Length > 0 ? args[0] : Path.Combine(Environment.CurrentDirectory, "artifacts", "benchmarks");
        var mediumText = string.Join(" ", Enumerable.Repeat("When the sunlight strikes raindrops in the air, they act as a prism and form a rainbow.", 6));
        var longText = string.Join(" ", Enumerable.Repeat("The rainbow is a division of white light into many beautiful colors. These take the shape of a long round arch, with its path high above.", 14));

        var dataDirectory = Directory.CreateTempSubdirectory("cinecast-bench-").FullName;
        try
        {
            await using var app = new BenchApp(dataDirectory);
            app.UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
            app.StartServer();
            var address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
            var token = await SignUpAsync(address);
            var cloneId = await CloneAsync(address, token);

            await using var hub = await ConnectAsync(address, token);
            foreach (var voice in new[] { "aiden", cloneId })
            {
                await SpeakAsync(hub, Sentence, voice);
            }

            var report = new StringBuilder();
            report.AppendLine(CultureInfo.InvariantCulture, $"# Speech benchmark ({DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores)");
            report.AppendLine();
            report.AppendLine(CultureInfo.InvariantCulture, $"Time to first audio, {LatencyRounds} rounds of \"{Sentence}\" (ms):");
            report.AppendLine();
            report.AppendLine("| path | p50 | p90 | p50 ÷ raw espeak-ng p50 |");
            report.AppendLine("|---|---:|---:|---:|");
            var raw = new List<double>();
            var preset = new List<double>();
            var clone = new List<double>();
            var marked = new List<double>();
            var measuring = new List<double>();
            var unmarked = new List<double>();
            var wordTimes = app.Services.GetRequiredService<CineCast.Engines.Basic.EspeakWordTimes>();
            // The same server without word marks, asked in the same rounds, so the cost of marks is measured side by side.
            var plainDirectory = Directory.CreateTempSubdirectory("cinecast-bench-plain-").FullName;
            var plainApp = new BenchApp(plainDirectory, wordMarks: false);
            plainApp.UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
            plainApp.StartServer();
            var plainAddress = new Uri(plainApp.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
            var plainHub = await ConnectAsync(plainAddress, await SignUpAsync(plainAddress));
            await SpeakAsync(plainHub, Sentence, "aiden");
            for (var round = 0; round < LatencyRounds; round++)
            {
                raw.Add(await RawEspeakFirstAudioAsync(Sentence));
                // Which of the two goes first alternates, so neither always follows the raw espeak-ng run.
                foreach (var (target, into) in round % 2 == 0 ? new[] { (hub, preset), (plainHub, unmarked) } : [(plainHub, unmarked), (hub, preset)])
                {
                    into.Add((await SpeakAsync(target, Sentence, "aiden")).FirstAudioMs);
                }
                clone.Add((await SpeakAsync(hub, Sentence, cloneId)).FirstAudioMs);
                marked.Add((await SpeakAsync(hub, Marked, "aiden")).FirstAudioMs);
                var started = Stopwatch.GetTimestamp();
                wordTimes.Measure("en-us", 175, Sentence);
                measuring.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
            var rawP50 = Percentile(raw, 0.5);
            foreach (var (name, values) in new[]
            {
                ("raw `espeak-ng --stdout`", raw), ("SignalR client, preset voice", preset),
                ("SignalR client, preset voice, word marks off", unmarked), ("SignalR client, cloned voice", clone),
                ("SignalR client, preset voice, SSML with a mark, a pause and a sub", marked),
            })
            {
                report.AppendLine(CultureInfo.InvariantCulture, $"| {name} | {Percentile(values, 0.5):0.0} | {Percentile(values, 0.9):0.0} | {Percentile(values, 0.5) / rawP50:0.00}× |");
            }
            report.AppendLine();
            var cost = (Percentile(preset, 0.5) / Percentile(unmarked, 0.5)) - 1;
            report.AppendLine(CultureInfo.InvariantCulture,
                $"Cost of marks on first audio: espeak-ng's word times for the sentence take {Percentile(measuring, 0.5):0.0} ms (p50), measured after the first chunk's audio has gone out; " +
                $"first audio with marks is {Percentile(preset, 0.5):0.0} ms against {Percentile(unmarked, 0.5):0.0} ms without ({cost:+0.0%;-0.0%}; goal: at most +10 %: {(cost <= 0.10 ? "met" : "NOT met")}).");
            await plainHub.DisposeAsync();
            await plainApp.DisposeAsync();
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(plainDirectory, recursive: true);

            var single = await SpeakAsync(hub, longText, cloneId);
            report.AppendLine();
            report.AppendLine(CultureInfo.InvariantCulture, $"Long text ({longText.Length} characters, cloned voice): {single.AudioSeconds:0.0} s of audio in {single.WallSeconds:0.00} s, real-time factor {single.WallSeconds / single.AudioSeconds:0.000}.");
            report.AppendLine();
            report.AppendLine(CultureInfo.InvariantCulture, $"Concurrent streams ({mediumText.Length} characters each, cloned voice), real-time factor per stream (wall time ÷ audio time; below 1 is faster than real time):");
            report.AppendLine();
            report.AppendLine("| streams | best | median | worst | all faster than real time |");
            report.AppendLine("|---:|---:|---:|---:|---|");
            foreach (var streams in new[] { 10, 20 })
            {
                var connections = await Task.WhenAll(Enumerable.Range(0, streams).Select(_ => ConnectAsync(address, token)));
                var results = await Task.WhenAll(connections.Select(c => SpeakAsync(c, mediumText, cloneId)));
                foreach (var connection in connections)
                {
                    await connection.DisposeAsync();
                }
                var factors = results.Select(r => r.WallSeconds / r.AudioSeconds).ToList();
                report.AppendLine(CultureInfo.InvariantCulture, $"| {streams} | {factors.Min():0.000} | {Percentile(factors, 0.5):0.000} | {factors.Max():0.000} | {(factors.All(f => f < 1) ? "yes" : "no")} |");
            }

            await LiveTextBenchmark.ReportAsync(report, hub, "aiden");

            await NeuralBenchmark.ReportAsync(report, Path.GetFullPath(Path.Combine(Path.GetDirectoryName(Fixtures.Local("x"))!, "..", "..", "assets", "pocket-tts-tiny")));

            Directory.CreateDirectory(reportDirectory);
            var reportPath = Path.Combine(reportDirectory, "speech.md");
            await File.WriteAllTextAsync(reportPath, report.ToString());
            Console.WriteLine(report);
            Console.WriteLine($"Report written to {reportPath}");
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(dataDirectory, recursive: true);
        }
    }

    private static async Task<string> SignUpAsync(Uri address)
    {
        using var http = new HttpClient { BaseAddress = address };
        var credentials = new { email = "bench@cinecast.test", password = "Passw0rd!" };
        (await http.PostAsJsonAsync("/api/auth/register", credentials)).EnsureSuccessStatusCode();
        var login = await http.PostAsJsonAsync("/api/auth/login", credentials);
        login.EnsureSuccessStatusCode();
        return (await login.Content.ReadFromJsonAsync<Token>())!.AccessToken;
    }

    private static async Task<string> CloneAsync(Uri address, string token)
    {
        using var http = new HttpClient { BaseAddress = address };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var form = new MultipartFormDataContent
        {
            { new ByteArrayContent(await File.ReadAllBytesAsync(Fixtures.Shared("en_ls6880_6880-216547-0000.wav"))), "file", "clip.wav" },
            { new StringContent("Benchmark voice"), "name" },
            { new StringContent("true"), "consent" },
        };
        var response = await http.PostAsync("/api/voices", form);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<Clone>())!.Id;
    }

    private static async Task<HubConnection> ConnectAsync(Uri address, string token)
    {
        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(address, SpeechHub.Path), options => options.AccessTokenProvider = () => Task.FromResult<string?>(token))
            .Build();
        await connection.StartAsync();
        return connection;
    }

    private static async Task<Spoken> SpeakAsync(HubConnection hub, string text, string voice)
    {
        var started = Stopwatch.GetTimestamp();
        double? firstAudio = null;
        var samples = 0;
        await foreach (var item in hub.StreamAsync<SpeechItem>("Synthesize", new SynthesisRequest(text, voice)))
        {
            if (item.Kind == SpeechItemKinds.Audio)
            {
                firstAudio ??= Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                samples += item.Pcm!.Length / 2;
            }
        }
        return new Spoken(firstAudio ?? double.NaN, samples / 24000.0, Stopwatch.GetElapsedTime(started).TotalSeconds);
    }

    // The baseline a user would get from espeak-ng alone: process start to the first audio bytes after the header.
    private static async Task<double> RawEspeakFirstAudioAsync(string text)
    {
        var started = Stopwatch.GetTimestamp();
        var start = new ProcessStartInfo("espeak-ng") { RedirectStandardOutput = true, UseShellExecute = false };
        start.ArgumentList.Add("--stdout");
        start.ArgumentList.Add(text);
        using var process = Process.Start(start)!;
        var buffer = new byte[4096];
        var total = 0;
        double firstAudio = double.NaN;
        int read;
        while ((read = await process.StandardOutput.BaseStream.ReadAsync(buffer)) > 0)
        {
            total += read;
            if (double.IsNaN(firstAudio) && total > 44)
            {
                firstAudio = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            }
        }
        await process.WaitForExitAsync();
        return firstAudio;
    }

    internal static double Percentile(List<double> values, double p)
    {
        var sorted = values.Order().ToList();
        return sorted[(int)Math.Round(p * (sorted.Count - 1))];
    }

}

internal sealed record Spoken(double FirstAudioMs, double AudioSeconds, double WallSeconds);

internal sealed record Token(string AccessToken);

internal sealed record Clone(string Id);

internal sealed class BenchApp(string dataDirectory, bool wordMarks = true, bool watermark = true) : WebApplicationFactory<Program>
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Production");
        builder.UseSetting("CineCast:DataDirectory", dataDirectory);
        builder.UseSetting("CineCast:ModelsDirectory", Path.Combine(dataDirectory, "models"));
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        // One benchmark user makes far more requests a minute than a person would; the rate limit is not what is measured.
        builder.UseSetting("CineCast:RateLimits:Synthesis:PermitLimit", "100000");
        builder.UseSetting("CineCast:Engines:Basic:WordMarks", wordMarks ? "true" : "false");
        builder.UseSetting("CineCast:Provenance:Watermark", watermark ? "true" : "false");
    }
}
