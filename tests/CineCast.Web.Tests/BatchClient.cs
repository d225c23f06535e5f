using System.Net;
using System.Net.Http.Json;
using CineCast.Web.Accounts;
using CineCast.Web.Batches;

namespace CineCast.Web.Tests;

/// <summary>Submitting and following batch jobs over HTTP, and looking at what they leave on disk.</summary>
public static class BatchClient
{
    /// <summary>A few sentences: quick to speak, still more than one section of progress.</summary>
    public const string ShortText =
        "Batch jobs turn long texts into audio files. This one is short, so the test stays quick. It still has a few " +
        "sentences, which lets the progress move in steps. The finished file should last about as long as a person " +
        "needs to read it aloud, give or take a little.";

    /// <summary>Text that takes the engine several seconds, for jobs that must still be running when the test acts.</summary>
    public static string LongText(int characters = 20_000)
    {
        const string sentence = "This sentence is here to make the text long enough to take a while. ";
        return string.Concat(Enumerable.Repeat(sentence, characters / sentence.Length + 1))[..characters];
    }

    public static async Task<BatchJobDto> SubmittedAsync(this HttpClient client, object body)
    {
        var response = await client.PostAsJsonAsync("/api/batches", body);
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        var job = (await response.Content.ReadFromJsonAsync<BatchJobDto>())!;
        Assert.Equal($"/api/batches/{job.Id}", response.Headers.Location?.OriginalString);
        return job;
    }

    public static async Task<BatchJobDto> JobAsync(this HttpClient client, string id) =>
        (await client.GetFromJsonAsync<BatchJobDto>($"/api/batches/{id}"))!;

    /// <summary>Polls until <paramref name="condition"/> holds; every percent seen on the way comes back too.</summary>
    public static async Task<(BatchJobDto Job, List<int> Percents)> PollUntilAsync(
        this HttpClient client, string id, Func<BatchJobDto, bool> condition, int timeoutSeconds = 90)
    {
        var percents = new List<int>();
        var deadline = DateTime.UtcNow.AddSeconds(timeoutSeconds);
        while (true)
        {
            var job = await client.JobAsync(id);
            percents.Add(job.Percent);
            if (condition(job))
            {
                return (job, percents);
            }
            Assert.True(DateTime.UtcNow < deadline, $"job {id} is still {job.Status} at {job.Percent} % after {timeoutSeconds} s");
            await Task.Delay(40);
        }
    }

    public static async Task<BatchJobDto> FinishedAsync(this HttpClient client, string id)
    {
        var (job, _) = await client.PollUntilAsync(id, j => !j.IsActive);
        Assert.True(job.Status == BatchStates.Done, $"job {id} ended {job.Status}: {job.Error}");
        return job;
    }

    public static async Task<string> UserIdAsync(this HttpClient client) =>
        (await client.GetFromJsonAsync<CurrentUser>("/api/auth/me"))!.Id;

    /// <summary>Every file of the job in <c>batches/</c> and <c>tmp/</c>: output and partial audio.</summary>
    public static string[] FilesOf(CineCastApp app, string id) =>
        [.. new[] { Path.Combine(app.DataDirectory, "batches"), app.TempDirectory }
            .Where(Directory.Exists)
            .SelectMany(Directory.EnumerateFiles)
            .Where(file => Path.GetFileName(file).Contains(id, StringComparison.Ordinal))];

    public static string OutputFile(CineCastApp app, BatchJobDto job) =>
        Path.Combine(app.DataDirectory, "batches", $"{job.Id}.{Audio.AudioFormats.FileExtension(job.Format)}");
}
