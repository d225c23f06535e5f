using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CineCast.Audio;
using CineCast.Web.Voices;

namespace CineCast.Web.Tests;

public sealed class CloneServiceTests(AppFixture fixture) : IClassFixture<AppFixture>
{
    private HttpClient Client => fixture.Admin;

    [Fact]
    public async Task A_real_clip_becomes_a_clone_stored_as_24_kHz_mono_16_bit_WAV()
    {
        var response = await Client.PostAsync("/api/voices", CloneForm.Of(SpeechFiles.Shared("sample-48k.wav"), name: "Tammy", refText: "A passage read aloud."));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var voice = (await response.Content.ReadFromJsonAsync<VoiceDto>())!;
        Assert.Equal($"/api/voices/{voice.Id}", response.Headers.Location!.OriginalString);
        Assert.Equal(("Tammy", "clone", 24000, "A passage read aloud."), (voice.Name, voice.Kind, voice.SampleRate, voice.RefText));
        Assert.InRange(voice.MedianF0Hz!.Value, 150, 195);
        Assert.NotNull(voice.CreatedAt);

        var wav = await Client.GetByteArrayAsync($"/api/voices/{voice.Id}/audio");
        using var stream = new MemoryStream(wav);
        var stored = AudioDecoder.Decode(stream, new DecodeLimits(120));
        Assert.Equal((24000, 1), (stored.SampleRate, stored.Channels));
        Assert.Equal(16, BitConverter.ToInt16(wav, 34));
        Assert.Equal(voice.DurationSeconds!.Value, stored.DurationSeconds, 2);
        Assert.InRange(voice.DurationSeconds.Value, 3, SpeechFiles.ClipSeconds + 0.05);
    }

    [Theory]
    [InlineData("shared", "en_ls1363_1363-135842-0000.wav")]
    [InlineData("shared", "sample-48k.wav")]
    [InlineData("shared", "sample-48k.webm")]
    [InlineData("local", "sample-44k-stereo.mp3")]
    [InlineData("local", "sample-48k.opus.ogg")]
    public async Task Every_format_of_one_clip_gives_the_same_stored_duration(string folder, string file)
    {
        var reference = await CreateAsync(SpeechFiles.Shared(SpeechFiles.Clip24k));

        var bytes = folder == "shared" ? SpeechFiles.Shared(file) : SpeechFiles.Local(file);
        var voice = await CreateAsync(bytes);

        Assert.Equal(reference.DurationSeconds!.Value, voice.DurationSeconds!.Value, 0.1);
    }

    [Fact]
    public async Task The_file_name_and_content_type_the_client_sends_are_ignored()
    {
        var form = CloneForm.Of(SpeechFiles.Shared(SpeechFiles.Clip24k), fileName: "../../../etc/evil.mp3");

        var response = await Client.PostAsync("/api/voices", form);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var voice = (await response.Content.ReadFromJsonAsync<VoiceDto>())!;
        Assert.Contains(Path.Combine(fixture.App.ClonesDirectory, voice.Id + ".wav"), fixture.App.StoredCloneFiles());
        Assert.DoesNotContain(fixture.App.StoredCloneFiles(), f => f.Contains("evil", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Leading_and_trailing_silence_is_trimmed_from_the_stored_clip()
    {
        var speech = SpeechFiles.ClipSamples();
        var padded = new float[speech.Length + 2 * 5 * 24000];
        speech.CopyTo(padded, 5 * 24000);

        var plain = await CreateAsync(SpeechFiles.Wav(speech));
        var trimmed = await CreateAsync(SpeechFiles.Wav(padded));

        // Ten seconds of silence go; what stays is the speech plus a short margin (0.15 s) on each side.
        Assert.InRange(trimmed.DurationSeconds!.Value, plain.DurationSeconds!.Value - 0.05, plain.DurationSeconds.Value + 0.35);
    }

    public static TheoryData<string, Func<byte[]?>, HttpStatusCode, string> BadUploads => new()
    {
        { "an empty file", () => [], HttpStatusCode.BadRequest, "audio.empty" },
        { "a text file", () => "hello, this is not audio at all"u8.ToArray(), HttpStatusCode.UnsupportedMediaType, "audio.not-audio" },
        { "a PNG image", () => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, .. new byte[600]], HttpStatusCode.UnsupportedMediaType, "audio.not-audio" },
        { "a WAV cut short", () => SpeechFiles.Shared(SpeechFiles.Clip24k)[..30], HttpStatusCode.UnprocessableEntity, "audio.truncated" },
        { "a WAV whose data size lies", () => WavBytes.Build(new WavHeader { DataSize = 4_000_000 }, new byte[48000]), HttpStatusCode.UnprocessableEntity, "audio.truncated" },
        { "a WAV whose block align lies", () => WavBytes.Build(new WavHeader { BlockAlign = 3 }, new byte[48000]), HttpStatusCode.UnprocessableEntity, "audio.invalid-header" },
        { "a WAV at 0 Hz", () => WavBytes.Build(new WavHeader { SampleRate = 0, ByteRate = 0 }, new byte[48000]), HttpStatusCode.UnprocessableEntity, "audio.invalid-sample-rate" },
        { "a WAV at 5 MHz", () => WavBytes.Build(new WavHeader { SampleRate = 5_000_000 }, new byte[48000]), HttpStatusCode.UnprocessableEntity, "audio.invalid-sample-rate" },
        { "a WAV with no channels", () => WavBytes.Build(new WavHeader { Channels = 0, BlockAlign = 0, ByteRate = 0 }, new byte[48000]), HttpStatusCode.UnprocessableEntity, "audio.invalid-channel-count" },
        { "a WAV of 12-bit samples", () => WavBytes.Build(new WavHeader { BitsPerSample = 12, BlockAlign = 2, ByteRate = 48000 }, new byte[48000]), HttpStatusCode.UnsupportedMediaType, "audio.unsupported-bit-depth" },
        { "a float WAV with NaN samples", () => WavBytes.Encode(Enumerable.Repeat(float.NaN, 24000 * 4).ToArray(), 1, 24000, 32, isFloat: true), HttpStatusCode.UnprocessableEntity, "audio.non-finite-samples" },
        { "digital silence", () => SpeechFiles.Wav(new float[24000 * 5]), HttpStatusCode.UnprocessableEntity, "audio.silent" },
        { "two seconds of speech", () => SpeechFiles.Wav(SpeechFiles.ClipSamples().AsSpan(24000, 2 * 24000)), HttpStatusCode.UnprocessableEntity, "audio.too-short" },
        { "seventy seconds of speech", () => SpeechFiles.Wav(Repeat(SpeechFiles.ClipSamples(), 70 * 24000)), HttpStatusCode.UnprocessableEntity, "audio.too-long" },
        { "hard-clipped speech", () => SpeechFiles.Wav(SpeechFiles.ClipSamples().Select(s => Math.Clamp(s * 40, -1f, 1f)).ToArray()), HttpStatusCode.UnprocessableEntity, "audio.clipped" },
        { "a truncated WebM recording", () => SpeechFiles.Shared("sample-48k.webm")[..200], HttpStatusCode.UnprocessableEntity, "audio.truncated" },
        { "no file at all", () => null, HttpStatusCode.BadRequest, "upload.no-file" },
    };

    [Theory]
    [MemberData(nameof(BadUploads))]
    public async Task A_bad_upload_gets_a_4xx_with_its_reason_and_leaves_nothing_behind(string what, Func<byte[]?> audio, HttpStatusCode status, string reason)
    {
        var before = await SnapshotAsync();

        var response = await Client.PostAsync("/api/voices", CloneForm.Of(audio(), name: $"Bad: {what}"));

        await AssertProblemAsync(response, status, reason);
        Assert.Equal(before, await SnapshotAsync());
    }

    [Theory]
    [InlineData(null, "true", "voice.name-invalid")]
    [InlineData("   ", "true", "voice.name-invalid")]
    [InlineData("ok name", "false", "voice.no-consent")]
    [InlineData("ok name", null, "voice.no-consent")]
    [InlineData("aiden", "true", "voice.name-taken")]
    public async Task A_clone_needs_a_name_of_its_own_and_consent(string? name, string? consent, string reason)
    {
        var before = await SnapshotAsync();

        var response = await Client.PostAsync("/api/voices", CloneForm.Of(SpeechFiles.Shared(SpeechFiles.Clip24k), name: name, consent: consent));

        Assert.InRange((int)response.StatusCode, 400, 499);
        Assert.Equal(reason, (await ProblemAsync(response)).Reason);
        Assert.Equal(before, await SnapshotAsync());
    }

    [Fact]
    public async Task Uploads_racing_for_the_same_name_make_one_clone_and_leave_nothing_else_behind()
    {
        var user = await fixture.NewUserAsync();
        var before = await SnapshotAsync();

        var responses = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ =>
            user.PostAsync("/api/voices", CloneForm.Of(SpeechFiles.Shared(SpeechFiles.Clip24k), name: "Same name"))));

        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Created);
        foreach (var refused in responses.Where(r => r.StatusCode != HttpStatusCode.Created))
        {
            await AssertProblemAsync(refused, HttpStatusCode.Conflict, "voice.name-taken");
        }
        var after = await SnapshotAsync();
        Assert.Equal(before.Rows + 1, after.Rows);
        Assert.Equal(before.Rows + 1, fixture.App.StoredCloneFiles().Length);
        Assert.Empty(fixture.App.TempFiles());
    }

    [Fact]
    public async Task A_name_longer_than_80_characters_is_refused()
    {
        var response = await Client.PostAsync("/api/voices", CloneForm.Of(SpeechFiles.Shared(SpeechFiles.Clip24k), name: new string('n', 81)));

        await AssertProblemAsync(response, HttpStatusCode.BadRequest, "voice.name-invalid");
    }

    [Fact]
    public async Task A_request_that_is_not_multipart_is_refused()
    {
        var response = await Client.PostAsync("/api/voices", new ByteArrayContent(SpeechFiles.Shared(SpeechFiles.Clip24k)));

        await AssertProblemAsync(response, HttpStatusCode.UnsupportedMediaType, "upload.not-multipart");
    }

    [Fact]
    public async Task A_body_over_20_MB_is_refused_with_413_and_leaves_nothing_behind()
    {
        var before = await SnapshotAsync();

        var response = await Client.PostAsync("/api/voices", CloneForm.Of(new byte[21 * 1024 * 1024]));

        await AssertProblemAsync(response, HttpStatusCode.RequestEntityTooLarge, "upload.too-large");
        Assert.Equal(before, await SnapshotAsync());
    }

    [Fact]
    public async Task The_server_keeps_serving_after_every_kind_of_bad_upload()
    {
        foreach (var row in BadUploads)
        {
            await Client.PostAsync("/api/voices", CloneForm.Of(((Func<byte[]?>)row[1])()));
        }

        Assert.Equal(HttpStatusCode.Created, (await Client.PostAsync("/api/voices", CloneForm.Of(SpeechFiles.Shared(SpeechFiles.Clip24k), name: "after the storm"))).StatusCode);
    }

    private async Task<VoiceDto> CreateAsync(byte[] audio)
    {
        var response = await Client.PostAsync("/api/voices", CloneForm.Of(audio, name: $"voice {Guid.NewGuid():N}"));
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<VoiceDto>())!;
    }

    private async Task<(int Rows, string Files, string Temp)> SnapshotAsync()
    {
        var voices = await fixture.Admin.GetFromJsonAsync<List<AdminVoice>>("/api/admin/voices");
        return (voices!.Count, string.Join(",", fixture.App.StoredCloneFiles().Order()), string.Join(",", fixture.App.TempFiles()));
    }

    internal static async Task AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string reason)
    {
        var problem = await ProblemAsync(response);
        Assert.True(response.StatusCode == status, $"expected {(int)status} {reason}, got {(int)response.StatusCode}: {problem.Reason} {problem.Detail}");
        Assert.Equal(reason, problem.Reason);
        Assert.False(string.IsNullOrWhiteSpace(problem.Detail));
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    internal static async Task<Problem> ProblemAsync(HttpResponseMessage response) =>
        JsonSerializer.Deserialize<Problem>(await response.Content.ReadAsStringAsync(), JsonSerializerOptions.Web)!;

    private static float[] Repeat(float[] clip, int length)
    {
        var result = new float[length];
        for (var i = 0; i < length; i++)
        {
            result[i] = clip[i % clip.Length];
        }
        return result;
    }

    internal sealed record Problem(string? Title, string? Detail, int? Status, string? Reason);

    private sealed record AdminVoice(string Id);
}
