using System.ClientModel;
using System.ClientModel.Primitives;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CineCast.Audio;
using CineCast.Web.Accounts;
using OpenAI;
using OpenAI.Audio;

namespace CineCast.Web.Tests;

/// <summary>The APIs for programs: OpenAI-compatible speech, API keys and the older CineCast endpoints, over real HTTP.</summary>
[Collection(EspeakSerial.Name)]
public sealed class ProgramApiTests(AppFixture fixture) : IClassFixture<AppFixture>
{
    private const string Sentence = "Good evening. This is a test of the speech endpoint.";

    [Theory]
    [InlineData("wav")]
    [InlineData("pcm")]
    [InlineData("mp3")]
    [InlineData("opus")]
    [InlineData("flac")]
    [InlineData("aac")]
    public async Task Every_response_format_decodes_to_the_duration_of_the_speech(string format)
    {
        var reference = await SpeakAsync("wav");
        var response = await SpeakAsync(format);

        var seconds = DurationOf(reference.Bytes, "wav");
        Assert.Equal(seconds, DurationOf(response.Bytes, format), 0.12);
        Assert.Equal("basic", response.Engine);
        Assert.StartsWith("aiden; name=\"aiden\"", response.Voice, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_long_input_streams_its_first_bytes_long_before_the_last()
    {
        var text = string.Join(" ", Enumerable.Repeat("A sentence that is neither short nor long, spoken to fill the time.", 45));
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/audio/speech") { Content = JsonContent.Create(new { model = "tts-1", input = text, voice = "ava", response_format = "pcm" }) };
        var started = Stopwatch.GetTimestamp();

        using var response = await fixture.Admin.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        await using var body = await response.Content.ReadAsStreamAsync();
        var buffer = new byte[4096];
        await body.ReadAtLeastAsync(buffer, 1);
        var first = Stopwatch.GetElapsedTime(started);
        long total = 0;
        int read;
        while ((read = await body.ReadAsync(buffer)) > 0)
        {
            total += read;
        }
        var last = Stopwatch.GetElapsedTime(started);

        Assert.True(total > 24000 * 2 * 60, "a minute or more of audio");
        Assert.True(first < last / 3, $"first bytes after {first.TotalMilliseconds:0} ms, last after {last.TotalMilliseconds:0} ms");
    }

    public static TheoryData<string, object, HttpStatusCode, string, string> Refusals => new()
    {
        { "an unknown voice", new { model = "tts-1", input = "Hi.", voice = "nobody" }, HttpStatusCode.NotFound, "voice", "voice_unknown" },
        { "empty input", new { model = "tts-1", input = "  ", voice = "aiden" }, HttpStatusCode.BadRequest, "input", "text_empty" },
        { "over-long input", new { model = "tts-1", input = new string('a', 5001), voice = "aiden" }, HttpStatusCode.BadRequest, "input", "text_too_long" },
        { "a bad speed", new { model = "tts-1", input = "Hi.", voice = "aiden", speed = 4.0 }, HttpStatusCode.BadRequest, "speed", "speed_out_of_range" },
        { "an unsupported format", new { model = "tts-1", input = "Hi.", voice = "aiden", response_format = "wma" }, HttpStatusCode.BadRequest, "response_format", "unsupported_format" },
        { "an unknown model", new { model = "tts-9", input = "Hi.", voice = "aiden" }, HttpStatusCode.NotFound, "model", "engine_unknown" },
        { "an unknown stream format", new { model = "tts-1", input = "Hi.", voice = "aiden", stream_format = "websocket" }, HttpStatusCode.BadRequest, "stream_format", "unsupported_stream_format" },
        { "server-sent events with an unknown voice", new { model = "tts-1", input = "Hi.", voice = "nobody", stream_format = "sse" }, HttpStatusCode.NotFound, "voice", "voice_unknown" },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task A_bad_speech_request_gets_an_OpenAI_shaped_error_and_never_a_default_voice(string what, object body, HttpStatusCode status, string param, string code)
    {
        var response = await fixture.Admin.PostAsJsonAsync("/v1/audio/speech", body);

        var error = await OpenAiErrorAsync(response);
        Assert.True(response.StatusCode == status, $"{what}: {(int)response.StatusCode} {error}");
        Assert.Equal(param, error.GetProperty("param").GetString());
        Assert.Equal(code, error.GetProperty("code").GetString());
        Assert.False(string.IsNullOrWhiteSpace(error.GetProperty("message").GetString()));
        Assert.False(response.Headers.Contains("X-CineCast-Voice"));
    }

    [Fact]
    public async Task Speech_with_timestamps_says_when_each_word_and_sentence_of_the_input_is_heard()
    {
        const string input = "Hello there. I paid $1,250 for 3 tickets!";

        var response = await fixture.Admin.PostAsJsonAsync("/v1/audio/speech/with-timestamps", new { model = "tts-1", input, voice = "aiden", response_format = "wav" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("basic", response.Headers.GetValues("X-CineCast-Engine").Single());
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        var seconds = Fixtures.Decode(Convert.FromBase64String(body.GetProperty("audio_base64").GetString()!)).DurationSeconds;
        var words = body.GetProperty("words").EnumerateArray().Select(w => (Text: w.GetProperty("text").GetString(), Start: w.GetProperty("start").GetDouble(), End: w.GetProperty("end").GetDouble())).ToList();
        var sentences = body.GetProperty("sentences").EnumerateArray().Select(w => w.GetProperty("text").GetString()).ToList();
        Assert.Equal("wav", body.GetProperty("format").GetString());
        Assert.Equal(["Hello", "there", "I", "paid", "$1,250", "for", "3", "tickets"], words.Select(w => w.Text));
        Assert.Equal(["Hello there", "I paid $1,250 for 3 tickets"], sentences);
        Assert.Equal(words.Select(w => w.Start).Order(), words.Select(w => w.Start));
        Assert.All(words, w => Assert.True(w.Start < w.End, $"{w.Text} {w.Start}-{w.End}"));
        Assert.InRange(words[^1].End, seconds - 0.05, seconds + 0.001);
    }

    [Fact]
    public async Task Missing_or_wrong_keys_get_401_in_OpenAI_shape_and_another_users_clone_404()
    {
        var anonymous = fixture.App.AnonymousClient();
        var wrong = fixture.App.AnonymousClient();
        wrong.DefaultRequestHeaders.Authorization = new("Bearer", "ccak_not-a-real-key-at-all-000000");
        var owner = await fixture.NewUserAsync();
        var cloneId = await SpeechClient.CloneIdAsync(owner, SpeechFiles.Clip24k, "Private");
        var body = new { model = "tts-1", input = "Hi.", voice = "aiden" };

        var missing = await anonymous.PostAsJsonAsync("/v1/audio/speech", body);
        var bad = await wrong.PostAsJsonAsync("/v1/audio/speech", body);
        var foreign = await fixture.Admin.PostAsJsonAsync("/v1/audio/speech", new { model = "tts-1", input = "Hi.", voice = cloneId });

        Assert.Equal(HttpStatusCode.Unauthorized, missing.StatusCode);
        Assert.Equal("invalid_api_key", (await OpenAiErrorAsync(missing)).GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.Unauthorized, bad.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, foreign.StatusCode);
        Assert.Equal("voice_unknown", (await OpenAiErrorAsync(foreign)).GetProperty("code").GetString());
    }

    [Fact]
    public async Task An_api_key_is_created_used_listed_without_its_secret_and_revoked()
    {
        var user = await fixture.NewUserAsync();
        var created = await (await user.PostAsJsonAsync("/api/keys", new { name = "my script" })).Content.ReadFromJsonAsync<CreatedApiKey>();
        var program = fixture.App.AnonymousClient();
        program.DefaultRequestHeaders.Authorization = new("Bearer", created!.Key);

        var spoken = await program.PostAsJsonAsync("/v1/audio/speech", new { model = "tts-1", input = "Hi.", voice = "aiden", response_format = "wav" });
        var listing = await user.GetStringAsync("/api/keys");
        var revoked = await user.DeleteAsync($"/api/keys/{created.Id}");
        var afterRevoke = await program.GetAsync("/api/voices");

        Assert.Equal(HttpStatusCode.OK, spoken.StatusCode);
        Assert.Contains("my script", listing, StringComparison.Ordinal);
        Assert.DoesNotContain(created.Key, listing, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NoContent, revoked.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, afterRevoke.StatusCode);
    }

    [Fact]
    public async Task The_official_OpenAI_client_works_with_only_the_endpoint_and_key_changed()
    {
        var client = await OfficialClientAsync();

        BinaryData speech = await client.GetAudioClient("tts-1").GenerateSpeechAsync(Sentence, new GeneratedSpeechVoice("aiden"),
            new SpeechGenerationOptions { ResponseFormat = GeneratedSpeechFormat.Wav });

        Assert.InRange(DurationOf(speech.ToArray(), "wav"), 1.5, 10);
    }

    [Fact]
    public async Task Speech_as_server_sent_events_carries_the_same_audio_as_base64_deltas_and_ends_with_done()
    {
        var raw = await SpeakAsync("pcm");

        var response = await fixture.Admin.PostAsJsonAsync("/v1/audio/speech", new { model = "tts-1", input = Sentence, voice = "aiden", response_format = "pcm", stream_format = "sse" });
        var events = ServerSentEvents.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("basic", response.Headers.GetValues("X-CineCast-Engine").Single());
        Assert.True(events.Count > 3, $"{events.Count} events: the audio comes in pieces as it is made");
        Assert.All(events.SkipLast(1), e => Assert.Equal("speech.audio.delta", e.GetProperty("type").GetString()));
        var done = events[^1];
        Assert.Equal(("speech.audio.done", "basic", "aiden"), (done.GetProperty("type").GetString(), done.GetProperty("engine").GetString(), done.GetProperty("voice").GetString()));
        var audio = ServerSentEvents.Audio(events);
        Assert.Equal(raw.Bytes.Length, audio.Length);
        Assert.Equal(DurationOf(audio, "pcm"), done.GetProperty("duration_seconds").GetDouble(), 0.05);
    }

    [Fact]
    public async Task Server_sent_mp3_joins_into_one_file_of_the_whole_speech()
    {
        var response = await fixture.Admin.PostAsJsonAsync("/v1/audio/speech", new { model = "tts-1", input = Sentence, voice = "aiden", response_format = "mp3", stream_format = "sse" });
        var audio = ServerSentEvents.Audio(ServerSentEvents.Parse(await response.Content.ReadAsStringAsync()));

        Assert.Equal(DurationOf((await SpeakAsync("wav")).Bytes, "wav"), DurationOf(audio, "mp3"), 0.12);
    }

    [Fact]
    public async Task The_official_OpenAI_client_streams_speech_as_events_and_lists_models()
    {
        var client = await OfficialClientAsync();

        var audio = new MemoryStream();
        var updates = 0;
#pragma warning disable OPENAI001 // the client's streaming speech is marked for evaluation; it is what clients of the endpoint use.
        await foreach (var update in await client.GetAudioClient("gpt-4o-mini-tts").GenerateSpeechStreamingAsync(Sentence, new GeneratedSpeechVoice("aiden"),
            new SpeechGenerationOptions { ResponseFormat = GeneratedSpeechFormat.Pcm }))
        {
            updates++;
            if (update is StreamingSpeechAudioDeltaUpdate delta)
            {
                audio.Write(delta.AudioBytes.ToArray());
            }
        }
#pragma warning restore OPENAI001
        var models = (await client.GetOpenAIModelClient().GetModelsAsync()).Value.Select(m => m.Id);
        var one = (await client.GetOpenAIModelClient().GetModelAsync("tts-1-hd")).Value;

        Assert.True(updates > 3, $"{updates} updates");
        Assert.Equal(DurationOf((await SpeakAsync("pcm")).Bytes, "pcm"), DurationOf(audio.ToArray(), "pcm"), 0.001);
        Assert.Equal(["tts-1", "tts-1-hd", "gpt-4o-mini-tts", "basic"], models);
        Assert.Equal(("tts-1-hd", "cinecast"), (one.Id, one.OwnedBy));
    }

    [Fact]
    public async Task The_model_list_has_OpenAIs_names_spoken_by_the_default_engine_and_every_ready_engine()
    {
        var list = await fixture.Admin.GetFromJsonAsync<JsonElement>("/v1/models");
        var unknown = await fixture.Admin.GetAsync("/v1/models/whisper-1");

        Assert.Equal("list", list.GetProperty("object").GetString());
        var models = list.GetProperty("data").EnumerateArray().ToList();
        Assert.Equal(["tts-1", "tts-1-hd", "gpt-4o-mini-tts", "basic"], models.Select(m => m.GetProperty("id").GetString()));
        Assert.All(models, m =>
        {
            Assert.Equal("model", m.GetProperty("object").GetString());
            Assert.Equal("cinecast", m.GetProperty("owned_by").GetString());
            Assert.Equal("basic", m.GetProperty("engine").GetString());
            Assert.True(m.GetProperty("created").GetInt64() > 0);
        });
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("not_found", (await OpenAiErrorAsync(unknown)).GetProperty("code").GetString());
    }

    [Fact]
    public async Task The_audio_model_list_is_in_the_shape_Open_WebUI_reads_even_without_a_key()
    {
        var models = await fixture.App.AnonymousClient().GetFromJsonAsync<JsonElement>("/v1/audio/models");
        var unauthenticatedModelList = await fixture.App.AnonymousClient().GetAsync("/v1/models");

        Assert.Equal(["tts-1", "tts-1-hd", "gpt-4o-mini-tts", "basic"], models.GetProperty("models").EnumerateArray().Select(m => m.GetProperty("id").GetString()));
        Assert.Equal(HttpStatusCode.Unauthorized, unauthenticatedModelList.StatusCode);
    }

    [Fact]
    public async Task The_voice_list_has_the_presets_and_the_callers_own_clones_but_no_one_elses()
    {
        var owner = await fixture.NewUserAsync();
        var other = await fixture.NewUserAsync();
        var cloneId = await SpeechClient.CloneIdAsync(owner, SpeechFiles.Clip24k, "Listed clone");

        var mine = (await owner.GetFromJsonAsync<JsonElement>("/v1/audio/voices")).GetProperty("voices").EnumerateArray().ToList();
        var theirs = (await other.GetFromJsonAsync<JsonElement>("/v1/audio/voices")).GetProperty("voices").EnumerateArray().ToList();
        // Open WebUI asks without its key: it gets the presets.
        var anonymous = (await fixture.App.AnonymousClient().GetFromJsonAsync<JsonElement>("/v1/audio/voices")).GetProperty("voices").EnumerateArray().ToList();

        var clone = Assert.Single(mine, v => v.GetProperty("id").GetString() == cloneId);
        Assert.Equal(("Listed clone", "clone"), (clone.GetProperty("name").GetString(), clone.GetProperty("kind").GetString()));
        var aiden = Assert.Single(mine, v => v.GetProperty("id").GetString() == "aiden");
        Assert.Equal(("aiden", "preset"), (aiden.GetProperty("name").GetString(), aiden.GetProperty("kind").GetString()));
        Assert.DoesNotContain(theirs, v => v.GetProperty("id").GetString() == cloneId);
        Assert.Equal(mine.Count - 1, theirs.Count);
        Assert.All(anonymous, v => Assert.Equal("preset", v.GetProperty("kind").GetString()));
        Assert.Equal(mine.Count(v => v.GetProperty("kind").GetString() == "preset"), anonymous.Count);
    }

    [Fact]
    public async Task The_older_endpoints_clone_select_list_and_stream_as_before()
    {
        var user = await fixture.NewUserAsync();
        using var form = new MultipartFormDataContent
        {
            { new ByteArrayContent(SpeechFiles.Shared(SpeechFiles.Clip24k)), "file", "me.wav" },
            { new StringContent("Legacy me"), "voice_name" },
            { new StringContent("true"), "consent" },
        };

        var cloned = await (await user.PostAsync("/set_voice", form)).Content.ReadFromJsonAsync<JsonElement>();
        var voices = await user.GetFromJsonAsync<JsonElement>("/voices");
        var withSelected = await user.GetAsync($"/read_stream?text={Uri.EscapeDataString(Sentence)}");
        using var select = new MultipartFormDataContent { { new StringContent("ava"), "voice_name" } };
        var selected = await (await user.PostAsync("/set_voice", select)).Content.ReadFromJsonAsync<JsonElement>();
        var named = await user.GetAsync($"/read_stream?text=Hello&voice=aiden");

        Assert.Equal(("ok", "Legacy me", true), (cloned.GetProperty("status").GetString(), cloned.GetProperty("voice").GetString(), cloned.GetProperty("created").GetBoolean()));
        Assert.Contains("Legacy me", voices.GetProperty("voices").EnumerateArray().Select(v => v.GetString()));
        Assert.Contains("aiden", voices.GetProperty("voices").EnumerateArray().Select(v => v.GetString()));
        Assert.StartsWith(cloned.GetProperty("voiceId").GetString()!, withSelected.Headers.GetValues("X-CineCast-Voice").Single(), StringComparison.Ordinal);
        Assert.InRange(DurationOf(await withSelected.Content.ReadAsByteArrayAsync(), "wav"), 1.5, 10);
        Assert.Equal(("ava", false), (selected.GetProperty("voice").GetString(), selected.GetProperty("created").GetBoolean()));
        Assert.StartsWith("aiden;", named.Headers.GetValues("X-CineCast-Voice").Single(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reading_without_a_voice_named_or_selected_is_refused()
    {
        var user = await fixture.NewUserAsync();

        var response = await user.GetAsync("/read_stream?text=Hello");

        await CloneServiceTests.AssertProblemAsync(response, HttpStatusCode.BadRequest, "voice.missing");
    }

    private async Task<(byte[] Bytes, string Engine, string Voice)> SpeakAsync(string format)
    {
        var response = await fixture.Admin.PostAsJsonAsync("/v1/audio/speech", new { model = "tts-1", input = Sentence, voice = "aiden", response_format = format });
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadAsByteArrayAsync(), response.Headers.GetValues("X-CineCast-Engine").Single(), response.Headers.GetValues("X-CineCast-Voice").Single());
    }

    private static double DurationOf(byte[] bytes, string format) => format switch
    {
        "pcm" => bytes.Length / 2 / 24000.0,
        "wav" or "mp3" or "opus" => Fixtures.Decode(bytes).DurationSeconds,
        // Our decoder reads no FLAC or AAC (uploads do not need them); ffmpeg checks those outputs.
        _ => Fixtures.Decode(FfmpegPipe.Run(bytes, "-f", "wav")).DurationSeconds,
    };

    /// <summary>OpenAI's own .NET client, with only the endpoint and the key changed.</summary>
    private async Task<OpenAIClient> OfficialClientAsync()
    {
        var user = await fixture.NewUserAsync();
        var key = (await (await user.PostAsJsonAsync("/api/keys", new { name = "openai sdk" })).Content.ReadFromJsonAsync<CreatedApiKey>())!.Key;
        return new OpenAIClient(new ApiKeyCredential(key), new OpenAIClientOptions
        {
            Endpoint = new Uri(fixture.App.Server.BaseAddress, "/v1"),
            Transport = new HttpClientPipelineTransport(fixture.App.CreateClient()),
        });
    }

    private static async Task<JsonElement> OpenAiErrorAsync(HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error");
}
