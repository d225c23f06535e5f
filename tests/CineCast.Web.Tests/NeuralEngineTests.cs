using System.Net.Http.Json;
using CineCast.Web.Health;
using CineCast.Web.Synthesis;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace CineCast.Web.Tests;

/// <summary>
/// The pocket-tts engine wired into the app, running the tiny generated graphs in tests/assets/pocket-tts-tiny.
/// These prove plumbing (status, refusals, streaming through the hub); they say nothing about voice quality.
/// </summary>
public sealed class NeuralEngineTests : IDisposable
{
    private static readonly string TinyBundle = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(Fixtures.Local("x"))!, "..", "..", "assets", "pocket-tts-tiny"));

    // Without the watermark, so a seed can be checked to give the very same bytes; with it, each output also carries its
    // own mark (WatermarkApiTests checks that two outputs of one request differ only there).
    private readonly CineCastApp app = new(settings: new() { ["CineCast:Engines:Neural:ModelDirectory"] = TinyBundle, ["CineCast:Provenance:Watermark"] = "false" });

    public void Dispose() => app.Dispose();

    [Fact]
    public async Task A_clone_streams_through_the_hub_with_the_pocket_tts_engine_named_as_the_speaker()
    {
        var user = await app.SignedInClientAsync("neural@cinecast.test");
        var cloneId = await SpeechClient.CloneIdAsync(user, SpeechFiles.Clip24k, "Neural me");
        await using var hub = await SpeechClient.ConnectAsync(app, user);

        var health = await app.AnonymousClient().GetFromJsonAsync<HealthReport>("/health");
        var items = await hub.SpeakAsync(new SynthesisRequest("Hello there. How are you today?", cloneId, 1, "pocket-tts"));

        Assert.Equal("ready", Assert.Single(health!.Engines, e => e.Id == "pocket-tts").Status);
        Assert.Equal(("pocket-tts", cloneId), (items[0].Engine, items[0].VoiceId));
        Assert.Contains(items, i => i.Kind == SpeechItemKinds.Audio);
        Assert.Equal(SpeechItemKinds.End, items[^1].Kind);
    }

    [Fact]
    public async Task Word_times_inside_a_chunk_are_estimated_and_say_so_while_each_chunk_start_is_exact()
    {
        const string text = "Hello there, my friend. How are you today?";
        var user = await app.SignedInClientAsync("neural-marks@cinecast.test");
        var cloneId = await SpeechClient.CloneIdAsync(user, SpeechFiles.Clip24k, "Marked");
        await using var hub = await SpeechClient.ConnectAsync(app, user);

        var items = await hub.SpeakAsync(new SynthesisRequest(text, cloneId, 1, "pocket-tts") { Seed = 1 });

        var marks = items.Where(i => i.Kind == SpeechItemKinds.Mark).ToList();
        var words = marks.Where(m => m.Mark == SpeechMarks.Word).ToList();
        // The tiny test graphs cut chunks of a few tokens, even inside words ("fri" + "end."): such pieces get no word mark.
        var said = words.Select(w => text.Substring(w.Offset!.Value, w.Length!.Value)).ToList();
        Assert.Equal(["Hello", "there", "my", "How", "are", "you"], said.Intersect(["Hello", "there", "my", "How", "are", "you"]));
        Assert.All(said, w => Assert.Matches("^[A-Za-z]+$", w));
        Assert.Equal(words.Select(w => w.Offset!.Value).Order(), words.Select(w => w.Offset!.Value));
        Assert.All(words, w => Assert.True(w.Estimated));
        Assert.All(marks.Where(m => m.Mark == SpeechMarks.Chunk), m => Assert.Null(m.Estimated));
        var sentences = marks.Where(m => m.Mark == SpeechMarks.Sentence).ToList();
        Assert.Equal(["Hello there, my friend", "How are you today"], sentences.Select(m => text.Substring(m.Offset!.Value, m.Length!.Value)));
        Assert.Null(sentences[0].Estimated);
        Assert.Equal(marks.Select(m => m.Sample!.Value).Order(), marks.Select(m => m.Sample!.Value));
        Assert.InRange(marks[^1].Sample!.Value, 0, SpeechClient.Samples(items).Length);

        var timed = await user.PostAsJsonAsync("/v1/audio/speech/with-timestamps", new { model = "pocket-tts", input = text, voice = cloneId, seed = 1 });
        var body = await timed.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>();
        Assert.All(body.GetProperty("words").EnumerateArray(), w => Assert.True(w.GetProperty("estimated").GetBoolean()));
        Assert.False(body.GetProperty("sentences")[0].TryGetProperty("estimated", out _));
    }

    [Fact]
    public async Task A_conditioning_dropped_while_its_clone_streams_lets_the_stream_finish_and_is_rebuilt_on_next_use()
    {
        var user = await app.SignedInClientAsync("cached@cinecast.test");
        var cloneId = await SpeechClient.CloneIdAsync(user, SpeechFiles.Clip24k, "Cached me");
        var me = (await user.GetFromJsonAsync<Accounts.CurrentUser>("/api/auth/me"))!;
        await using var scope = app.Services.CreateAsyncScope();
        var voice = (await scope.ServiceProvider.GetRequiredService<Voices.VoiceLibrary>().FindSpeakingVoiceAsync(me.Id, cloneId, CancellationToken.None))!;
        var engine = app.Services.GetRequiredService<NeuralEngine>();
        var chunks = Speech.Text.TextPlanner.Plan("First sentence here. Second sentence there. Third one to finish.").ToList();

        // The engine streams chunk by chunk from the cached conditioning; drop it after the first block.
        var blocks = 0;
        var dropped = -1;
        await foreach (var block in engine.SynthesizeAsync(voice, chunks, new SynthesisSettings(1), CancellationToken.None))
        {
            blocks++;
            if (dropped < 0)
            {
                dropped = engine.Trim(0);
            }
        }
        var cachedAfterStream = engine.CachedVoices;
        await foreach (var block in engine.SynthesizeAsync(voice, chunks.Take(1), new SynthesisSettings(1), CancellationToken.None))
        {
        }

        Assert.Equal((1, 0), (dropped, cachedAfterStream));
        Assert.True(blocks > 2, $"{blocks} blocks");
        Assert.Equal(1, engine.CachedVoices);
    }

    [Fact]
    public async Task The_same_seed_gives_the_same_audio_and_without_one_each_request_draws_its_own()
    {
        var user = await app.SignedInClientAsync("seeded@cinecast.test");
        var cloneId = await SpeechClient.CloneIdAsync(user, SpeechFiles.Clip24k, "Seeded me");
        await using var hub = await SpeechClient.ConnectAsync(app, user);
        async Task<byte[]> Pcm(int? seed, double? temperature = null) =>
            [.. (await hub.SpeakAsync(new SynthesisRequest("Hello there. How are you today?", cloneId, 1, "pocket-tts") { Seed = seed, Temperature = temperature }))
                .Where(i => i.Kind == SpeechItemKinds.Audio).SelectMany(i => i.Pcm!)];

        var first = await Pcm(42);
        var again = await Pcm(42);
        var other = await Pcm(7);
        var unseeded = await Pcm(null);
        var unseededAgain = await Pcm(null);

        Assert.NotEmpty(first);
        Assert.Equal(first, again);
        Assert.NotEqual(first, other);
        Assert.NotEqual(unseeded, unseededAgain);
        Assert.Equal(await Pcm(null, 0), await Pcm(null, 0));
    }

    [Fact]
    public async Task A_seed_on_the_openai_endpoint_gives_the_same_bytes_twice()
    {
        var user = await app.SignedInClientAsync("seeded-http@cinecast.test");
        var cloneId = await SpeechClient.CloneIdAsync(user, SpeechFiles.Clip24k, "Seeded http");
        async Task<byte[]> Speak() =>
            await (await user.PostAsJsonAsync("/v1/audio/speech", new { model = "pocket-tts", input = "Hello there.", voice = cloneId, response_format = "pcm", seed = 1234, temperature = 0.9 }))
                .EnsureSuccessStatusCode().Content.ReadAsByteArrayAsync();

        Assert.Equal(await Speak(), await Speak());
    }

    [Theory]
    [InlineData(null, 1.6, "Temperature must be between 0 and 1.5")]
    [InlineData(null, -0.1, "Temperature must be between 0 and 1.5")]
    [InlineData(-1, null, "seed must be a whole number")]
    public async Task Seed_and_temperature_out_of_range_are_refused_before_any_audio(int? seed, double? temperature, string reason)
    {
        var user = await app.SignedInClientAsync($"range-{Guid.NewGuid():N}@cinecast.test");
        var cloneId = await SpeechClient.CloneIdAsync(user, SpeechFiles.Clip24k, "Mine");
        await using var hub = await SpeechClient.ConnectAsync(app, user);

        var failure = await Assert.ThrowsAsync<HubException>(() =>
            hub.SpeakAsync(new SynthesisRequest("Hello.", cloneId, 1, "pocket-tts") { Seed = seed, Temperature = temperature }));

        Assert.Contains(reason, failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_clip_the_clone_service_accepted_is_usable_by_pocket_tts_however_long_the_limits_allow()
    {
        // Before, the neural engine decoded clips with its own 120 s limit while uploads may be allowed up to 600 s.
        using var longClips = new CineCastApp(settings: new()
        {
            ["CineCast:Engines:Neural:ModelDirectory"] = TinyBundle,
            ["CineCast:Voices:MaxSpeechSeconds"] = "200",
            ["CineCast:Voices:MaxDecodedSeconds"] = "300",
        });
        var user = await longClips.SignedInClientAsync("long-clip@cinecast.test");
        var speech = SpeechFiles.ClipSamples();
        var repeated = Enumerable.Repeat(speech, (int)Math.Ceiling(150 / SpeechFiles.ClipSeconds)).SelectMany(s => s).ToArray();
        var created = await user.PostAsync("/api/voices", CloneForm.Of(SpeechFiles.Wav(repeated), name: "Long me"));
        var voice = (await created.EnsureSuccessStatusCode().Content.ReadFromJsonAsync<Voices.VoiceDto>())!;
        await using var hub = await SpeechClient.ConnectAsync(longClips, user);

        var items = await hub.SpeakAsync(new SynthesisRequest("Hello there.", voice.Id, 1, "pocket-tts"));

        Assert.True(voice.DurationSeconds > 120, $"{voice.DurationSeconds} s stored");
        Assert.Equal(("pocket-tts", SpeechItemKinds.End), (items[0].Engine, items[^1].Kind));
    }

    [Fact]
    public async Task Each_language_speaks_through_its_own_bundle_and_a_language_without_one_is_refused_naming_what_to_install()
    {
        // A copy of the tiny graphs stands in for an Italian bundle: this proves the routing, not how Italian sounds.
        var italian = Directory.CreateTempSubdirectory("cinecast-italian-").FullName;
        foreach (var file in Directory.GetFiles(TinyBundle))
        {
            File.Copy(file, Path.Combine(italian, Path.GetFileName(file)));
        }
        using var cleanup = new TempFolder(italian);
        using var bilingual = new CineCastApp(settings: new()
        {
            ["CineCast:Engines:Neural:ModelDirectory"] = TinyBundle,
            ["CineCast:Engines:Neural:LanguageDirectories:it"] = italian,
        });
        var user = await bilingual.SignedInClientAsync("bilingual@cinecast.test");
        var cloneId = await SpeechClient.CloneIdAsync(user, SpeechFiles.Clip24k, "Bilingual me");
        await using var hub = await SpeechClient.ConnectAsync(bilingual, user);

        var health = await bilingual.AnonymousClient().GetFromJsonAsync<HealthReport>("/health");
        var items = await hub.SpeakAsync(new SynthesisRequest("Hello there. Il gatto dorme sul divano da stamattina.", cloneId, 1, "pocket-tts"));
        var french = await Assert.ThrowsAsync<HubException>(() =>
            hub.SpeakAsync(new SynthesisRequest("Hello. Le chat dort sur le canapé depuis ce matin.", cloneId, 1, "pocket-tts")));
        var engine = bilingual.Services.GetRequiredService<NeuralEngine>();

        Assert.Equal(["en", "it"], Assert.Single(health!.Engines, e => e.Id == "pocket-tts").Languages!);
        Assert.Equal(["en", "zh", "fr", "it"], Assert.Single(health.Engines, e => e.Id == "basic").Languages!);
        Assert.Equal(("pocket-tts", SpeechItemKinds.End), (items[0].Engine, items[^1].Kind));
        Assert.Contains("English, Italian", items[0].EngineDescription, StringComparison.Ordinal);
        Assert.Contains("no French model installed", french.Message, StringComparison.Ordinal);
        Assert.Contains("models install pocket-tts --language fr", french.Message, StringComparison.Ordinal);
        // One conditioning per language bundle: English and Italian each conditioned the clone once.
        Assert.Equal(2, engine.CachedVoices);
    }

    [Fact]
    public async Task Text_in_a_language_without_a_model_is_refused_before_any_audio_naming_the_language()
    {
        var user = await app.SignedInClientAsync("zh-neural@cinecast.test");
        var cloneId = await SpeechClient.CloneIdAsync(user, SpeechFiles.Clip24k, "Mine");
        await using var hub = await SpeechClient.ConnectAsync(app, user);

        var failure = await Assert.ThrowsAsync<HubException>(() => hub.SpeakAsync(new SynthesisRequest("Hello. 今天天气很好。", cloneId, 1, "pocket-tts")));

        Assert.Contains("no model for Mandarin", failure.Message, StringComparison.Ordinal);
        Assert.EndsWith("[engine.cannot-say-text]", failure.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0.5)]
    [InlineData(2.0)]
    public async Task Other_speeds_stretch_the_audio_to_one_over_speed_of_its_natural_length(double speed)
    {
        var user = await app.SignedInClientAsync($"speed-{Guid.NewGuid():N}@cinecast.test");
        var cloneId = await SpeechClient.CloneIdAsync(user, SpeechFiles.Clip24k, "Paced me");
        await using var hub = await SpeechClient.ConnectAsync(app, user);
        async Task<double> Seconds(double pace) =>
            (await hub.SpeakAsync(new SynthesisRequest("Hello there. How are you today?", cloneId, pace, "pocket-tts") { Seed = 5 }))[^1].DurationSeconds!.Value;

        var natural = await Seconds(1.0);
        var paced = await Seconds(speed);

        // Frames are 40 ms, so allow one frame beyond the 3 %.
        Assert.InRange(paced, (natural / speed * 0.97) - 0.04, (natural / speed * 1.03) + 0.04);
    }

    [Theory]
    [InlineData("aiden", 1.0, "preset without a recording")]
    public async Task What_pocket_tts_cannot_do_is_refused_before_any_audio(string voice, double speed, string reason)
    {
        var user = await app.SignedInClientAsync($"refused-{Guid.NewGuid():N}@cinecast.test");
        var voiceId = voice == "clone" ? await SpeechClient.CloneIdAsync(user, SpeechFiles.Clip24k, "Mine") : voice;
        await using var hub = await SpeechClient.ConnectAsync(app, user);
        var received = new List<SpeechItem>();

        var failure = await Assert.ThrowsAsync<HubException>(async () =>
        {
            await foreach (var item in hub.StreamAsync<SpeechItem>("Synthesize", new SynthesisRequest("Hello.", voiceId, speed, "pocket-tts")))
            {
                received.Add(item);
            }
        });

        Assert.Contains(reason, failure.Message, StringComparison.Ordinal);
        Assert.EndsWith("[engine.cannot-speak-voice]", failure.Message, StringComparison.Ordinal);
        Assert.Empty(received);
    }

    [Fact]
    public async Task A_broken_model_file_makes_pocket_tts_report_failed_with_the_reason_while_the_basic_engine_serves()
    {
        var broken = Directory.CreateTempSubdirectory("cinecast-broken-model-").FullName;
        try
        {
            foreach (var file in Directory.GetFiles(TinyBundle))
            {
                File.Copy(file, Path.Combine(broken, Path.GetFileName(file)));
            }
            await File.WriteAllBytesAsync(Path.Combine(broken, "flow_lm_main_int8.onnx"), "this is not an ONNX graph"u8.ToArray());
            using var damaged = new CineCastApp(settings: new() { ["CineCast:Engines:Neural:ModelDirectory"] = broken });
            var user = await damaged.SignedInClientAsync("damaged@cinecast.test");
            var cloneId = await SpeechClient.CloneIdAsync(user, SpeechFiles.Clip24k, "Still me");
            await using var hub = await SpeechClient.ConnectAsync(damaged, user);

            var failure = await Assert.ThrowsAsync<HubException>(() => hub.SpeakAsync(new SynthesisRequest("Hello.", cloneId, 1, "pocket-tts")));
            var health = await damaged.AnonymousClient().GetFromJsonAsync<HealthReport>("/health");
            var basic = await hub.SpeakAsync(new SynthesisRequest("Hello.", cloneId, 1, "basic"));

            Assert.Contains("could not be loaded", failure.Message, StringComparison.Ordinal);
            var pocket = Assert.Single(health!.Engines, e => e.Id == "pocket-tts");
            Assert.Equal(("failed", true), (pocket.Status, pocket.Reason!.Contains("could not be loaded", StringComparison.Ordinal)));
            Assert.Equal(("basic", cloneId, SpeechItemKinds.End), (basic[0].Engine, basic[0].VoiceId, basic[^1].Kind));
        }
        finally
        {
            Fixtures.DeleteDirectory(broken);
        }
    }

    [Fact]
    public async Task Without_an_installed_model_pocket_tts_says_how_to_install_it_and_is_never_replaced()
    {
        using var bare = new CineCastApp();
        var user = await bare.SignedInClientAsync("bare@cinecast.test");
        var cloneId = await SpeechClient.CloneIdAsync(user, SpeechFiles.Clip24k, "Waiting");
        await using var hub = await SpeechClient.ConnectAsync(bare, user);

        var health = await bare.AnonymousClient().GetFromJsonAsync<HealthReport>("/health");
        var failure = await Assert.ThrowsAsync<HubException>(() => hub.SpeakAsync(new SynthesisRequest("Hello.", cloneId, 1, "pocket-tts")));

        var pocket = Assert.Single(health!.Engines, e => e.Id == "pocket-tts");
        Assert.Equal("not-installed", pocket.Status);
        Assert.Contains("models install pocket-tts", pocket.Reason, StringComparison.Ordinal);
        Assert.Contains("engine 'pocket-tts' is not ready", failure.Message, StringComparison.Ordinal);
    }

    private sealed class TempFolder(string path) : IDisposable
    {
        public void Dispose() => Fixtures.DeleteDirectory(path);
    }
}
