using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using CineCast.Web.Synthesis;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;

namespace CineCast.Web.Tests;

/// <summary>
/// Hostile input across the HTTP speech endpoints, the REST API and the hub: malformed JSON, wrong types, huge
/// fields, unicode edge cases, markup injection and other users' ids. Each is a 4xx (or a hub error) with a
/// reason, leaves nothing behind, and the server keeps serving. The audio uploads are in <see cref="CloneServiceTests"/>.
/// </summary>
[Collection(EspeakSerial.Name)]
public sealed class HostileInputTests(HostileInputTests.Setup setup) : IClassFixture<HostileInputTests.Setup>
{
    public sealed class Setup : IAsyncLifetime
    {
        public CineCastApp App { get; } = new();
        public HttpClient Owner { get; private set; } = default!;
        public HttpClient Intruder { get; private set; } = default!;
        public string OwnersCloneId { get; private set; } = "";
        public string OwnersBatchId { get; private set; } = "";

        public async Task InitializeAsync()
        {
            Owner = await App.SignedInClientAsync("owner@cinecast.test");
            Intruder = await App.SignedInClientAsync("intruder@cinecast.test");
            OwnersCloneId = await SpeechClient.CloneIdAsync(Owner, SpeechFiles.Clip24k, "Owner's voice");
            OwnersBatchId = (await Owner.SubmittedAsync(new { text = "A short private text.", voice = "aiden", format = "wav" })).Id;
            await Owner.PollUntilAsync(OwnersBatchId, job => job.Status == Batches.BatchStates.Done);
        }

        public Task DisposeAsync()
        {
            App.Dispose();
            return Task.CompletedTask;
        }
    }

    private const string Speech = "/v1/audio/speech";

    /// <summary>Raw bodies for <c>POST /v1/audio/speech</c>: what arrives, and the OpenAI error code it must get.</summary>
    public static TheoryData<string, string, string, HttpStatusCode, string> SpeechBodies => new()
    {
        { "JSON cut off mid-string", "application/json", """{"model":"tts-1","input":"Hel""", HttpStatusCode.BadRequest, "invalid_json" },
        { "a number where text belongs", "application/json", """{"model":"tts-1","input":123,"voice":"aiden"}""", HttpStatusCode.BadRequest, "invalid_json" },
        { "a word where a number belongs", "application/json", """{"model":"tts-1","input":"Hi.","voice":"aiden","speed":"fast"}""", HttpStatusCode.BadRequest, "invalid_json" },
        { "an array body", "application/json", "[]", HttpStatusCode.BadRequest, "invalid_json" },
        { "a null body", "application/json", "null", HttpStatusCode.BadRequest, "invalid_json" },
        { "JSON nested 500 deep", "application/json", """{"model":""" + new string('[', 500) + new string(']', 500) + "}", HttpStatusCode.BadRequest, "invalid_json" },
        { "JSON sent as plain text", "text/plain", """{"model":"tts-1","input":"Hi.","voice":"aiden"}""", HttpStatusCode.UnsupportedMediaType, "unsupported_media_type" },
        { "a lone surrogate in the text", "application/json", """{"model":"tts-1","input":"\ud800","voice":"aiden"}""", HttpStatusCode.BadRequest, "invalid_json" },
        { "only zero-width characters and emoji", "application/json", """{"model":"tts-1","input":"\u200b\u200d\u2060\ud83d\ude00","voice":"aiden"}""", HttpStatusCode.BadRequest, "text_nothing_to_say" },
        { "only SSML markup", "application/json", """{"model":"tts-1","input":"<speak><p></p><s/></speak>","voice":"aiden"}""", HttpStatusCode.BadRequest, "text_nothing_to_say" },
        { "a 100 s break", "application/json", """{"model":"tts-1","input":"<speak>a<break time=\"100s\"/>b</speak>","voice":"aiden"}""", HttpStatusCode.BadRequest, "markup_bad_pause" },
        { "an SSML audio tag reaching for a file", "application/json", """{"model":"tts-1","input":"<speak>Hi<audio src=\"file:///etc/passwd\"/></speak>","voice":"aiden"}""", HttpStatusCode.BadRequest, "markup_unknown_tag" },
        { "an entity bomb", "application/json", """{"model":"tts-1","input":"<?xml version=\"1.0\"?><!DOCTYPE l [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\"><!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\">]><speak>&c;&c;&c;</speak>","voice":"aiden"}""", HttpStatusCode.BadRequest, "markup_declaration" },
        { "an external entity", "application/json", """{"model":"tts-1","input":"<!DOCTYPE speak [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><speak>&x;</speak>","voice":"aiden"}""", HttpStatusCode.BadRequest, "markup_declaration" },
        { "an undeclared entity", "application/json", """{"model":"tts-1","input":"<speak>&x;</speak>","voice":"aiden"}""", HttpStatusCode.BadRequest, "markup_malformed" },
        { "SSML nested 600 deep", "application/json", $$"""{"model":"tts-1","input":"<speak>{{string.Concat(Enumerable.Repeat("<s>", 600))}}x{{string.Concat(Enumerable.Repeat("</s>", 600))}}</speak>","voice":"aiden"}""", HttpStatusCode.BadRequest, "markup_too_deep" },
        { "a 4,000-character alias", "application/json", $$"""{"model":"tts-1","input":"<speak><sub alias=\"{{new string('a', 4000)}}\">x</sub></speak>","voice":"aiden"}""", HttpStatusCode.BadRequest, "markup_bad_attribute" },
        { "400 pauses", "application/json", $$"""{"model":"tts-1","input":"{{string.Concat(Enumerable.Repeat("a[pause:1ms]", 400))}}","voice":"aiden"}""", HttpStatusCode.BadRequest, "markup_too_many_pauses" },
        { "a 100,000-character voice name", "application/json", $$"""{"model":"tts-1","input":"Hi.","voice":"{{new string('v', 100_000)}}"}""", HttpStatusCode.NotFound, "voice_unknown" },
        { "a path as the voice", "application/json", """{"model":"tts-1","input":"Hi.","voice":"../../../etc/passwd"}""", HttpStatusCode.NotFound, "voice_unknown" },
        { "a path as the format", "application/json", """{"model":"tts-1","input":"Hi.","voice":"aiden","response_format":"../../wav"}""", HttpStatusCode.BadRequest, "unsupported_format" },
        { "a NUL inside the model", "application/json", """{"model":"basic\u0000","input":"Hi.","voice":"aiden"}""", HttpStatusCode.NotFound, "engine_unknown" },
        { "a speed of 1e308", "application/json", """{"model":"tts-1","input":"Hi.","voice":"aiden","speed":1e308}""", HttpStatusCode.BadRequest, "speed_out_of_range" },
        { "a negative speed", "application/json", """{"model":"tts-1","input":"Hi.","voice":"aiden","speed":-1}""", HttpStatusCode.BadRequest, "speed_out_of_range" },
        { "a number as the stream format", "application/json", """{"model":"tts-1","input":"Hi.","voice":"aiden","stream_format":1}""", HttpStatusCode.BadRequest, "invalid_json" },
        { "a shell command as the stream format", "application/json", """{"model":"tts-1","input":"Hi.","voice":"aiden","stream_format":"sse; rm -rf /"}""", HttpStatusCode.BadRequest, "unsupported_stream_format" },
        { "server-sent events of nothing", "application/json", """{"model":"tts-1","input":"","voice":"aiden","stream_format":"sse"}""", HttpStatusCode.BadRequest, "text_empty" },
        { "server-sent events of bad SSML", "application/json", """{"model":"tts-1","input":"<speak><b>x</b></speak>","voice":"aiden","stream_format":"sse"}""", HttpStatusCode.BadRequest, "markup_unknown_tag" },
        { "a 3 MB body", "application/json", $$"""{"model":"tts-1","input":"{{new string('a', 3_000_000)}}","voice":"aiden"}""", HttpStatusCode.RequestEntityTooLarge, "request_too_large" },
    };

    [Theory]
    [MemberData(nameof(SpeechBodies))]
    public async Task A_hostile_speech_body_gets_an_OpenAI_error_with_its_code(string what, string contentType, string body, HttpStatusCode status, string code)
    {
        var before = Snapshot();

        var response = await setup.Owner.PostAsync(Speech, new StringContent(body, Encoding.UTF8, contentType));

        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"{what}: {(int)response.StatusCode} {text[..Math.Min(text.Length, 400)]}");
        var error = JsonDocument.Parse(text).RootElement.GetProperty("error");
        Assert.True(code == error.GetProperty("code").GetString(), $"{what}: {text}");
        Assert.InRange(error.GetProperty("message").GetString()!.Length, 10, 400);
        Assert.False(response.Headers.Contains("X-CineCast-Voice"));
        await AssertNothingChangedAndStillServingAsync(before);
    }

    /// <summary>REST requests: another user's ids, wrong types, malformed bodies; each a ProblemDetails with a reason.</summary>
    public static TheoryData<string, HttpStatusCode, string> RestRequests => new()
    {
        { "reading another user's clone", HttpStatusCode.NotFound, "not-found" },
        { "downloading another user's clone audio", HttpStatusCode.NotFound, "not-found" },
        { "renaming another user's clone", HttpStatusCode.NotFound, "not-found" },
        { "deleting another user's clone", HttpStatusCode.NotFound, "not-found" },
        { "reading another user's batch job", HttpStatusCode.NotFound, "not-found" },
        { "downloading another user's batch audio", HttpStatusCode.NotFound, "not-found" },
        { "deleting another user's batch job", HttpStatusCode.NotFound, "not-found" },
        { "an encoded path as a clone id", HttpStatusCode.NotFound, "not-found" },
        { "renaming with a number for the name", HttpStatusCode.BadRequest, "request.malformed" },
        { "renaming with malformed JSON", HttpStatusCode.BadRequest, "request.malformed" },
        { "renaming to a right-to-left override trick", HttpStatusCode.BadRequest, "voice.name-invalid" },
        { "a batch with malformed JSON", HttpStatusCode.BadRequest, "request.malformed" },
        { "a batch with a speed of the wrong type", HttpStatusCode.BadRequest, "request.malformed" },
        { "a batch of markup only", HttpStatusCode.BadRequest, "text.nothing-to-say" },
        { "an API key with a 10,000-character name", HttpStatusCode.BadRequest, "key.name-invalid" },
        { "the older stream with only markup", HttpStatusCode.BadRequest, "text.nothing-to-say" },
        { "the older stream with another user's clone", HttpStatusCode.NotFound, "voice.unknown" },
    };

    [Theory]
    [MemberData(nameof(RestRequests))]
    public async Task A_hostile_REST_request_gets_a_problem_with_a_reason(string what, HttpStatusCode status, string reason)
    {
        var before = Snapshot();

        var response = await SendAsync(what);

        var problem = await CloneServiceTests.ProblemAsync(response);
        Assert.True(response.StatusCode == status && problem.Reason == reason, $"{what}: {(int)response.StatusCode} {problem.Reason} {problem.Detail}");
        Assert.False(string.IsNullOrWhiteSpace(problem.Detail));
        await AssertNothingChangedAndStillServingAsync(before);
        Assert.Equal(HttpStatusCode.OK, (await setup.Owner.GetAsync($"/api/voices/{setup.OwnersCloneId}/audio")).StatusCode);
    }

    private Task<HttpResponseMessage> SendAsync(string what)
    {
        var intruder = setup.Intruder;
        var clone = $"/api/voices/{setup.OwnersCloneId}";
        var batch = $"/api/batches/{setup.OwnersBatchId}";
        return what switch
        {
            "reading another user's clone" => intruder.GetAsync(clone),
            "downloading another user's clone audio" => intruder.GetAsync(clone + "/audio"),
            "renaming another user's clone" => intruder.PatchAsJsonAsync(clone, new { name = "Mine now" }),
            "deleting another user's clone" => intruder.DeleteAsync(clone),
            "reading another user's batch job" => intruder.GetAsync(batch),
            "downloading another user's batch audio" => intruder.GetAsync(batch + "/audio"),
            "deleting another user's batch job" => intruder.DeleteAsync(batch),
            "an encoded path as a clone id" => intruder.GetAsync("/api/voices/..%2F..%2Fcinecast.db/audio"),
            "renaming with a number for the name" => setup.Owner.PatchAsync(clone, Json("""{"name":5}""")),
            "renaming with malformed JSON" => setup.Owner.PatchAsync(clone, Json("""{"name":""")),
            "renaming to a right-to-left override trick" => setup.Owner.PatchAsJsonAsync(clone, new { name = "evil\u202Egnp.exe" }),
            "a batch with malformed JSON" => setup.Owner.PostAsync("/api/batches", Json("""{"text":"Hi""")),
            "a batch with a speed of the wrong type" => setup.Owner.PostAsync("/api/batches", Json("""{"text":"Hi.","voice":"aiden","speed":"fast"}""")),
            "a batch of markup only" => setup.Owner.PostAsJsonAsync("/api/batches", new { text = "<speak><mark name=\"x\"/></speak>", voice = "aiden" }),
            "an API key with a 10,000-character name" => setup.Owner.PostAsJsonAsync("/api/keys", new { name = new string('k', 10_000) }),
            "the older stream with only markup" => setup.Owner.GetAsync("/read_stream?voice=aiden&text=" + Uri.EscapeDataString("<speak></speak>")),
            "the older stream with another user's clone" => intruder.GetAsync($"/read_stream?text=Hello&voice={setup.OwnersCloneId}"),
            _ => throw new ArgumentOutOfRangeException(nameof(what), what, null),
        };
    }

    /// <summary>Hub requests a hostile client can send; the error says why and no audio is sent.</summary>
    public static TheoryData<string, string> HubRequests => new()
    {
        { "another user's clone id", "no voice" },
        { "a path as the voice", "no voice" },
        { "only SSML markup", "no words" },
        { "only zero-width characters and emoji", "no words" },
        { "a shell command as the engine", "no engine called" },
        { "a speed of zero", "Speed must be between" },
        { "a 4,000-character voice name", "no voice" },
    };

    [Theory]
    [MemberData(nameof(HubRequests))]
    public async Task A_hostile_hub_request_is_refused_with_a_reason_and_no_audio(string what, string reason)
    {
        var before = Snapshot();
        await using var hub = await SpeechClient.ConnectAsync(setup.App, setup.Intruder);
        var received = new List<SpeechItem>();
        var request = what switch
        {
            "another user's clone id" => new SynthesisRequest("Hello.", setup.OwnersCloneId),
            "a path as the voice" => new SynthesisRequest("Hello.", "../../clones/x.wav"),
            "only SSML markup" => new SynthesisRequest("<speak><prosody rate=\"x-fast\"></prosody></speak>", "aiden"),
            "only zero-width characters and emoji" => new SynthesisRequest("\u200B\u200D\uFEFF😀🎉", "aiden"),
            "a shell command as the engine" => new SynthesisRequest("Hello.", "aiden", 1, "basic; rm -rf /"),
            "a speed of zero" => new SynthesisRequest("Hello.", "aiden", 0),
            _ => new SynthesisRequest("Hello.", new string('v', 4000)),
        };

        var failure = await Assert.ThrowsAsync<HubException>(async () =>
        {
            await foreach (var item in hub.StreamAsync<SpeechItem>("Synthesize", request))
            {
                received.Add(item);
            }
        });

        Assert.True(failure.Message.Contains(reason, StringComparison.Ordinal), $"{what}: {failure.Message}");
        Assert.True(failure.Message.Length < 400, $"{what}: the message quotes too much back ({failure.Message.Length} characters)");
        Assert.Empty(received);
        Assert.Equal(HubConnectionState.Connected, hub.State);
        await AssertNothingChangedAndStillServingAsync(before);
    }

    [Fact]
    public async Task A_hub_message_over_the_size_limit_closes_only_that_connection()
    {
        await using var hostile = await SpeechClient.ConnectAsync(setup.App, setup.Intruder);
        var closed = new TaskCompletionSource();
        hostile.Closed += _ =>
        {
            closed.TrySetResult();
            return Task.CompletedTask;
        };

        await Assert.ThrowsAnyAsync<Exception>(() => hostile.SpeakAsync(new SynthesisRequest(new string('a', 200_000), "aiden")));

        await closed.Task.WaitAsync(TimeSpan.FromSeconds(10));
        await using var next = await SpeechClient.ConnectAsync(setup.App, setup.Owner);
        Assert.Equal("end", (await next.SpeakAsync(new SynthesisRequest("Still here.", "aiden")))[^1].Kind);
    }

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    private string Snapshot() =>
        string.Join("|", setup.App.StoredCloneFiles().Order()) + "#" + string.Join("|", setup.App.TempFiles().Order());

    private async Task AssertNothingChangedAndStillServingAsync(string before)
    {
        Assert.Equal(before, Snapshot());
        Assert.Equal(HttpStatusCode.OK, (await setup.App.AnonymousClient().GetAsync("/health")).StatusCode);
    }
}
