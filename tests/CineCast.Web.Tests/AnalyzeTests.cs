using System.Net;
using System.Net.Http.Json;
using CineCast.Web.Engines;
using CineCast.Web.Health;
using CineCast.Web.Synthesis;
using Microsoft.AspNetCore.SignalR;

namespace CineCast.Web.Tests;

/// <summary>
/// POST /api/engines/{id}/analyze: the plan an engine would speak. For pocket-tts it runs on the real bundle.json
/// and tokenizer.model (../shared/models/pocket-tts/real) installed alone, without any ONNX file.
/// </summary>
public sealed class AnalyzeTests : IDisposable
{
    private static readonly string RealFiles = Path.Combine(Fixtures.RepositoryRootPath, "..", "shared", "models", "pocket-tts", "real");

    private readonly CineCastApp app = new();

    public void Dispose() => app.Dispose();

    private string InstallTextFilesOnly()
    {
        var folder = Path.Combine(app.DataDirectory, "models", "pocket-tts", "english_2026-04");
        Directory.CreateDirectory(folder);
        File.Copy(Path.Combine(RealFiles, "tokenizer.model"), Path.Combine(folder, "tokenizer.model"), overwrite: true);
        File.Copy(Path.Combine(RealFiles, "bundles", "english_2026-04", "bundle.json"), Path.Combine(folder, "bundle.json"), overwrite: true);
        return folder;
    }

    [Fact]
    public async Task Pocket_tts_shows_kyutais_chunks_and_the_real_tokens_with_only_its_text_files_installed()
    {
        InstallTextFilesOnly();
        var user = await app.SignedInClientAsync("reader@cinecast.test");
        const string text = "It was the best of times, it was the worst of times, it was the age of wisdom, it was the age of foolishness, it was the epoch of belief, it was the epoch of incredulity, it was the season of Light, it was the season of Darkness. A naïve café!";

        var health = await app.AnonymousClient().GetFromJsonAsync<HealthReport>("/health");
        var response = await user.PostAsJsonAsync("/api/engines/pocket-tts/analyze", new AnalyzeRequest(text, null));
        var analysis = await response.Content.ReadFromJsonAsync<TextAnalysis>();

        Assert.Equal("not-installed", Assert.Single(health!.Engines, e => e.Id == "pocket-tts").Status);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(("pocket-tts", "en"), (analysis!.Engine, analysis.Language));
        // The plan is there; speaking it needs the rest of the model.
        Assert.Contains("no English model installed", analysis.Refusal, StringComparison.Ordinal);
        Assert.Equal(
            ["It was the best of times, it was the worst of times, it was the age of wisdom, it was the age of foolishness, it was the epoch of belief,",
             "it was the epoch of incredulity, it was the season of Light, it was the season of Darkness. A naïve café!"],
            analysis.Chunks.Select(c => c.Text));
        var second = analysis.Chunks[1];
        Assert.Equal("▁it", second.Tokens![0].Piece);
        // ï is not among the 4,000 pieces: it reaches the model as its UTF-8 bytes, ids 4 + byte; é is a piece.
        Assert.Contains(second.Tokens, t => t is { Id: 4 + 0xC3, Piece: "<0xC3>" });
        Assert.Contains(second.Tokens, t => t is { Id: 4 + 0xAF, Piece: "<0xAF>" });
        Assert.Contains(second.Tokens, t => t is { Id: 745, Piece: "é" });
        Assert.Equal(0, analysis.Chunks[0].SourceStart);
        Assert.Equal(text.Length, second.SourceStart + second.SourceLength);
        Assert.All(analysis.Chunks, c => Assert.Null(c.Phonemes));
    }

    [Fact]
    public async Task A_tokenizer_that_is_not_the_pinned_file_is_refused_naming_it()
    {
        var folder = InstallTextFilesOnly();
        var bytes = File.ReadAllBytes(Path.Combine(folder, "tokenizer.model"));
        bytes[^1] ^= 1;
        File.WriteAllBytes(Path.Combine(folder, "tokenizer.model"), bytes);
        var user = await app.SignedInClientAsync("tampered@cinecast.test");

        var response = await user.PostAsJsonAsync("/api/engines/pocket-tts/analyze", new AnalyzeRequest("Hello there.", null));
        var problem = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Contains("engine.not-ready", problem, StringComparison.Ordinal);
        Assert.Contains("tokenizer.model is not the pinned file", problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_its_text_files_pocket_tts_says_what_to_install()
    {
        var user = await app.SignedInClientAsync("nothing@cinecast.test");

        var analysis = await (await user.PostAsJsonAsync("/api/engines/pocket-tts/analyze", new AnalyzeRequest("Hello there.", null)))
            .Content.ReadFromJsonAsync<TextAnalysis>();

        Assert.Null(Assert.Single(analysis!.Chunks).Tokens);
        Assert.Contains("no English model installed", analysis.Refusal, StringComparison.Ordinal);
        Assert.Contains("models install pocket-tts --language en", analysis.Refusal, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_basic_engine_shows_its_short_first_chunk_and_espeak_phonemes()
    {
        var user = await app.SignedInClientAsync("phonemes@cinecast.test");
        const string text = "The quick brown fox jumps over the lazy dog, and then it runs away into the forest. It costs $5.";

        var analysis = await (await user.PostAsJsonAsync("/api/engines/basic/analyze", new AnalyzeRequest(text, "aiden")))
            .Content.ReadFromJsonAsync<TextAnalysis>();

        Assert.Equal(("basic", "aiden"), (analysis!.Engine, analysis.Voice));
        Assert.True(analysis.Chunks[0].Text.Length <= 60, analysis.Chunks[0].Text);
        Assert.Contains("five dollars", analysis.Normalized, StringComparison.Ordinal);
        Assert.All(analysis.Chunks, c => Assert.Null(c.Tokens));
        Assert.Contains("kwˈɪk", analysis.Chunks[0].Phonemes, StringComparison.Ordinal);
        Assert.Contains(analysis.Chunks, c => c.Phonemes!.Contains("dˈɑːlɚz", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("Bonjour à tous, merci d'être venus ce soir.", "fr", "ʁ")]
    [InlineData("Buongiorno a tutti, grazie di essere venuti stasera.", "it", "tːɪ")]
    public async Task The_basic_engine_reads_french_and_italian_with_espeaks_own_voice_for_them(string text, string language, string phoneme)
    {
        var user = await app.SignedInClientAsync($"latin-{language}@cinecast.test");

        var analysis = await (await user.PostAsJsonAsync("/api/engines/basic/analyze", new AnalyzeRequest(text, null))).Content.ReadFromJsonAsync<TextAnalysis>();
        await using var hub = await SpeechClient.ConnectAsync(app, user);
        var items = await hub.SpeakAsync(new SynthesisRequest(text, "aiden", 1, "basic"));

        Assert.Equal(language, Assert.Single(analysis!.Chunks).Language);
        Assert.Contains(phoneme, analysis.Chunks[0].Phonemes, StringComparison.Ordinal);
        Assert.True(SpeechClient.Samples(items).Length > 24000, "at least a second of speech");
    }

    [Fact]
    public async Task French_for_pocket_tts_is_refused_naming_the_language()
    {
        InstallTextFilesOnly();
        var user = await app.SignedInClientAsync("french@cinecast.test");

        var analysis = await (await user.PostAsJsonAsync("/api/engines/pocket-tts/analyze", new AnalyzeRequest("Good evening. Bonjour à tous, merci d'être venus ce soir.", null)))
            .Content.ReadFromJsonAsync<TextAnalysis>();

        Assert.Equal(["en", "fr"], analysis!.Chunks.Select(c => c.Language));
        Assert.Contains("no French model installed, and part of this text is French", analysis.Refusal, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Mandarin_for_pocket_tts_is_reported_in_the_plan_and_refused_before_any_audio()
    {
        InstallTextFilesOnly();
        var user = await app.SignedInClientAsync("mandarin@cinecast.test");

        var analysis = await (await user.PostAsJsonAsync("/api/engines/pocket-tts/analyze", new AnalyzeRequest("Hello there. 今天天气很好。", null)))
            .Content.ReadFromJsonAsync<TextAnalysis>();

        Assert.Equal(["en", "zh"], analysis!.Chunks.Select(c => c.Language));
        Assert.Contains("no model for Mandarin", analysis.Refusal, StringComparison.Ordinal);
        Assert.Null(analysis.Chunks[1].Tokens);
    }

    [Theory]
    [InlineData("/api/engines/nope/analyze", "{\"text\":\"Hi.\"}", HttpStatusCode.NotFound, "engine.unknown")]
    [InlineData("/api/engines/basic/analyze", "{\"text\":\"   \"}", HttpStatusCode.BadRequest, "text.empty")]
    [InlineData("/api/engines/basic/analyze", "{\"text\":\"...\"}", HttpStatusCode.BadRequest, "text.nothing-to-say")]
    [InlineData("/api/engines/basic/analyze", "{\"text\":\"Hi.\",\"voice\":\"someone-else\"}", HttpStatusCode.NotFound, "voice.unknown")]
    [InlineData("/api/engines/basic/analyze", "{\"text\":", HttpStatusCode.BadRequest, "request.malformed")]
    public async Task Bad_requests_get_a_reason(string path, string body, HttpStatusCode status, string reason)
    {
        var user = await app.SignedInClientAsync($"bad-{Guid.NewGuid():N}@cinecast.test");

        var response = await user.PostAsync(path, new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(status, response.StatusCode);
        Assert.Contains($"\"reason\":\"{reason}\"", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Analyzing_needs_a_signed_in_user()
    {
        var response = await app.AnonymousClient().PostAsJsonAsync("/api/engines/basic/analyze", new AnalyzeRequest("Hi.", null));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task A_text_too_long_is_refused_with_the_limit()
    {
        var user = await app.SignedInClientAsync("long@cinecast.test");

        var response = await user.PostAsJsonAsync("/api/engines/basic/analyze", new AnalyzeRequest(new string('a', 5001), null));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("text.too-long", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
