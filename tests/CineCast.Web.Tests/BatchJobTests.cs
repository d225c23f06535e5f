using System.Net;
using System.Net.Http.Json;
using CineCast.Audio;
using CineCast.Web.Batches;
using CineCast.Web.Data;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace CineCast.Web.Tests;

/// <summary>Batch jobs over real HTTP: life cycle, refusals, ownership, cancelling, restarts and retention.</summary>
[Collection(EspeakSerial.Name)]
public sealed class BatchJobTests(AppFixture fixture) : IClassFixture<AppFixture>, IDisposable
{
    private readonly string dataDirectory = Directory.CreateTempSubdirectory("cinecast-batches-").FullName;

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Fixtures.DeleteDirectory(dataDirectory);
    }

    [Fact]
    public async Task A_job_goes_from_queued_to_done_with_rising_progress_and_a_wav_as_long_as_its_speech()
    {
        var user = await fixture.NewUserAsync();

        var submitted = await user.SubmittedAsync(new { text = BatchClient.ShortText, voice = "aiden", format = "wav" });
        var (done, percents) = await user.PollUntilAsync(submitted.Id, j => !j.IsActive);

        Assert.Equal((BatchStates.Queued, 0, "wav", "aiden", "aiden", "basic", BatchClient.ShortText.Length),
            (submitted.Status, submitted.Percent, submitted.Format, submitted.VoiceId, submitted.VoiceName, submitted.Engine, submitted.Characters));
        Assert.True(done.Status == BatchStates.Done, $"{done.Status}: {done.Error}");
        Assert.Equal(percents.Order(), percents);
        Assert.All(percents.SkipLast(1), p => Assert.InRange(p, 0, 99));
        Assert.Equal(100, done.Percent);
        Assert.Null(done.Error);

        var audio = await user.GetAsync($"/api/batches/{done.Id}/audio");
        var bytes = await audio.Content.ReadAsByteArrayAsync();
        var decoded = Fixtures.Decode(bytes);
        Assert.Equal(HttpStatusCode.OK, audio.StatusCode);
        Assert.Equal("audio/wav", audio.Content.Headers.ContentType?.MediaType);
        Assert.Equal($"batch-{done.Id}.wav", audio.Content.Headers.ContentDisposition?.FileName);
        Assert.Equal(done.Bytes, bytes.Length);
        Assert.Equal(24000, decoded.SampleRate);
        Assert.Equal(done.DurationSeconds!.Value, decoded.DurationSeconds, 0.05);
        // Read aloud, English runs at roughly 10-20 characters a second.
        Assert.InRange(decoded.DurationSeconds, BatchClient.ShortText.Length / 25.0, BatchClient.ShortText.Length / 8.0);
        Assert.Equal(done.Id, (await user.GetFromJsonAsync<List<BatchJobDto>>("/api/batches"))![0].Id);
        Assert.True(File.Exists(BatchClient.OutputFile(fixture.App, done)));

        var deleted = await user.DeleteAsync($"/api/batches/{done.Id}");
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        await CloneServiceTests.AssertProblemAsync(await user.GetAsync($"/api/batches/{done.Id}"), HttpStatusCode.NotFound, "not-found");
        Assert.Empty(BatchClient.FilesOf(fixture.App, done.Id));
    }

    [Fact]
    public async Task A_finished_job_has_SRT_and_WebVTT_captions_of_its_sentences_within_the_cue_limits()
    {
        const string text = "Captions start here. [pause:500ms] This second sentence is long on purpose, so that it cannot fit in a single caption cue of eighty-four characters and must be cut between its words. The end.";
        var user = await fixture.NewUserAsync();

        var submitted = await user.SubmittedAsync(new { text, voice = "aiden", format = "wav" });
        var (done, _) = await user.PollUntilAsync(submitted.Id, j => !j.IsActive);
        var vtt = await user.GetAsync($"/api/batches/{done.Id}/captions.vtt");
        var srt = await user.GetAsync($"/api/batches/{done.Id}/captions.srt");

        Assert.Equal((HttpStatusCode.OK, "text/vtt"), (vtt.StatusCode, vtt.Content.Headers.ContentType?.MediaType));
        Assert.Equal((HttpStatusCode.OK, "application/x-subrip"), (srt.StatusCode, srt.Content.Headers.ContentType?.MediaType));
        Assert.Equal($"batch-{done.Id}.srt", srt.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
        var cues = Captions.FromWebVtt(await vtt.Content.ReadAsStringAsync());
        Assert.Equal(["Captions start here", "The end"], new[] { cues[0].Text, cues[^1].Text });
        Assert.True(cues.Count >= 4, $"{cues.Count} cues");
        Assert.All(cues, cue =>
        {
            Assert.InRange(cue.Text.Replace("\n", " ", StringComparison.Ordinal).Length, 1, 84);
            Assert.All(cue.Text.Split('\n'), line => Assert.InRange(line.Length, 1, 50));
            Assert.InRange(cue.End - cue.Start, 0.1, 7);
        });
        Assert.Equal(cues.Select(c => c.Start).Order(), cues.Select(c => c.Start));
        Assert.All(cues.Zip(cues.Skip(1)), pair => Assert.True(pair.First.End <= pair.Second.Start + 0.001));
        Assert.InRange(cues[^1].End, cues[^1].Start, done.DurationSeconds!.Value + 0.001);
        Assert.Equal(string.Join(' ', text.Replace("[pause:500ms] ", "", StringComparison.Ordinal).Split(' ').Select(w => w.TrimEnd('.', ','))),
            string.Join(' ', cues.SelectMany(c => c.Text.Split(' ', '\n')).Select(w => w.TrimEnd('.', ','))));
        // The pause lies between the first two cues.
        Assert.InRange(cues[1].Start - cues[0].End, 0.45, 1.5);
        var srtText = await srt.Content.ReadAsStringAsync();
        Assert.StartsWith("1\n00:00:00,", srtText, StringComparison.Ordinal);
        Assert.Contains($"\n{cues.Count}\n", srtText, StringComparison.Ordinal);

        File.Delete(Path.ChangeExtension(BatchClient.OutputFile(fixture.App, done), ".vtt"));
        await CloneServiceTests.AssertProblemAsync(await user.GetAsync($"/api/batches/{done.Id}/captions.srt"), HttpStatusCode.NotFound, "batch.captions-missing");
        await user.DeleteAsync($"/api/batches/{done.Id}");
        Assert.Empty(BatchClient.FilesOf(fixture.App, done.Id));
    }

    [Fact]
    public async Task Without_a_format_the_job_is_an_mp3_that_decodes_to_its_reported_length()
    {
        var user = await fixture.NewUserAsync();

        var submitted = await user.SubmittedAsync(new { text = BatchClient.ShortText, voice = "ava" });
        var done = await user.FinishedAsync(submitted.Id);
        var audio = await user.GetAsync($"/api/batches/{done.Id}/audio");
        var decoded = AudioDecoder.Decode(await audio.Content.ReadAsStreamAsync(), new DecodeLimits(120));

        Assert.Equal("mp3", done.Format);
        Assert.Equal("audio/mpeg", audio.Content.Headers.ContentType?.MediaType);
        Assert.Equal($"batch-{done.Id}.mp3", audio.Content.Headers.ContentDisposition?.FileName);
        Assert.Equal(done.DurationSeconds!.Value, decoded.DurationSeconds, 0.15);
    }

    public static TheoryData<string, object, HttpStatusCode, string, string> Refusals => new()
    {
        { "empty text", new { text = "  ", voice = "aiden" }, HttpStatusCode.BadRequest, "text.empty", "Type some text" },
        { "text over 200,000 characters", new { text = new string('a', 200_001), voice = "aiden" }, HttpStatusCode.BadRequest, "text.too-long", "limit is 200,000" },
        { "an unknown voice", new { text = "Hello.", voice = "nobody" }, HttpStatusCode.NotFound, "voice.unknown", "no voice 'nobody'" },
        { "an unsupported format", new { text = "Hello.", voice = "aiden", format = "wma" }, HttpStatusCode.BadRequest, "format.unsupported", "mp3, opus, aac, flac, wav, pcm" },
        { "an unknown engine", new { text = "Hello.", voice = "aiden", engine = "turbo" }, HttpStatusCode.NotFound, "engine.unknown", "no engine called 'turbo'" },
        { "a speed out of range", new { text = "Hello.", voice = "aiden", speed = 3.0 }, HttpStatusCode.BadRequest, "speed.out-of-range", "between 0.5 and 2" },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task A_bad_submission_is_refused_with_a_reason_and_creates_no_job(string what, object body, HttpStatusCode status, string reason, string detail)
    {
        var user = await fixture.NewUserAsync();

        var response = await user.PostAsJsonAsync("/api/batches", body);

        var problem = await CloneServiceTests.ProblemAsync(response);
        await CloneServiceTests.AssertProblemAsync(response, status, reason);
        Assert.True(problem.Detail!.Contains(detail, StringComparison.Ordinal), $"{what}: {problem.Detail}");
        Assert.Empty((await user.GetFromJsonAsync<List<BatchJobDto>>("/api/batches"))!);
    }

    [Fact]
    public async Task Another_users_job_is_not_found_anywhere()
    {
        var owner = await fixture.NewUserAsync();
        var stranger = await fixture.NewUserAsync();
        var job = await owner.FinishedAsync((await owner.SubmittedAsync(new { text = "Mine alone.", voice = "aiden", format = "wav" })).Id);

        foreach (var response in new[]
        {
            await stranger.GetAsync($"/api/batches/{job.Id}"),
            await stranger.GetAsync($"/api/batches/{job.Id}/audio"),
            await stranger.DeleteAsync($"/api/batches/{job.Id}"),
        })
        {
            await CloneServiceTests.AssertProblemAsync(response, HttpStatusCode.NotFound, "not-found");
        }
        Assert.Empty((await stranger.GetFromJsonAsync<List<BatchJobDto>>("/api/batches"))!);
        Assert.Equal(BatchStates.Done, (await owner.JobAsync(job.Id)).Status);
        Assert.True(File.Exists(BatchClient.OutputFile(fixture.App, job)));
    }

    [Fact]
    public async Task Cancelling_a_running_job_stops_the_engine_and_leaves_no_file()
    {
        var user = await fixture.NewUserAsync();
        var submitted = await user.SubmittedAsync(new { text = BatchClient.LongText(), voice = "aiden", format = "mp3" });
        await user.PollUntilAsync(submitted.Id, j => j.Status == BatchStates.Running);

        var early = await user.GetAsync($"/api/batches/{submitted.Id}/audio");
        var cancel = await user.DeleteAsync($"/api/batches/{submitted.Id}");
        var cancelled = await user.JobAsync(submitted.Id);

        await CloneServiceTests.AssertProblemAsync(early, HttpStatusCode.Conflict, "batch.not-done");
        Assert.Equal(HttpStatusCode.NoContent, cancel.StatusCode);
        Assert.Equal(BatchStates.Cancelled, cancelled.Status);
        Assert.InRange(cancelled.Percent, 0, 99);
        Assert.Empty(BatchClient.FilesOf(fixture.App, submitted.Id));
        await EspeakProcesses.AssertOnlyIdleOnesRemainAsync(fixture.App);
        await CloneServiceTests.AssertProblemAsync(await user.GetAsync($"/api/batches/{submitted.Id}/audio"), HttpStatusCode.Conflict, "batch.not-done");

        Assert.Equal(HttpStatusCode.NoContent, (await user.DeleteAsync($"/api/batches/{submitted.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await user.GetAsync($"/api/batches/{submitted.Id}")).StatusCode);
    }

    [Fact]
    public async Task A_text_longer_than_live_speech_allows_is_accepted_and_a_queued_job_can_be_cancelled()
    {
        var user = await fixture.NewUserAsync();
        var running = await user.SubmittedAsync(new { text = BatchClient.LongText(), voice = "aiden", format = "wav" });
        var waiting = await user.SubmittedAsync(new { text = BatchClient.LongText(6000), voice = "aiden", format = "wav" });

        Assert.Equal(HttpStatusCode.NoContent, (await user.DeleteAsync($"/api/batches/{waiting.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await user.DeleteAsync($"/api/batches/{running.Id}")).StatusCode);

        var jobs = (await user.GetFromJsonAsync<List<BatchJobDto>>("/api/batches"))!;
        Assert.Equal(new[] { (waiting.Id, BatchStates.Cancelled), (running.Id, BatchStates.Cancelled) }, jobs.Select(j => (j.Id, j.Status)));
        Assert.Equal(6000, waiting.Characters);
        Assert.Empty(BatchClient.FilesOf(fixture.App, waiting.Id));
        Assert.Empty(BatchClient.FilesOf(fixture.App, running.Id));
    }

    [Fact]
    public async Task Each_change_of_a_job_is_pushed_to_its_owner_as_it_happens_and_to_no_one_else()
    {
        var owner = await fixture.NewUserAsync();
        var other = await fixture.NewUserAsync();
        await using var ownerHub = await SpeechClient.ConnectAsync(fixture.App, owner, path: BatchesHub.Path);
        await using var otherHub = await SpeechClient.ConnectAsync(fixture.App, other, path: BatchesHub.Path);
        var pushed = new List<BatchJobDto>();
        var done = new TaskCompletionSource();
        var removed = new TaskCompletionSource<string>();
        var seenByOther = 0;
        ownerHub.On<BatchJobDto>(BatchesHub.JobChanged, job =>
        {
            lock (pushed)
            {
                pushed.Add(job);
            }
            if (job.Status == BatchStates.Done)
            {
                done.TrySetResult();
            }
        });
        ownerHub.On<string>(BatchesHub.JobRemoved, id => removed.TrySetResult(id));
        otherHub.On<BatchJobDto>(BatchesHub.JobChanged, _ => Interlocked.Increment(ref seenByOther));

        var job = await owner.SubmittedAsync(new { text = BatchClient.LongText(3000), voice = "aiden", format = "wav" });
        await done.Task.WaitAsync(TimeSpan.FromSeconds(90));
        await owner.DeleteAsync($"/api/batches/{job.Id}");

        Assert.Equal(job.Id, await removed.Task.WaitAsync(TimeSpan.FromSeconds(10)));
        List<BatchJobDto> mine;
        lock (pushed)
        {
            mine = [.. pushed.Where(j => j.Id == job.Id)];
        }
        Assert.Contains(mine[0].Status, new[] { BatchStates.Queued, BatchStates.Running });
        Assert.Contains(mine, j => j.Status == BatchStates.Running && j.Percent is > 0 and < 100);
        Assert.Equal(mine.Select(j => j.Percent).Order(), mine.Select(j => j.Percent));
        Assert.Equal((BatchStates.Done, 100), (mine[^1].Status, mine[^1].Percent));
        Assert.Equal(0, seenByOther);
    }

    [Fact]
    public async Task A_job_whose_voice_is_deleted_before_it_runs_fails_with_the_refusal_and_its_code_never_another_voice()
    {
        var user = await fixture.NewUserAsync();
        var cloneId = await SpeechClient.CloneIdAsync(user, SpeechFiles.Clip24k, "Soon gone");
        var blocker = await user.SubmittedAsync(new { text = BatchClient.LongText(), voice = "aiden", format = "wav" });
        await user.PollUntilAsync(blocker.Id, job => job.Status != BatchStates.Queued);
        var waiting = await user.SubmittedAsync(new { text = "Never spoken by anyone else.", voice = cloneId, format = "wav" });

        await user.DeleteAsync($"/api/voices/{cloneId}");
        await user.DeleteAsync($"/api/batches/{blocker.Id}");
        var (failed, _) = await user.PollUntilAsync(waiting.Id, job => !job.IsActive);

        Assert.Equal((BatchStates.Failed, "voice.unknown"), (failed.Status, failed.Reason));
        Assert.Contains($"no voice '{cloneId}'", failed.Error, StringComparison.Ordinal);
        Assert.Empty(BatchClient.FilesOf(fixture.App, waiting.Id));
    }

    [Fact]
    public async Task A_full_queue_refuses_new_jobs_with_503_and_a_time_to_come_back()
    {
        await using var app = new CineCastApp(dataDirectory, new() { ["CineCast:Batches:QueueCapacity"] = "1" });
        var user = await app.SignedInClientAsync("queue@cinecast.test");
        var running = await user.SubmittedAsync(new { text = BatchClient.LongText(), voice = "aiden", format = "wav" });
        await user.PollUntilAsync(running.Id, job => job.Status != BatchStates.Queued);
        var waiting = await user.SubmittedAsync(new { text = BatchClient.LongText(), voice = "aiden", format = "wav" });

        var refused = await user.PostAsJsonAsync("/api/batches", new { text = "One more.", voice = "aiden" });
        await user.DeleteAsync($"/api/batches/{waiting.Id}");
        await user.DeleteAsync($"/api/batches/{running.Id}");

        await CloneServiceTests.AssertProblemAsync(refused, HttpStatusCode.ServiceUnavailable, "batch.queue-full");
        Assert.Equal(TimeSpan.FromSeconds(30), refused.Headers.RetryAfter?.Delta);
        Assert.Equal(2, (await user.GetFromJsonAsync<List<BatchJobDto>>("/api/batches"))!.Count);
    }

    [Fact]
    public async Task A_user_with_five_active_jobs_is_told_to_wait()
    {
        var user = await fixture.NewUserAsync();
        var jobs = new List<BatchJobDto>();
        for (var i = 0; i < 5; i++)
        {
            jobs.Add(await user.SubmittedAsync(new { text = BatchClient.LongText(), voice = "aiden", format = "wav" }));
        }

        var refused = await user.PostAsJsonAsync("/api/batches", new { text = "One more.", voice = "aiden" });
        var other = await (await fixture.NewUserAsync()).SubmittedAsync(new { text = "Someone else.", voice = "aiden", format = "wav" });
        foreach (var job in jobs)
        {
            await user.DeleteAsync($"/api/batches/{job.Id}");
        }

        await CloneServiceTests.AssertProblemAsync(refused, (HttpStatusCode)429, "batch.too-many");
        Assert.Equal(TimeSpan.FromSeconds(30), refused.Headers.RetryAfter?.Delta);
        Assert.Equal(BatchStates.Queued, other.Status);
        Assert.All((await user.GetFromJsonAsync<List<BatchJobDto>>("/api/batches"))!, j => Assert.Equal(BatchStates.Cancelled, j.Status));
    }

    [Fact]
    public async Task Jobs_left_unfinished_by_a_stop_or_a_crash_run_again_after_a_restart()
    {
        string userId;
        BatchJobDto stopped;
        var crashedId = Guid.NewGuid().ToString("N");
        var queuedId = Guid.NewGuid().ToString("N");
        await using (var first = new CineCastApp(dataDirectory))
        {
            var client = await first.SignedInClientAsync("restart@cinecast.test");
            userId = await client.UserIdAsync();
            stopped = await client.SubmittedAsync(new { text = BatchClient.LongText(), voice = "aiden", format = "wav" });
            await client.PollUntilAsync(stopped.Id, j => j.Status == BatchStates.Running);
            // A crash leaves a row running and a half-written file; a row queued in another process waits its turn.
            await InsertJobAsync(first, crashedId, userId, BatchStates.Running, speed: 2.0);
            await InsertJobAsync(first, queuedId, userId, BatchStates.Queued);
            await File.WriteAllBytesAsync(Path.Combine(first.TempDirectory, $"batch-{crashedId}.wav.partial"), [1, 2, 3]);
        }

        await using var second = new CineCastApp(dataDirectory);
        var again = await second.LoggedInClientAsync("restart@cinecast.test");
        var crashed = await again.FinishedAsync(crashedId);
        var queued = await again.FinishedAsync(queuedId);
        var resumed = await again.FinishedAsync(stopped.Id);

        Assert.All(new[] { crashed, queued, resumed }, job => Assert.Equal(100, job.Percent));
        // The same text: the job asked at double speed still speaks at it after the crash, from its row alone.
        Assert.InRange(crashed.DurationSeconds!.Value / queued.DurationSeconds!.Value, 0.35, 0.7);
        Assert.InRange(Fixtures.Decode(await again.GetByteArrayAsync($"/api/batches/{crashedId}/audio")).DurationSeconds, 1, 10);
        Assert.Equal(resumed.Bytes, (await again.GetByteArrayAsync($"/api/batches/{stopped.Id}/audio")).Length);
        Assert.True(File.Exists(BatchClient.OutputFile(second, crashed)));
        Assert.DoesNotContain(BatchClient.FilesOf(second, crashedId), file => file.EndsWith(".partial", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Start_up_fails_jobs_cut_off_too_often_or_missing_their_audio_and_removes_stray_files()
    {
        var tooOftenId = Guid.NewGuid().ToString("N");
        var lostAudioId = Guid.NewGuid().ToString("N");
        var strayFile = Path.Combine(dataDirectory, "batches", $"{Guid.NewGuid():N}.mp3");
        await using (var first = new CineCastApp(dataDirectory))
        {
            var userId = await (await first.SignedInClientAsync("unlucky@cinecast.test")).UserIdAsync();
            await InsertJobAsync(first, tooOftenId, userId, BatchStates.Running, interruptions: 2);
            await InsertJobAsync(first, lostAudioId, userId, BatchStates.Done);
            await File.WriteAllBytesAsync(strayFile, [1, 2, 3]);
        }

        await using var second = new CineCastApp(dataDirectory);
        var again = await second.LoggedInClientAsync("unlucky@cinecast.test");
        var tooOften = await again.JobAsync(tooOftenId);
        var lostAudio = await again.JobAsync(lostAudioId);

        Assert.Equal(BatchStates.Failed, tooOften.Status);
        Assert.Contains("stopped while this job was running 3 times", tooOften.Error, StringComparison.Ordinal);
        Assert.Equal(BatchStates.Failed, lostAudio.Status);
        Assert.Contains("audio file was missing", lostAudio.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(strayFile));
        Assert.Empty(BatchClient.FilesOf(second, tooOftenId));
    }

    [Fact]
    public async Task More_workers_than_cores_stop_the_app_at_start()
    {
        await using var app = new CineCastApp(dataDirectory, new() { ["CineCast:Batches:Concurrency"] = $"{Environment.ProcessorCount + 1}" });

        var failure = Assert.ThrowsAny<Exception>(() => app.AnonymousClient());

        Assert.Contains("must not exceed the number of cores", failure.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_batches_page_shows_the_form_and_the_users_jobs()
    {
        var email = $"page-{Guid.NewGuid():N}@cinecast.test";
        var api = await fixture.App.SignedInClientAsync(email);
        await api.FinishedAsync((await api.SubmittedAsync(new { text = "Shown on the page.", voice = "aiden", format = "wav" })).Id);
        var browser = await fixture.App.BrowserSignedInClientAsync(email);

        var page = await browser.GetStringAsync("/batches");

        Assert.Contains("Submit", page, StringComparison.Ordinal);
        Assert.Contains("batch-table", page, StringComparison.Ordinal);
        Assert.Contains("Download", page, StringComparison.Ordinal);
    }

    private static async Task InsertJobAsync(CineCastApp app, string id, string ownerId, string status, int interruptions = 0, double speed = 1.0)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CineCastDb>();
        db.BatchJobs.Add(new BatchJob
        {
            Id = id,
            OwnerId = ownerId,
            Text = "Left behind by another process. It should still be spoken.",
            VoiceId = "aiden",
            VoiceName = "aiden",
            Engine = "basic",
            Format = "wav",
            Speed = speed,
            Interruptions = interruptions,
            Status = status,
            CreatedAt = DateTime.UtcNow,
            StartedAt = status == BatchStates.Running ? DateTime.UtcNow : null,
            FinishedAt = status == BatchStates.Done ? DateTime.UtcNow : null,
        });
        await db.SaveChangesAsync();
    }
}
