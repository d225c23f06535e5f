using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using CineCast.Audio;
using CineCast.Web.Refusals;
using CineCast.Web.Synthesis;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace CineCast.Web.Tests;

/// <summary>
/// Walks <see cref="Refuse"/>: every row is provoked on the surfaces that can give it — REST (ProblemDetails with
/// <c>reason</c>), <c>/v1</c> (OpenAI's shape and code), the older endpoints and the hub (the sentence, then the code
/// in brackets) — and must answer there exactly as its row declares. A row this walk cannot provoke cheaply names
/// the test file that does, and that file must check the row's code.
/// </summary>
[Collection(EspeakSerial.Name)]
public sealed partial class RefusalCatalogueTests(RefusalCatalogueTests.Setup setup) : IClassFixture<RefusalCatalogueTests.Setup>
{
    public sealed class Setup : IAsyncLifetime
    {
        public CineCastApp App { get; } = new();
        public HttpClient Admin { get; private set; } = default!;
        public HttpClient User { get; private set; } = default!;
        public HttpClient Anonymous { get; private set; } = default!;
        public HttpClient Browser { get; private set; } = default!;
        public HubConnection Hub { get; private set; } = default!;
        public string AdminId { get; private set; } = "";

        public async Task InitializeAsync()
        {
            Admin = await App.SignedInClientAsync("admin@refusals.test");
            User = await App.SignedInClientAsync("user@refusals.test");
            Anonymous = App.AnonymousClient();
            Browser = await App.BrowserSignedInClientAsync("user@refusals.test");
            Hub = await SpeechClient.ConnectAsync(App, User);
            var users = await Admin.GetFromJsonAsync<JsonElement>("/api/admin/users");
            AdminId = users.EnumerateArray().Single(u => u.GetProperty("email").GetString() == "admin@refusals.test").GetProperty("id").GetString()!;
        }

        public async Task DisposeAsync()
        {
            await Hub.DisposeAsync();
            App.Dispose();
        }
    }

    private enum Surface { Rest, OpenAi, Legacy, Hub }

    private sealed record Trigger(string Reason, Surface Surface, string What, Func<Setup, Task<Answer>> Send);

    /// <summary>What came back: the HTTP status (none for the hub), the code, and the sentence.</summary>
    private sealed record Answer(int? Status, string? Code, string? Sentence);

    private const string Speech = "/v1/audio/speech";

    private static readonly Trigger[] Triggers =
    [
        Rest("auth.required", "an anonymous voice list", s => s.Anonymous.GetAsync("/api/voices")),
        OpenAi("auth.required", "anonymous speech", s => s.Anonymous.PostAsJsonAsync(Speech, new { model = "tts-1", input = "Hi.", voice = "aiden" })),
        Legacy("auth.required", "an anonymous older voice list", s => s.Anonymous.GetAsync("/voices")),
        Rest("auth.forbidden", "a user reading the admin's user list", s => s.User.GetAsync("/api/admin/users")),
        Rest("not-found", "a clone id that names nothing", s => s.User.GetAsync("/api/voices/0123456789abcdef0123456789abcdef")),
        Rest("not-found", "an address with no endpoint", s => s.User.GetAsync("/api/nothing-here")),
        OpenAi("not-found", "an OpenAI endpoint we do not have", s => s.User.GetAsync("/v1/models/nothing")),
        Rest("request.method-not-allowed", "PUT on the voice list", s => s.User.PutAsJsonAsync("/api/voices", new { })),
        OpenAi("request.method-not-allowed", "PUT on speech", s => s.User.PutAsJsonAsync(Speech, new { })),
        Rest("request.too-large", "a 2 MB batch body", s => s.User.PostAsync("/api/batches", Json(new string(' ', 2_000_000) + "{}"))),
        OpenAi("request.too-large", "a 2 MB speech body", s => s.User.PostAsync(Speech, Json(new string(' ', 2_000_000) + "{}"))),
        Rest("request.unsupported-media-type", "a batch as plain text", s => s.User.PostAsync("/api/batches", new StringContent("{}", Encoding.UTF8, "text/plain"))),
        OpenAi("request.unsupported-media-type", "speech as plain text", s => s.User.PostAsync(Speech, new StringContent("{}", Encoding.UTF8, "text/plain"))),
        Rest("request.malformed", "a batch cut off mid-JSON", s => s.User.PostAsync("/api/batches", Json("""{"text":"Hi"""))),
        OpenAi("request.malformed", "an array as the speech body", s => s.User.PostAsync(Speech, Json("[]"))),
        Rest("request.antiforgery", "a signed-in page posting without its token", s => s.Browser.PostAsJsonAsync("/api/keys", new { name = "x" })),

        Rest("text.empty", "a blank batch", s => s.User.PostAsJsonAsync("/api/batches", new { text = " ", voice = "aiden" })),
        Rest("text.empty", "a blank analysis", s => s.User.PostAsJsonAsync("/api/engines/basic/analyze", new { text = "" })),
        OpenAi("text.empty", "blank input", s => s.User.PostAsJsonAsync(Speech, new { model = "tts-1", input = " ", voice = "aiden" })),
        Legacy("text.empty", "a blank older stream", s => s.User.GetAsync("/read_stream?voice=aiden&text=")),
        Hub("text.empty", "blank text", new SynthesisRequest(" ", "aiden")),
        Rest("text.too-long", "an analysis over the live limit", s => s.User.PostAsJsonAsync("/api/engines/basic/analyze", new { text = new string('a', 5001) })),
        OpenAi("text.too-long", "input over the limit", s => s.User.PostAsJsonAsync(Speech, new { model = "tts-1", input = new string('a', 5001), voice = "aiden" })),
        Hub("text.too-long", "text over the limit", new SynthesisRequest(new string('a', 5001), "aiden")),
        Rest("text.nothing-to-say", "a batch of markup only", s => s.User.PostAsJsonAsync("/api/batches", new { text = "<speak><p></p></speak>", voice = "aiden" })),
        Rest("text.nothing-to-say", "an analysis of emoji only", s => s.User.PostAsJsonAsync("/api/engines/basic/analyze", new { text = "😀🎉" })),
        OpenAi("text.nothing-to-say", "input of markup only", s => s.User.PostAsJsonAsync(Speech, new { model = "tts-1", input = "<speak></speak>", voice = "aiden" })),
        Legacy("text.nothing-to-say", "an older stream of markup only", s => s.User.GetAsync("/read_stream?voice=aiden&text=%3Cspeak%3E%3C%2Fspeak%3E")),
        Hub("text.nothing-to-say", "emoji only", new SynthesisRequest("😀🎉", "aiden")),
        Rest("speed.out-of-range", "a batch at triple speed", s => s.User.PostAsJsonAsync("/api/batches", new { text = "Hi.", voice = "aiden", speed = 3.0 })),
        OpenAi("speed.out-of-range", "speech at four times speed", s => s.User.PostAsJsonAsync(Speech, new { model = "tts-1", input = "Hi.", voice = "aiden", speed = 4.0 })),
        Hub("speed.out-of-range", "a speed of zero", new SynthesisRequest("Hi.", "aiden", 0)),
        Rest("lexicon.entry-invalid", "an entry with neither alias nor phoneme", s => s.User.PostAsJsonAsync("/api/lexicon", new { grapheme = "WWW" })),
        Rest("lexicon.duplicate", "the same word twice", async s =>
        {
            await s.User.PostAsJsonAsync("/api/lexicon", new { grapheme = "twice", alias = "two times" });
            return await s.User.PostAsJsonAsync("/api/lexicon", new { grapheme = "Twice", alias = "again" });
        }),
        Rest("lexicon.malformed", "a PLS file cut off", s => s.User.PostAsync("/api/lexicon/import", new StringContent("<lexicon xml:lang=\"en\"><lexeme>", Encoding.UTF8, "application/pls+xml"))),
        OpenAi("markup.malformed", "SSML left open", s => s.User.PostAsJsonAsync(Speech, new { model = "tts-1", input = "<speak>Hi <s>there</speak>", voice = "aiden" })),
        Hub("markup.malformed", "SSML left open", new SynthesisRequest("<speak>Hi <s>there</speak>", "aiden")),
        Rest("markup.declaration", "a batch with a DTD", s => s.User.PostAsJsonAsync("/api/batches", new { text = "<!DOCTYPE speak><speak>Hi</speak>", voice = "aiden" })),
        Rest("markup.unknown-tag", "an analysis of a voice change", s => s.User.PostAsJsonAsync("/api/engines/basic/analyze", new { text = "<speak><voice name=\"x\">Hi</voice></speak>" })),
        Hub("markup.unknown-tag", "an audio tag", new SynthesisRequest("<speak>Hi <audio src=\"a.wav\"/></speak>", "aiden")),
        OpenAi("markup.bad-attribute", "a sub without an alias", s => s.User.PostAsJsonAsync(Speech, new { model = "tts-1", input = "<speak><sub>WWW</sub></speak>", voice = "aiden" })),
        Rest("markup.misplaced", "a batch with speak in speak", s => s.User.PostAsJsonAsync("/api/batches", new { text = "<speak><speak>Hi</speak></speak>", voice = "aiden" })),
        Hub("markup.too-deep", "sentences nested 20 deep", new SynthesisRequest("<speak>" + string.Concat(Enumerable.Repeat("<s>", 20)) + "x" + string.Concat(Enumerable.Repeat("</s>", 20)) + "</speak>", "aiden")),
        Rest("markup.too-large", "a batch of 2,001 elements", s => s.User.PostAsJsonAsync("/api/batches", new { text = "<speak>" + string.Concat(Enumerable.Repeat("<s/>", 2001)) + "</speak>", voice = "aiden" })),
        Legacy("markup.bad-pause", "an older stream with a pause of no length", s => s.User.GetAsync("/read_stream?voice=aiden&text=" + Uri.EscapeDataString("Hi [pause:forever] there"))),
        Hub("markup.bad-pause", "a pause of a minute", new SynthesisRequest("Hi [pause:60s] there", "aiden")),
        Hub("markup.too-many-pauses", "101 pauses", new SynthesisRequest(string.Concat(Enumerable.Repeat("a[pause:1ms]", 101)), "aiden")),
        OpenAi("markup.language-unsupported", "German", s => s.User.PostAsJsonAsync(Speech, new { model = "tts-1", input = "<speak><lang xml:lang=\"de\">Hallo</lang></speak>", voice = "aiden" })),
        Rest("markup.cannot-say-as", "an analysis of a word as a number", s => s.User.PostAsJsonAsync("/api/engines/basic/analyze", new { text = "<speak><say-as interpret-as=\"cardinal\">twelve</say-as></speak>" })),
        Hub("markup.rate-out-of-range", "x-fast at double speed", new SynthesisRequest("<speak><prosody rate=\"x-fast\">Hi.</prosody></speak>", "aiden", 2)),
        OpenAi("markup.phonemes-unsupported", "IPA", s => s.User.PostAsJsonAsync(Speech, new { model = "tts-1", input = "<speak><phoneme ph=\"həˈloʊ\">hello</phoneme></speak>", voice = "aiden" })),
        OpenAi("temperature.out-of-range", "a temperature of 9", s => s.User.PostAsJsonAsync(Speech, new { model = "tts-1", input = "Hi.", voice = "aiden", temperature = 9.0 })),
        Hub("temperature.out-of-range", "a negative temperature", new SynthesisRequest("Hi.", "aiden") { Temperature = -1 }),
        OpenAi("seed.out-of-range", "a negative seed", s => s.User.PostAsJsonAsync(Speech, new { model = "tts-1", input = "Hi.", voice = "aiden", seed = -1 })),
        Hub("seed.out-of-range", "a negative seed", new SynthesisRequest("Hi.", "aiden") { Seed = -1 }),
        Rest("format.unsupported", "a batch to WMA", s => s.User.PostAsJsonAsync("/api/batches", new { text = "Hi.", voice = "aiden", format = "wma" })),
        OpenAi("format.unsupported", "speech as WMA", s => s.User.PostAsJsonAsync(Speech, new { model = "tts-1", input = "Hi.", voice = "aiden", response_format = "wma" })),
        OpenAi("stream-format.unsupported", "speech streamed over a websocket", s => s.User.PostAsJsonAsync(Speech, new { model = "tts-1", input = "Hi.", voice = "aiden", stream_format = "websocket" })),
        OpenAi("model.missing", "speech without a model", s => s.User.PostAsJsonAsync(Speech, new { input = "Hi.", voice = "aiden" })),

        Rest("engine.unknown", "an analysis by an engine we do not have", s => s.User.PostAsJsonAsync("/api/engines/turbo/analyze", new { text = "Hi." })),
        Rest("engine.unknown", "a batch for an engine we do not have", s => s.User.PostAsJsonAsync("/api/batches", new { text = "Hi.", voice = "aiden", engine = "turbo" })),
        OpenAi("engine.unknown", "a model we do not have", s => s.User.PostAsJsonAsync(Speech, new { model = "tts-9", input = "Hi.", voice = "aiden" })),
        Hub("engine.unknown", "an engine we do not have", new SynthesisRequest("Hi.", "aiden", 1, "turbo")),
        Rest("engine.not-ready", "a batch for the engine whose model is not installed", s => s.User.PostAsJsonAsync("/api/batches", new { text = "Hi.", voice = "aiden", engine = "pocket-tts" })),
        OpenAi("engine.not-ready", "the model that is not installed", s => s.User.PostAsJsonAsync(Speech, new { model = "pocket-tts", input = "Hi.", voice = "aiden" })),
        Hub("engine.not-ready", "the engine whose model is not installed", new SynthesisRequest("Hi.", "aiden", 1, "pocket-tts")),
        Rest("voice.missing", "a batch without a voice", s => s.User.PostAsJsonAsync("/api/batches", new { text = "Hi." })),
        OpenAi("voice.missing", "speech without a voice", s => s.User.PostAsJsonAsync(Speech, new { model = "tts-1", input = "Hi." })),
        Legacy("voice.missing", "an older stream before any voice was selected", s => s.User.GetAsync("/read_stream?text=Hi")),
        Legacy("voice.missing", "selecting a voice without its name", s => s.User.PostAsync("/set_voice", new MultipartFormDataContent { { new StringContent("x"), "other" } })),
        Hub("voice.missing", "no voice", new SynthesisRequest("Hi.", " ")),
        Rest("voice.unknown", "a batch as nobody", s => s.User.PostAsJsonAsync("/api/batches", new { text = "Hi.", voice = "nobody" })),
        Rest("voice.unknown", "an analysis as nobody", s => s.User.PostAsJsonAsync("/api/engines/basic/analyze", new { text = "Hi.", voice = "nobody" })),
        OpenAi("voice.unknown", "speech as nobody", s => s.User.PostAsJsonAsync(Speech, new { model = "tts-1", input = "Hi.", voice = "nobody" })),
        OpenAi("voice.unknown", "timed speech as nobody", s => s.User.PostAsJsonAsync(Speech + "/with-timestamps", new { model = "tts-1", input = "Hi.", voice = "nobody" })),
        Legacy("voice.unknown", "an older stream as nobody", s => s.User.GetAsync("/read_stream?voice=nobody&text=Hi")),
        Legacy("voice.unknown", "selecting nobody", s => s.User.PostAsync("/set_voice", new MultipartFormDataContent { { new StringContent("nobody"), "voice_name" } })),
        Hub("voice.unknown", "nobody", new SynthesisRequest("Hi.", "nobody")),

        Rest("upload.not-multipart", "a clone sent as JSON", s => s.User.PostAsJsonAsync("/api/voices", new { name = "x" })),
        Legacy("upload.not-multipart", "an older clone sent as JSON", s => s.User.PostAsJsonAsync("/set_voice", new { voice_name = "x" })),
        Rest("upload.malformed", "a section without a name", s => s.User.PostAsync("/api/voices", RawMultipart("Content-Disposition: form-data\r\n\r\nx"))),
        Rest("upload.many-files", "two files", s => s.User.PostAsync("/api/voices", TwoFiles())),
        Rest("upload.field-too-long", "a 20 KB name", s => s.User.PostAsync("/api/voices", CloneForm.Of([1, 2, 3], name: new string('n', 20_000)))),
        Rest("upload.field-not-utf8", "a name in Latin-1 bytes", s => s.User.PostAsync("/api/voices", Latin1Name())),
        Rest("upload.no-file", "a clone without its clip", s => s.User.PostAsync("/api/voices", CloneForm.Of(null))),
        Rest("voice.no-consent", "a clone without consent", s => s.User.PostAsync("/api/voices", CloneForm.Of([1, 2, 3], consent: "false"))),
        Legacy("voice.no-consent", "an older clone without consent", s => s.User.PostAsync("/set_voice", OlderClone(consent: null))),
        Rest("voice.ref-text-too-long", "a transcript of 3,000 characters", s => s.User.PostAsync("/api/voices", CloneForm.Of([1, 2, 3], refText: new string('t', 3000)))),
        Rest("voice.name-invalid", "a blank name", s => s.User.PostAsync("/api/voices", CloneForm.Of([1, 2, 3], name: " "))),
        Rest("voice.name-taken", "a clone named like a preset", s => s.User.PostAsync("/api/voices", CloneForm.Of([1, 2, 3], name: "aiden"))),
        Legacy("voice.name-taken", "an older clone named like a preset", s => s.User.PostAsync("/set_voice", OlderClone(name: "aiden"))),
        Rest("voice.preset-read-only", "deleting a preset", s => s.User.DeleteAsync("/api/voices/aiden")),
        Rest("voice.preset-has-no-recording", "downloading a preset's clip", s => s.User.GetAsync("/api/voices/aiden/audio")),
        Rest("audio.empty", "an empty clip", s => s.User.PostAsync("/api/voices", CloneForm.Of([]))),
        Rest("audio.not-audio", "a text file as the clip", s => s.User.PostAsync("/api/voices", CloneForm.Of(Encoding.UTF8.GetBytes("just some words, no audio at all")))),
        Rest("audio.unsupported-format", "a FLAC clip", s => s.User.PostAsync("/api/voices", CloneForm.Of([.. "fLaC"u8, .. new byte[64]]))),
        Legacy("audio.not-audio", "an older clone of text", s => s.User.PostAsync("/set_voice", OlderClone(file: Encoding.UTF8.GetBytes("not audio at all, only words")))),

        Rest("key.name-invalid", "a key with a 10,000-character name", s => s.User.PostAsJsonAsync("/api/keys", new { name = new string('k', 10_000) })),
        Rest("account.unknown-role", "making someone king", s => s.Admin.PutAsJsonAsync($"/api/admin/users/{s.AdminId}/role", new { role = "king" })),
        Rest("account.last-admin", "the only admin stepping down", s => s.Admin.PutAsJsonAsync($"/api/admin/users/{s.AdminId}/role", new { role = "user" })),
        Rest("model.install-refused", "installing without accepting the licence", s => s.Admin.PostAsJsonAsync("/api/admin/models/pocket-tts/install", new { })),
        Rest("batch.audio-missing", "a finished job whose file is gone", BatchWithoutAudioAsync),
    ];

    /// <summary>Rows this walk cannot provoke cheaply (low limits, a full disk, real weights, a broken engine), and the test file that does.</summary>
    private static readonly Dictionary<string, string> ProvedElsewhere = new()
    {
        ["rate-limit.uploads"] = "CineCast.Web.Tests/RateLimitTests.cs",
        ["rate-limit.synthesis"] = "CineCast.Web.Tests/RateLimitTests.cs",
        ["rate-limit.batches"] = "CineCast.Web.Tests/RateLimitTests.cs",
        ["rate-limit.detection"] = "CineCast.Web.Tests/WatermarkApiTests.cs",
        ["provenance.unreadable-audio"] = "CineCast.Web.Tests/WatermarkApiTests.cs",
        ["synthesis.busy"] = "CineCast.Web.Tests/AdmissionTests.cs",
        ["synthesis.failed"] = "CineCast.Web.Tests/BrokenEngineTests.cs",
        ["live.text-too-long"] = "CineCast.Web.Tests/LiveSpeechTests.cs",
        ["live.text-idle"] = "CineCast.Web.Tests/LiveSpeechTests.cs",
        ["live.text-aborted"] = "CineCast.Web.Tests/LiveSpeechTests.cs",
        ["wyoming.account-unknown"] = "CineCast.Web.Tests/WyomingTests.cs",
        ["wyoming.voice-not-offered"] = "CineCast.Web.Tests/WyomingTests.cs",
        ["wyoming.no-voice-for-language"] = "CineCast.Web.Tests/WyomingTests.cs",
        ["wyoming.unknown-event"] = "CineCast.Web.Tests/WyomingTests.cs",
        ["wyoming.bad-frame"] = "CineCast.Web.Tests/WyomingTests.cs",
        ["wyoming.busy"] = "CineCast.Web.Tests/WyomingTests.cs",
        ["engine.cannot-speak-voice"] = "CineCast.Web.Tests/NeuralEngineTests.cs",
        ["engine.cannot-say-text"] = "CineCast.Web.Tests/NeuralEngineTests.cs",
        ["batch.captions-missing"] = "CineCast.Web.Tests/BatchJobTests.cs",
        ["lexicon.full"] = "CineCast.Web.Tests/LexiconTests.cs",
        ["upload.too-large"] = "CineCast.Web.Tests/CloneServiceTests.cs",
        ["audio.unsupported-bit-depth"] = "CineCast.Web.Tests/CloneServiceTests.cs",
        ["audio.truncated"] = "CineCast.Web.Tests/CloneServiceTests.cs",
        ["audio.invalid-header"] = "CineCast.Web.Tests/CloneServiceTests.cs",
        ["audio.invalid-sample-rate"] = "CineCast.Web.Tests/CloneServiceTests.cs",
        ["audio.invalid-channel-count"] = "CineCast.Web.Tests/CloneServiceTests.cs",
        ["audio.non-finite-samples"] = "CineCast.Web.Tests/CloneServiceTests.cs",
        ["audio.too-long"] = "CineCast.Web.Tests/CloneServiceTests.cs",
        ["audio.silent"] = "CineCast.Web.Tests/CloneServiceTests.cs",
        ["audio.too-short"] = "CineCast.Web.Tests/CloneServiceTests.cs",
        ["audio.clipped"] = "CineCast.Web.Tests/CloneServiceTests.cs",
        ["quota.user-clones"] = "CineCast.Web.Tests/StorageQuotaTests.cs",
        ["quota.user-bytes"] = "CineCast.Web.Tests/StorageQuotaTests.cs",
        ["quota.server-full"] = "CineCast.Web.Tests/StorageQuotaTests.cs",
        ["storage.full"] = "CineCast.Resilience.Tests/DiskFaultTests.cs",
        ["storage.unwritable"] = "CineCast.Resilience.Tests/DiskFaultTests.cs",
        ["batch.too-many"] = "CineCast.Web.Tests/BatchJobTests.cs",
        ["batch.queue-full"] = "CineCast.Web.Tests/BatchJobTests.cs",
        ["batch.not-done"] = "CineCast.Web.Tests/BatchJobTests.cs",
    };

    public static TheoryData<string> Provocations() => [.. Triggers.Select(t => $"{t.Reason} on {t.Surface}: {t.What}")];

    [Theory]
    [MemberData(nameof(Provocations))]
    public async Task Each_surface_answers_a_refusal_as_its_row_declares(string provocation)
    {
        var trigger = Triggers.Single(t => $"{t.Reason} on {t.Surface}: {t.What}" == provocation);
        var row = Refuse.All.Single(r => r.Reason == trigger.Reason);

        var answer = await trigger.Send(setup);

        if (trigger.Surface == Surface.Hub)
        {
            Assert.Null(answer.Status);
            Assert.Equal(row.Reason, answer.Code);
        }
        else
        {
            Assert.True(answer.Status == row.Status, $"{provocation}: {answer.Status} {answer.Code} {answer.Sentence}");
            Assert.Equal(trigger.Surface == Surface.OpenAi ? row.OpenAiCode : row.Reason, answer.Code);
        }
        Assert.Matches(SentenceShape(row), answer.Sentence!);
    }

    [Fact]
    public void Every_row_is_provoked_here_or_in_a_test_that_checks_its_code()
    {
        var provokedHere = Triggers.Select(t => t.Reason).ToHashSet();
        foreach (var row in Refuse.All)
        {
            if (provokedHere.Contains(row.Reason))
            {
                Assert.False(ProvedElsewhere.ContainsKey(row.Reason), $"{row.Reason} is provoked here; drop it from {nameof(ProvedElsewhere)}");
                continue;
            }
            Assert.True(ProvedElsewhere.TryGetValue(row.Reason, out var file), $"Nothing provokes the refusal '{row.Reason}': add a trigger here.");
            var source = File.ReadAllText(Path.Combine(Fixtures.RepositoryRootPath, "tests", file));
            Assert.True(source.Contains($"\"{row.Reason}\"", StringComparison.Ordinal) || source.Contains($"[{row.Reason}]", StringComparison.Ordinal)
                || source.Contains($"\"{row.OpenAiCode}\"", StringComparison.Ordinal), $"{file} does not check the code of '{row.Reason}'");
        }
        Assert.Empty(ProvedElsewhere.Keys.Except(Refuse.All.Select(r => r.Reason)));
    }

    [Fact]
    public void Codes_are_unique_and_every_clip_problem_has_its_row()
    {
        Assert.Equal(Refuse.All.Count, Refuse.All.Select(r => r.Reason).Distinct().Count());
        Assert.All(Refuse.All, row => Assert.Matches("^[a-z]+(-[a-z0-9]+)*(\\.[a-z]+(-[a-z0-9]+)*)?$", row.Reason));
        Assert.All(Refuse.All, row => Assert.InRange(row.Status, 400, 599));
        Assert.All(Enum.GetValues<AudioProblem>(), problem => Assert.StartsWith("audio.", Refuse.Audio(problem).Reason, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_refusal_reads_the_same_in_ProblemDetails_OpenAIs_shape_and_the_hub()
    {
        foreach (var row in Refuse.All)
        {
            var refused = row.RetryAfter(7, [.. Enumerable.Range(1, row.Holes).Select(i => (object)$"fact{i}")]);

            var (problemStatus, problem, problemRetry) = await AnswerAtAsync("/api/voices", refused);
            var (openAiStatus, openAi, openAiRetry) = await AnswerAtAsync(Speech, refused);
            var hub = refused.ToHubException();

            Assert.Equal((row.Status, row.Status, "7", "7"), (problemStatus, openAiStatus, problemRetry, openAiRetry));
            Assert.Equal((row.Reason, refused.Message), (problem.GetProperty("reason").GetString(), problem.GetProperty("detail").GetString()));
            var error = openAi.GetProperty("error");
            Assert.Equal((refused.Message, row.OpenAiCode, row.OpenAiParam),
                (error.GetProperty("message").GetString(), error.GetProperty("code").GetString(), error.GetProperty("param").GetString()));
            Assert.Equal($"{refused.Message} [{row.Reason}]", hub.Message);
            Assert.All(Enumerable.Range(1, row.Holes), i => Assert.Contains($"fact{i}", refused.Message, StringComparison.Ordinal));
        }
    }

    [Fact]
    public void The_README_lists_every_code_with_its_status()
    {
        var readme = File.ReadAllText(Path.Combine(Fixtures.RepositoryRootPath, "README.md"));
        var listed = ReadmeRow().Matches(readme).ToDictionary(m => m.Groups["code"].Value, m => int.Parse(m.Groups["status"].Value, System.Globalization.CultureInfo.InvariantCulture));

        Assert.All(Refuse.All, row => Assert.True(listed.TryGetValue(row.Reason, out var status) && status == row.Status,
            $"README: expected a row | `{row.Reason}` | {row.Status} |"));
        Assert.Empty(listed.Keys.Except(Refuse.All.Select(r => r.Reason)));
    }

    /// <summary>The row's sentence with every hole allowed to hold anything: what a person reads is the declared sentence.</summary>
    private static Regex SentenceShape(Refusal row) =>
        new("^" + string.Join(".*", HoleSplit().Split(row.Sentence).Select(Regex.Escape)) + "$", RegexOptions.Singleline);

    [GeneratedRegex("\\{[0-9]+(?::[^}]*)?\\}")]
    private static partial Regex HoleSplit();

    [GeneratedRegex("^\\| `(?<code>[a-z0-9.-]+)` \\| (?<status>[0-9]{3}) \\|", RegexOptions.Multiline)]
    private static partial Regex ReadmeRow();

    private static Trigger Rest(string reason, string what, Func<Setup, Task<HttpResponseMessage>> send) =>
        new(reason, Surface.Rest, what, async s => await AnswerOfAsync(await send(s)));

    private static Trigger OpenAi(string reason, string what, Func<Setup, Task<HttpResponseMessage>> send) =>
        new(reason, Surface.OpenAi, what, async s => await AnswerOfAsync(await send(s)));

    private static Trigger Legacy(string reason, string what, Func<Setup, Task<HttpResponseMessage>> send) =>
        new(reason, Surface.Legacy, what, async s => await AnswerOfAsync(await send(s)));

    private static Trigger Hub(string reason, string what, SynthesisRequest request) =>
        new(reason, Surface.Hub, what, async s =>
        {
            var failure = await Assert.ThrowsAsync<HubException>(() => s.Hub.SpeakAsync(request));
            var match = Regex.Match(failure.Message, "HubException: (?<sentence>.*) \\[(?<code>[a-z0-9.-]+)\\]$", RegexOptions.Singleline);
            return new Answer(null, match.Groups["code"].Value, match.Groups["sentence"].Value);
        });

    private static async Task<Answer> AnswerOfAsync(HttpResponseMessage response)
    {
        var body = JsonSerializer.Deserialize<JsonElement>(await response.Content.ReadAsStringAsync());
        return body.TryGetProperty("error", out var error)
            ? new Answer((int)response.StatusCode, error.GetProperty("code").GetString(), error.GetProperty("message").GetString())
            : new Answer((int)response.StatusCode, body.GetProperty("reason").GetString(), body.GetProperty("detail").GetString());
    }

    private static async Task<HttpResponseMessage> BatchWithoutAudioAsync(Setup s)
    {
        var job = await s.User.SubmittedAsync(new { text = "Gone.", voice = "aiden", format = "wav" });
        await s.User.FinishedAsync(job.Id);
        foreach (var file in Directory.EnumerateFiles(s.App.DataDirectory, $"*{job.Id}*.wav", SearchOption.AllDirectories))
        {
            File.Delete(file);
        }
        return await s.User.GetAsync($"/api/batches/{job.Id}/audio");
    }

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    private static ByteArrayContent RawMultipart(string section)
    {
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes($"--edge\r\n{section}\r\n--edge--\r\n"));
        content.Headers.ContentType = MediaTypeHeaderValue.Parse("multipart/form-data; boundary=edge");
        return content;
    }

    private static MultipartFormDataContent TwoFiles()
    {
        var form = CloneForm.Of([1, 2, 3]);
        form.Add(new ByteArrayContent([4, 5, 6]), "file", "second.bin");
        return form;
    }

    private static MultipartFormDataContent Latin1Name() => new()
    {
        { new ByteArrayContent([0x43, 0x61, 0x66, 0xE9]), "name" },
        { new StringContent("true"), "consent" },
    };

    private static MultipartFormDataContent OlderClone(string? name = "Older", string? consent = "true", byte[]? file = null)
    {
        var form = new MultipartFormDataContent { { new ByteArrayContent(file ?? [1, 2, 3]), "file", "clip.bin" } };
        if (name is not null)
        {
            form.Add(new StringContent(name), "voice_name");
        }
        if (consent is not null)
        {
            form.Add(new StringContent(consent), "consent");
        }
        return form;
    }

    private static async Task<(int Status, JsonElement Body, string RetryAfter)> AnswerAtAsync(string path, RefusedException refused)
    {
        var context = new DefaultHttpContext { RequestServices = new ServiceCollection().AddLogging().BuildServiceProvider() };
        context.Request.Path = path;
        context.Response.Body = new MemoryStream();
        await refused.ToHttp(context.Request).ExecuteAsync(context);
        context.Response.Body.Position = 0;
        return (context.Response.StatusCode, await JsonSerializer.DeserializeAsync<JsonElement>(context.Response.Body), context.Response.Headers.RetryAfter.ToString());
    }
}
