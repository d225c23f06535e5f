using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using CineCast.Audio.Watermarking;
using CineCast.Web.Provenance;
using CineCast.Web.Synthesis;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CineCast.Web.Tests;

/// <summary>
/// The watermark end to end: outputs of the HTTP API and the hub are found by <c>POST /api/provenance/detect</c>, after
/// an MP3 round trip to 16 kHz of a 5 s excerpt too; the record goes to its owner and administrators only; human
/// recordings are not claimed; the off switch is said everywhere; a failing embedder stops the output.
/// </summary>
[Collection(EspeakSerial.Name)]
public sealed class WatermarkApiTests(AppFixture fixture) : IClassFixture<AppFixture>
{
    private const string Text =
        "When the sunlight strikes raindrops in the air, they act as a prism and form a rainbow. The rainbow is a division of white light into many beautiful colors.";

    [Fact]
    public async Task The_owner_and_administrators_see_the_record_and_anyone_else_only_that_it_was_made_here_and_when()
    {
        var (owner, stranger) = (await fixture.NewUserAsync(), await fixture.NewUserAsync());
        var response = await owner.PostAsJsonAsync("/v1/audio/speech", new { model = "tts-1", input = Text, voice = "aiden", response_format = "wav" });
        var audio = await response.Content.ReadAsByteArrayAsync();
        var jti = Claims(response.Headers.GetValues(ProvenanceApi.StatementHeader).Single()).GetProperty("jti").GetString();

        var (mine, theirs, admins) = (await DetectAsync(owner, audio), await DetectAsync(stranger, audio), await DetectAsync(fixture.Admin, audio));

        Assert.True(mine.GetProperty("present").GetBoolean());
        Assert.InRange(mine.GetProperty("confidence").GetDouble(), 0.9, 1);
        Assert.Equal(jti, mine.GetProperty("record").GetProperty("jti").GetString());
        Assert.Equal("aiden", mine.GetProperty("record").GetProperty("voice").GetProperty("id").GetString());
        Assert.Equal(jti, admins.GetProperty("record").GetProperty("jti").GetString());
        Assert.True(theirs.GetProperty("present").GetBoolean());
        Assert.Equal(mine.GetProperty("made_at").GetDateTime(), theirs.GetProperty("made_at").GetDateTime());
        Assert.False(theirs.TryGetProperty("record", out _), "a stranger must not learn whose output it is");
    }

    [Fact]
    public async Task A_five_second_excerpt_of_the_servers_MP3_re_encoded_at_16_kHz_is_still_found()
    {
        var user = await fixture.NewUserAsync();
        var mp3 = await (await user.PostAsJsonAsync("/v1/audio/speech", new { model = "tts-1", input = Text, voice = "ava", response_format = "mp3" })).Content.ReadAsByteArrayAsync();

        var excerpt = FfmpegPipe.Run(mp3, "-ss", "2.3", "-t", "5", "-ar", "16000", "-c:a", "libmp3lame", "-b:a", "64k", "-f", "mp3");
        var found = await DetectAsync(user, excerpt);

        Assert.True(found.GetProperty("present").GetBoolean(), found.ToString());
        Assert.Equal("ava", found.GetProperty("record").GetProperty("voice").GetProperty("id").GetString());
    }

    [Fact]
    public async Task A_hub_stream_is_marked_with_the_record_its_start_item_announced()
    {
        await using var hub = await SpeechClient.ConnectAsync(fixture.App, fixture.Admin);
        var items = await hub.SpeakAsync(new SynthesisRequest(Text, "ava"));

        var found = await DetectAsync(fixture.Admin, SpeechFiles.Wav(SpeechClient.Samples(items)));

        Assert.Equal("on", items[0].Watermark);
        Assert.Equal(Claims(items[0].Provenance!).GetProperty("jti").GetString(), found.GetProperty("record").GetProperty("jti").GetString());
    }

    [Fact]
    public async Task Two_outputs_of_one_request_differ_only_by_their_marks_inside_the_marks_band()
    {
        async Task<float[]> SpeakAsync() => Pcm(await (await fixture.Admin.PostAsJsonAsync("/v1/audio/speech",
            new { model = "tts-1", input = Text, voice = "aiden", response_format = "pcm" })).Content.ReadAsByteArrayAsync());

        var (first, second) = (await SpeakAsync(), await SpeakAsync());

        Assert.Equal(first.Length, second.Length);
        var (outside, inside) = (BandEnergies(first), BandEnergies(second.Zip(first, (b, a) => b - a).ToArray()));
        var signal = BandEnergies(first);
        Assert.InRange(inside.Outside / outside.Outside, 0, 0.01);
        Assert.InRange(inside.Inside / signal.Inside, 0.01, 1);
    }

    [Theory]
    [InlineData("en_jfk_inaugural-1961.wav")]
    [InlineData("en_ls1363_1363-135842-0000.wav")]
    [InlineData("en_ls6880_6880-216547-0000.wav")]
    [InlineData("zh_aishell-S0764_BAC009S0764W0121.wav")]
    [InlineData("sample-48k.webm")]
    public async Task Human_recordings_are_not_claimed_as_made_here(string clip)
    {
        var answer = await DetectAsync(fixture.Admin, SpeechFiles.Shared(clip));

        Assert.False(answer.GetProperty("present").GetBoolean());
        Assert.InRange(answer.GetProperty("confidence").GetDouble(), 0, 0.85);
    }

    [Fact]
    public async Task What_is_not_audio_is_refused_with_the_reason_and_leaves_no_file_behind()
    {
        var user = await fixture.NewUserAsync();

        var noFile = await user.PostAsync("/api/provenance/detect", new MultipartFormDataContent { { new StringContent("x"), "note" } });
        var notAudio = await user.PostAsync("/api/provenance/detect", Upload(Encoding.UTF8.GetBytes("<html>not audio at all</html>")));

        foreach (var refused in new[] { noFile, notAudio })
        {
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.Equal("provenance.unreadable-audio", (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("reason").GetString());
        }
        Assert.Empty(fixture.App.TempFiles());
    }

    [Fact]
    public async Task Anonymous_callers_are_turned_away_unless_allowed_and_then_have_their_own_limit()
    {
        var clip = SpeechFiles.Shared(SpeechFiles.Clip24k);
        var closed = await fixture.App.AnonymousClient().PostAsync("/api/provenance/detect", Upload(clip));
        using var open = new CineCastApp(settings: new()
        {
            ["CineCast:Provenance:AnonymousDetection"] = "true",
            ["CineCast:Provenance:AnonymousDetectionLimit:PermitLimit"] = "1",
        });
        var anonymous = open.AnonymousClient();

        var first = await anonymous.PostAsync("/api/provenance/detect", Upload(clip));
        var second = await anonymous.PostAsync("/api/provenance/detect", Upload(clip));

        Assert.Equal(HttpStatusCode.Unauthorized, closed.StatusCode);
        Assert.Equal("auth.required", (await closed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("reason").GetString());
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.False((await first.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("present").GetBoolean());
        Assert.Equal(HttpStatusCode.TooManyRequests, second.StatusCode);
        Assert.Equal("rate-limit.detection", (await second.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("reason").GetString());
    }

    [Fact]
    public async Task Turned_off_the_watermark_is_said_to_be_off_everywhere_and_nothing_is_found()
    {
        using var app = new CineCastApp(settings: new() { ["CineCast:Provenance:Watermark"] = "false" });
        var admin = await app.SignedInClientAsync(AppFixture.AdminEmail);
        await using var hub = await SpeechClient.ConnectAsync(app, admin);

        var health = await app.AnonymousClient().GetFromJsonAsync<JsonElement>("/health");
        var response = await admin.PostAsJsonAsync("/v1/audio/speech", new { model = "tts-1", input = Text, voice = "aiden", response_format = "wav" });
        var audio = await response.Content.ReadAsByteArrayAsync();
        var start = (await hub.SpeakAsync(new SynthesisRequest("Short and unmarked.", "ava")))[0];
        var found = await DetectAsync(admin, audio);

        Assert.Equal("off", health.GetProperty("watermark").GetString());
        Assert.Equal("off", response.Headers.GetValues(ProvenanceApi.WatermarkHeader).Single());
        Assert.Equal("none", Claims(response.Headers.GetValues(ProvenanceApi.StatementHeader).Single()).GetProperty("watermark").GetString());
        Assert.Equal("off", start.Watermark);
        Assert.False(found.GetProperty("present").GetBoolean());
        Assert.Equal("on", (await fixture.App.AnonymousClient().GetFromJsonAsync<JsonElement>("/health")).GetProperty("watermark").GetString());
    }

    [Fact]
    public async Task When_the_watermark_cannot_be_embedded_the_speech_fails_with_that_reason_instead_of_going_out_unmarked()
    {
        using var app = new CineCastApp(services: services =>
        {
            services.RemoveAll<IWatermarker>();
            services.AddSingleton<IWatermarker, BrokenWatermarker>();
        });
        var admin = await app.SignedInClientAsync(AppFixture.AdminEmail);
        await using var hub = await SpeechClient.ConnectAsync(app, admin);
        var audioFrames = 0;

        var failure = await Assert.ThrowsAsync<HubException>(async () =>
        {
            await foreach (var item in hub.StreamAsync<SpeechItem>("Synthesize", new SynthesisRequest(Text, "ava")))
            {
                audioFrames += item.Kind == SpeechItemKinds.Audio ? 1 : 0;
            }
        });

        Assert.Contains("watermark could not be embedded", failure.Message, StringComparison.Ordinal);
        Assert.Equal(0, audioFrames);
    }

    private static async Task<JsonElement> DetectAsync(HttpClient client, byte[] audio)
    {
        var response = await client.PostAsync("/api/provenance/detect", Upload(audio));
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static float[] Pcm(byte[] pcm) => [.. Enumerable.Range(0, pcm.Length / 2).Select(i => BitConverter.ToInt16(pcm, 2 * i) / 32768f)];

    /// <summary>Energy inside the mark's band (200–3,400 Hz) and outside it (below 100 Hz and above 4 kHz), over the whole signal.</summary>
    private static (double Inside, double Outside) BandEnergies(float[] audio)
    {
        var size = (int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)audio.Length);
        var (signal, real, imaginary) = (new float[size], new float[(size / 2) + 1], new float[(size / 2) + 1]);
        audio.CopyTo(signal, 0);
        new RealFft(size).Forward(signal, real, imaginary);
        double inside = 0, outside = 0;
        for (var k = 0; k < real.Length; k++)
        {
            var hz = k * 24000.0 / size;
            var energy = ((double)real[k] * real[k]) + ((double)imaginary[k] * imaginary[k]);
            inside += hz is >= 200 and <= 3400 ? energy : 0;
            outside += hz is < 100 or > 4000 ? energy : 0;
        }
        return (inside, outside);
    }

    private static MultipartFormDataContent Upload(byte[] audio) => new() { { new ByteArrayContent(audio), "file", "audio.bin" } };

    private static JsonElement Claims(string statement)
    {
        var payload = statement.Split('.')[1].Replace('-', '+').Replace('_', '/');
        return JsonDocument.Parse(Convert.FromBase64String(payload.PadRight(payload.Length + ((4 - (payload.Length % 4)) % 4), '='))).RootElement;
    }

    private sealed class BrokenWatermarker : IWatermarker
    {
        public bool Enabled => true;

        public IAudioStage EmbedderFor(uint mark) => new Broken();

        public WatermarkReading Read(ReadOnlySpan<float> samples) => new([], 0);

        private sealed class Broken : IAudioStage
        {
            public double LengthRatio => 1;

            public ReadOnlyMemory<float> Process(ReadOnlySpan<float> block) => throw new InvalidOperationException("the embedder broke");

            public ReadOnlyMemory<float> Flush() => throw new InvalidOperationException("the embedder broke");
        }
    }
}
