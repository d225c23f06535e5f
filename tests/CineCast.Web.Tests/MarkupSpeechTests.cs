using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CineCast.Web.Synthesis;

namespace CineCast.Web.Tests;

/// <summary>Pauses and SSML through every surface, on the basic engine: what is said, the silences, and the marks.</summary>
[Collection(EspeakSerial.Name)]
public sealed class MarkupSpeechTests(AppFixture fixture) : IClassFixture<AppFixture>
{
    // A 16-bit sample this far from zero is sound.
    private const float Sound = 0.004f;

    [Theory]
    [InlineData("Hello [pause:1s] world.", 1.0)]
    [InlineData("Hello <break time=\"300ms\"/> world.", 0.3)]
    [InlineData("<speak>Hello <break time=\"1.5s\"/> world.</speak>", 1.5)]
    public async Task A_pause_is_silence_of_the_asked_length_and_the_word_after_it_starts_with_its_sound(string text, double seconds)
    {
        await using var hub = await SpeechClient.ConnectAsync(fixture.App, fixture.Admin);

        var items = await hub.SpeakAsync(new SynthesisRequest(text, "aiden"));

        var audio = SpeechClient.Samples(items);
        var pause = items.Single(i => i.Mark == SpeechMarks.Pause);
        Assert.Matches(@"^(\[pause:1s\]|<break .*/>)$", text.Substring(pause.Offset!.Value, pause.Length!.Value));
        var soundEnds = Array.FindLastIndex(audio, (int)pause.Sample!.Value, (int)pause.Sample!.Value + 1, s => Math.Abs(s) > Sound) + 1;
        var soundStarts = Array.FindIndex(audio, (int)pause.Sample!.Value, s => Math.Abs(s) > Sound);
        Assert.InRange((soundStarts - soundEnds) / 24000.0, seconds - 0.020, seconds + 0.020);
        var world = items.Single(i => i.Mark == SpeechMarks.Word && text.Substring(i.Offset!.Value, i.Length!.Value) == "world");
        Assert.InRange((world.Sample!.Value - soundStarts) / 24000.0, -0.040, 0.040);
        var samples = items.Where(i => i.Kind == SpeechItemKinds.Mark).Select(i => i.Sample!.Value).ToList();
        Assert.Equal(samples.Order(), samples);
    }

    [Fact]
    public async Task A_named_mark_comes_back_at_the_word_after_it_and_every_span_is_in_the_callers_text()
    {
        const string text = """<speak>Good <mark name="greeting-done"/>morning, <sub alias="Doctor">Dr.</sub> Smith &amp; friends.</speak>""";
        await using var hub = await SpeechClient.ConnectAsync(fixture.App, fixture.Admin);

        var items = await hub.SpeakAsync(new SynthesisRequest(text, "aiden"));

        var named = items.Single(i => i.Mark == SpeechMarks.Ssml);
        Assert.Equal("greeting-done", named.Name);
        Assert.Equal("""<mark name="greeting-done"/>""", text.Substring(named.Offset!.Value, named.Length!.Value));
        var words = items.Where(i => i.Mark == SpeechMarks.Word).ToList();
        Assert.Equal(["Good", "morning", "Dr.", "Smith", "&amp;", "friends"], words.Select(w => text.Substring(w.Offset!.Value, w.Length!.Value)));
        Assert.Equal(words[1].Sample, named.Sample);

        var timed = await fixture.Admin.PostAsJsonAsync("/v1/audio/speech/with-timestamps", new { model = "tts-1", input = text, voice = "aiden" });
        var body = await timed.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(["Good", "morning", "Dr.", "Smith", "&", "friends"], body.GetProperty("words").EnumerateArray().Select(w => w.GetProperty("text").GetString()));
        Assert.Equal("Good morning, Dr. Smith & friends", Assert.Single(body.GetProperty("sentences").EnumerateArray()).GetProperty("text").GetString());
    }

    [Fact]
    public async Task Say_as_and_sub_change_what_is_said_as_the_analysis_shows()
    {
        const string text = """<speak>Code <say-as interpret-as="characters">abc</say-as>, call <say-as interpret-as="telephone">555-0100</say-as><break time="200ms"/>on the <sub alias="World Wide Web">WWW</sub>, <say-as interpret-as="ordinal">3</say-as> time.</speak>""";

        var response = await fixture.Admin.PostAsJsonAsync("/api/engines/basic/analyze", new { text });

        var analysis = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var normalized = analysis.GetProperty("normalized").GetString();
        Assert.Equal("Code A, B, C, call five five five, zero one zero zero on the World Wide Web, third time.", normalized);
        var pause = Assert.Single(analysis.GetProperty("pauses").EnumerateArray());
        Assert.Equal(0.2, pause.GetProperty("seconds").GetDouble());
        Assert.Equal("""<break time="200ms"/>""", text.Substring(pause.GetProperty("offset").GetInt32(), pause.GetProperty("length").GetInt32()));
        var chunks = analysis.GetProperty("chunks").EnumerateArray().ToList();
        Assert.Equal(2, chunks.Count);
        Assert.StartsWith("Code <say-as", text.Substring(chunks[0].GetProperty("sourceStart").GetInt32()), StringComparison.Ordinal);
        Assert.Equal("on the World Wide Web, third time.", chunks[1].GetProperty("text").GetString());
    }

    [Fact]
    public async Task A_slower_prosody_rate_speaks_longer_and_a_rate_past_the_speed_range_is_refused()
    {
        const string words = "One two three four five six seven.";
        await using var hub = await SpeechClient.ConnectAsync(fixture.App, fixture.Admin);

        var plain = SpeechClient.Samples(await hub.SpeakAsync(new SynthesisRequest(words, "aiden"))).Length;
        var slow = SpeechClient.Samples(await hub.SpeakAsync(new SynthesisRequest($"""<speak><prosody rate="x-slow">{words}</prosody></speak>""", "aiden"))).Length;

        Assert.InRange((double)slow / plain, 1.5, 2.5);
        var refused = await Assert.ThrowsAsync<Microsoft.AspNetCore.SignalR.HubException>(() =>
            hub.SpeakAsync(new SynthesisRequest($"""<speak><prosody rate="x-fast">{words}</prosody></speak>""", "aiden", 1.5)));
        Assert.Contains("[markup.rate-out-of-range]", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Markup_with_only_a_pause_is_that_much_silence()
    {
        await using var hub = await SpeechClient.ConnectAsync(fixture.App, fixture.Admin);

        var items = await hub.SpeakAsync(new SynthesisRequest("""<speak><break time="500ms"/></speak>""", "aiden"));

        var audio = SpeechClient.Samples(items);
        Assert.Equal(0.52, audio.Length / 24000.0, 2); // 500 ms in whole 40 ms frames
        Assert.All(audio, s => Assert.Equal(0, s));
    }

    [Fact]
    public async Task A_phoneme_is_refused_by_name_before_any_audio()
    {
        var response = await fixture.Admin.PostAsJsonAsync("/v1/audio/speech", new
        {
            model = "tts-1",
            voice = "aiden",
            input = """<speak>Say <phoneme alphabet="ipa" ph="təˈmɑːtoʊ">tomato</phoneme>.</speak>""",
        });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error");
        Assert.Equal("markup_phonemes_unsupported", error.GetProperty("code").GetString());
        Assert.Contains("<phoneme> at line 1, column 13", error.GetProperty("message").GetString(), StringComparison.Ordinal);
    }
}
