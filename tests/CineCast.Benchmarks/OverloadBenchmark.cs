using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using CineCast.Resilience.Tests;
using CineCast.Web.Synthesis;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;

/// <summary>
/// Overload on loopback: the built app runs as its own process (so its peak memory is its own) and gets, all at
/// once, 50 clone uploads, 20 hub streams and 20 HTTP speech requests from 10 users. It passes when nothing
/// answers 5xx and every stream either completes or is refused as busy (429 over HTTP). Bounded: one wave.
/// </summary>
internal static class OverloadBenchmark
{
    private const int Users = 10;
    private const int Uploads = 50;
    private const int HubStreams = 20;
    private const int HttpSpeech = 20;
    private const string Text = "When the sunlight strikes raindrops in the air, they act as a prism and form a rainbow. The rainbow is a division of white light into many beautiful colors.";

    public static async Task<bool> RunAsync(string reportDirectory)
    {
        var dataDirectory = Directory.CreateTempSubdirectory("cinecast-overload-").FullName;
        try
        {
            var server = Path.Combine(Fixtures.RepositoryRootPath, "src", "CineCast.Web", "bin", "Release", "net10.0", "CineCast.Web.dll");
            await using var app = await AppProcess.StartAsync(server, dataDirectory, new Dictionary<string, string> { ["Logging__LogLevel__Default"] = "Warning" });
            var clients = new List<HttpClient>();
            for (var user = 0; user < Users; user++)
            {
                clients.Add(await app.RegisteredClientAsync($"load-{user}@cinecast.test"));
            }
            var clip = await File.ReadAllBytesAsync(Fixtures.Shared("en_ls1363_1363-135842-0000.wav"));
            var statuses = new ConcurrentBag<(string Kind, int Status)>();
            var streams = new ConcurrentBag<string>();
            var started = Stopwatch.GetTimestamp();

            var uploads = Enumerable.Range(0, Uploads).Select(i => Task.Run(async () =>
            {
                var response = await clients[i % Users].PostAsync("/api/voices", CloneForms.Of(clip, $"Load voice {i}"));
                statuses.Add(("upload", (int)response.StatusCode));
            }));
            var speech = Enumerable.Range(0, HttpSpeech).Select(i => Task.Run(async () =>
            {
                var response = await clients[i % Users].PostAsJsonAsync("/v1/audio/speech", new { model = "tts-1", input = Text, voice = "aiden", response_format = "wav" });
                await response.Content.ReadAsByteArrayAsync();
                statuses.Add(("speech", (int)response.StatusCode));
            }));
            var hubs = Enumerable.Range(0, HubStreams).Select(i => Task.Run(async () =>
                streams.Add(await StreamAsync(app.Address, clients[i % Users].DefaultRequestHeaders.Authorization!.Parameter!))));
            await Task.WhenAll([.. uploads, .. speech, .. hubs]);
            var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
            var peakRssMb = PeakRssMegabytes(app.ProcessId);
            var healthy = (await app.Client().GetAsync("/health")).StatusCode == HttpStatusCode.OK;

            var serverErrors = statuses.Count(s => s.Status >= 500);
            var unfinishedStreams = streams.Count(s => s is not ("complete" or "busy"));
            var passed = serverErrors == 0 && unfinishedStreams == 0 && healthy;
            var report = new StringBuilder();
            report.AppendLine(CultureInfo.InvariantCulture, $"# Overload ({DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores, loopback)");
            report.AppendLine();
            report.AppendLine(CultureInfo.InvariantCulture, $"One wave from {Users} users: {Uploads} clone uploads, {HubStreams} hub streams and {HttpSpeech} HTTP speech requests at once; {seconds:0.0} s in all.");
            report.AppendLine();
            report.AppendLine("| requests | answers |");
            report.AppendLine("|---|---|");
            foreach (var kind in new[] { "upload", "speech" })
            {
                report.AppendLine(CultureInfo.InvariantCulture, $"| {kind} | {Summary(statuses.Where(s => s.Kind == kind).Select(s => s.Status.ToString(CultureInfo.InvariantCulture)))} |");
            }
            report.AppendLine(CultureInfo.InvariantCulture, $"| hub stream | {Summary(streams)} |");
            report.AppendLine();
            report.AppendLine(CultureInfo.InvariantCulture, $"Server peak resident memory (VmHWM): {peakRssMb:0} MB. Health after the wave: {(healthy ? "ok" : "FAILED")}.");
            report.AppendLine(CultureInfo.InvariantCulture, $"Verdict: {(passed ? "pass" : "FAIL")} (5xx answers: {serverErrors}; streams neither complete nor refused as busy: {unfinishedStreams}).");

            Directory.CreateDirectory(reportDirectory);
            var reportPath = Path.Combine(reportDirectory, "overload.md");
            await File.WriteAllTextAsync(reportPath, report.ToString());
            Console.WriteLine(report);
            Console.WriteLine($"Report written to {reportPath}");
            foreach (var client in clients)
            {
                client.Dispose();
            }
            return passed;
        }
        finally
        {
            Directory.Delete(dataDirectory, recursive: true);
        }
    }

    private static async Task<string> StreamAsync(Uri address, string token)
    {
        await using var hub = new HubConnectionBuilder()
            .WithUrl(new Uri(address, SpeechHub.Path), options => options.AccessTokenProvider = () => Task.FromResult<string?>(token))
            .Build();
        await hub.StartAsync();
        try
        {
            var ended = false;
            await foreach (var item in hub.StreamAsync<SpeechItem>("Synthesize", new SynthesisRequest(Text, "aiden")))
            {
                ended |= item.Kind == SpeechItemKinds.End;
            }
            return ended ? "complete" : "cut short";
        }
        catch (HubException refused) when (refused.Message.Contains("busy", StringComparison.Ordinal))
        {
            return "busy";
        }
        catch (HubException failed)
        {
            return "error: " + failed.Message;
        }
    }

    private static string Summary(IEnumerable<string> outcomes) =>
        string.Join(", ", outcomes.GroupBy(o => o).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Count()} × {g.Key}"));

    // Linux keeps the high-water mark of a process's resident set in /proc; read it before the process stops.
    private static double PeakRssMegabytes(int processId)
    {
        var line = File.ReadLines($"/proc/{processId}/status").First(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
        return double.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024;
    }
}
