using System.Net.Http.Json;
using CineCast.Web.Health;
using CineCast.Web.Synthesis;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace CineCast.Web.Tests;

[Collection(EspeakSerial.Name)]
public sealed class SpeechHubTests(AppFixture fixture) : IClassFixture<AppFixture>
{
    private const string Sentence = "Hello there. This is a short test of the speech hub, spoken in two sentences.";

    [Fact]
    public async Task A_stream_is_start_then_numbered_audio_frames_with_chunk_sentence_and_word_marks_then_end()
    {
        await using var hub = await SpeechClient.ConnectAsync(fixture.App, fixture.Admin);

        var items = await hub.SpeakAsync(new SynthesisRequest(Sentence, "aiden"));

        var start = items[0];
        Assert.Equal((SpeechItemKinds.Start, "basic", "aiden", "aiden", 24000, "pcm_s16le", 1),
            (start.Kind, start.Engine, start.VoiceId, start.VoiceName, start.SampleRate, start.Encoding, start.Channels));
        Assert.Contains("not neural cloning", start.EngineDescription, StringComparison.Ordinal);
        var marks = items.Where(i => i.Kind == SpeechItemKinds.Mark).ToList();
        var planned = Speech.Text.TextPlanner.Plan(Sentence).ToList();
        Assert.Equal(planned.Select(c => (c.SourceStart, c.SourceLength)), marks.Where(m => m.Mark == SpeechMarks.Chunk).Select(m => (m.Offset!.Value, m.Length!.Value)));
        // espeak-ng says some short words with their neighbour ("of the") and marks only the first.
        var words = marks.Where(m => m.Mark == SpeechMarks.Word).ToList();
        Assert.Equal(["Hello", "there", "This", "is", "a", "short", "test", "of"], words.Take(8).Select(m => Sentence.Substring(m.Offset!.Value, m.Length!.Value)));
        Assert.Equal("sentences", Sentence.Substring(words[^1].Offset!.Value, words[^1].Length!.Value));
        Assert.Equal(words.Select(m => m.Offset!.Value).Order(), words.Select(m => m.Offset!.Value));
        Assert.Equal(2, marks.Count(m => m.Mark == SpeechMarks.Sentence));
        Assert.Equal(0, marks[0].Sample);
        Assert.Equal(marks.Select(m => m.Sample!.Value).Order(), marks.Select(m => m.Sample!.Value));
        var audio = items.Skip(1).SkipLast(1).Where(i => i.Kind != SpeechItemKinds.Mark).ToList();
        Assert.InRange(marks[^1].Sample!.Value, 1, (audio.Count * 960) - 1);
        Assert.True(audio.Count > 25, $"only {audio.Count} frames");
        Assert.All(audio, a => Assert.Equal((SpeechItemKinds.Audio, 1920), (a.Kind, a.Pcm!.Length)));
        Assert.Equal(Enumerable.Range(0, audio.Count), audio.Select(a => a.Sequence!.Value));
        var end = items[^1];
        Assert.Equal(SpeechItemKinds.End, end.Kind);
        Assert.Equal(audio.Count * 0.04, end.DurationSeconds!.Value, 3);
        Assert.InRange(end.FirstAudioMs!.Value, 0.1, 5000);
        Assert.InRange(end.RealTimeFactor!.Value, 0.0001, 1);
    }

    [Fact]
    public async Task A_clone_speaks_as_itself_and_says_so()
    {
        var user = await fixture.NewUserAsync();
        var cloneId = await SpeechClient.CloneIdAsync(user, SpeechFiles.Clip24k, "Tammy");
        await using var hub = await SpeechClient.ConnectAsync(fixture.App, user);

        var items = await hub.SpeakAsync(new SynthesisRequest("Good morning, this is my own voice.", cloneId));

        Assert.Equal((cloneId, "Tammy", "clone"), (items[0].VoiceId, items[0].VoiceName, items[0].VoiceKind));
        Assert.True(SpeechClient.Samples(items).Length > 24000);
    }

    public static TheoryData<string, string> Refusals => new()
    {
        { "empty text", "Type some text" },
        { "text over 5,000 characters", "limit is 5,000" },
        { "speed below 0.5", "Speed must be between" },
        { "speed above 2", "Speed must be between" },
        { "an unknown engine", "no engine called 'turbo'" },
        { "an unknown voice", "no voice 'nobody'" },
        { "no voice", "Name a voice to speak with. [voice.missing]" },
        { "nothing to say", "no words" },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task A_bad_request_is_refused_with_a_reason_before_any_audio(string what, string reason)
    {
        await using var hub = await SpeechClient.ConnectAsync(fixture.App, fixture.Admin);
        var received = new List<SpeechItem>();

        var failure = await Assert.ThrowsAsync<HubException>(async () =>
        {
            await foreach (var item in hub.StreamAsync<SpeechItem>("Synthesize", RequestFor(what)))
            {
                received.Add(item);
            }
        });

        Assert.True(failure.Message.Contains(reason, StringComparison.Ordinal), $"{what}: {failure.Message}");
        Assert.Empty(received);
        Assert.Equal(HubConnectionState.Connected, hub.State);
    }

    private static SynthesisRequest RequestFor(string what) => what switch
    {
        "empty text" => new SynthesisRequest("   ", "aiden"),
        "text over 5,000 characters" => new SynthesisRequest(new string('a', 5001), "aiden"),
        "speed below 0.5" => new SynthesisRequest("Hello.", "aiden", 0.4),
        "speed above 2" => new SynthesisRequest("Hello.", "aiden", 2.5),
        "an unknown engine" => new SynthesisRequest("Hello.", "aiden", 1, "turbo"),
        "an unknown voice" => new SynthesisRequest("Hello.", "nobody"),
        "no voice" => new SynthesisRequest("Hello.", null),
        _ => new SynthesisRequest("!!! ... ???", "aiden"),
    };

    [Fact]
    public async Task Another_users_clone_is_refused_as_unknown()
    {
        var owner = await fixture.NewUserAsync();
        var cloneId = await SpeechClient.CloneIdAsync(owner, SpeechFiles.Clip24k, "Mine");
        var stranger = await fixture.NewUserAsync();
        await using var hub = await SpeechClient.ConnectAsync(fixture.App, stranger);

        var failure = await Assert.ThrowsAsync<HubException>(() => hub.SpeakAsync(new SynthesisRequest("Hello.", cloneId)));

        Assert.Contains($"no voice '{cloneId}'", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cancelling_stops_the_engine_and_the_connection_serves_the_next_request()
    {
        await using var hub = await SpeechClient.ConnectAsync(fixture.App, fixture.Admin);
        var longText = string.Join(" ", Enumerable.Repeat("This sentence is here to make the text long enough to take a while.", 60));
        using var cancel = new CancellationTokenSource();
        var frames = 0;

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var item in hub.StreamAsync<SpeechItem>("Synthesize", new SynthesisRequest(longText, "aiden"), cancel.Token))
            {
                if (item.Kind == SpeechItemKinds.Audio && ++frames == 5)
                {
                    await cancel.CancelAsync();
                }
            }
        });

        await EspeakProcesses.AssertOnlyIdleOnesRemainAsync(fixture.App);
        var next = await hub.SpeakAsync(new SynthesisRequest("Still here.", "ava"));
        Assert.Equal(SpeechItemKinds.End, next[^1].Kind);
    }

    [Fact]
    public async Task Anonymous_clients_cannot_connect_to_the_hub()
    {
        var anonymous = fixture.App.AnonymousClient();

        var response = await anonymous.PostAsync($"{SpeechHub.Path}/negotiate?negotiateVersion=1", null);

        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Health_lists_the_basic_engine_as_ready()
    {
        var health = await fixture.App.AnonymousClient().GetFromJsonAsync<HealthReport>("/health");

        var basic = Assert.Single(health!.Engines, e => e.Id == "basic");
        Assert.Equal("ready", basic.Status);
    }
}

/// <summary>Tests that count espeak-ng processes must not run beside other tests that start them.</summary>
[CollectionDefinition(Name)]
public sealed class EspeakSerial
{
    public const string Name = "espeak-ng";
}

public static class EspeakProcesses
{
    /// <summary>
    /// After a cancel, the only espeak-ng processes left for this app are its pool's idle ones waiting for text.
    /// Other apps in the test run (other classes, their preset warm-up) have their own data folders, and are told
    /// apart by the <c>--path</c> each process was started with.
    /// </summary>
    public static async Task AssertOnlyIdleOnesRemainAsync(CineCastApp app)
    {
        var pool = app.Services.GetRequiredService<EspeakPool>();
        var overlay = "--path=" + app.Services.GetRequiredService<EspeakInstallation>().OverlayRoot;
        // Read both once per look and judge that same look: reading them again after the loop raced the pool, which
        // starts a new idle process at its own pace.
        var (idle, running) = (pool.IdleCount, Count(overlay));
        for (var attempt = 0; attempt < 40 && running != idle; attempt++)
        {
            await Task.Delay(50);
            (idle, running) = (pool.IdleCount, Count(overlay));
        }
        Assert.Equal(idle, running);
    }

    private static int Count(string overlay)
    {
        var count = 0;
        foreach (var process in System.Diagnostics.Process.GetProcessesByName("espeak-ng"))
        {
            using (process)
            {
                try
                {
                    if (File.ReadAllText($"/proc/{process.Id}/cmdline").Split('\0').Contains(overlay))
                    {
                        count++;
                    }
                }
                catch (IOException)
                {
                    // The process ended between listing and reading.
                }
            }
        }
        return count;
    }
}
