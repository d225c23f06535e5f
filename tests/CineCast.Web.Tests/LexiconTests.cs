using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using CineCast.Web.Lexicon;

namespace CineCast.Web.Tests;

/// <summary>The pronunciation lexicon over HTTP: its entries, PLS in and out, and every request of its owner read through it.</summary>
[Collection(EspeakSerial.Name)]
public sealed class LexiconTests(AppFixture fixture) : IClassFixture<AppFixture>
{
    private const string Pls = """
        <?xml version="1.0" encoding="UTF-8"?>
        <lexicon version="1.0" xmlns="http://www.w3.org/2005/01/pronunciation-lexicon" alphabet="ipa" xml:lang="en-US">
          <meta name="author" content="test"/>
          <lexeme>
            <grapheme>W3C</grapheme>
            <grapheme>W3 Consortium</grapheme>
            <alias>World Wide Web Consortium</alias>
            <phoneme>ignored because the alias comes first</phoneme>
          </lexeme>
          <lexeme role="noun">
            <grapheme>tomato</grapheme>
            <phoneme>təˈmɑːtoʊ</phoneme>
            <example>I like tomatoes.</example>
          </lexeme>
        </lexicon>
        """;

    [Fact]
    public async Task Entries_are_created_listed_changed_and_deleted_by_their_owner_only()
    {
        var user = await fixture.NewUserAsync();
        var stranger = await fixture.NewUserAsync();

        var created = await user.PostAsJsonAsync("/api/lexicon", new { grapheme = "SQL", alias = "sequel", language = "en-GB" });
        var entry = await created.Content.ReadFromJsonAsync<JsonElement>();
        var id = entry.GetProperty("id").GetString()!;
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal($"/api/lexicon/{id}", created.Headers.Location?.OriginalString);
        Assert.Equal(("SQL", "sequel", "en", false), (entry.GetProperty("grapheme").GetString(), entry.GetProperty("alias").GetString(),
            entry.GetProperty("language").GetString(), entry.GetProperty("matchCase").GetBoolean()));
        Assert.False(entry.TryGetProperty("phoneme", out _));

        var changed = await user.PutAsJsonAsync($"/api/lexicon/{id}", new { grapheme = "SQL", alias = "ess cue ell", matchCase = true });
        Assert.Equal("ess cue ell", (await changed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("alias").GetString());
        Assert.Single((await user.GetFromJsonAsync<List<JsonElement>>("/api/lexicon"))!);
        Assert.Empty((await stranger.GetFromJsonAsync<List<JsonElement>>("/api/lexicon"))!);
        await CloneServiceTests.AssertProblemAsync(await stranger.GetAsync($"/api/lexicon/{id}"), HttpStatusCode.NotFound, "not-found");
        await CloneServiceTests.AssertProblemAsync(await stranger.DeleteAsync($"/api/lexicon/{id}"), HttpStatusCode.NotFound, "not-found");

        Assert.Equal(HttpStatusCode.NoContent, (await user.DeleteAsync($"/api/lexicon/{id}")).StatusCode);
        Assert.Empty((await user.GetFromJsonAsync<List<JsonElement>>("/api/lexicon"))!);
    }

    [Theory]
    [InlineData("""{"grapheme":"","alias":"x"}""", "grapheme")]
    [InlineData("""{"grapheme":"WWW"}""", "either an 'alias'")]
    [InlineData("""{"grapheme":"WWW","alias":"web","phoneme":"wɛb"}""", "not both or neither")]
    [InlineData("""{"grapheme":"WWW","alias":"web","language":"de"}""", "'language' is one of")]
    [InlineData("""{"grapheme":"a\u0000b","alias":"web"}""", "no control characters")]
    [InlineData("""{"grapheme":"...","alias":"dots"}""", "a letter or digit")]
    public async Task A_bad_entry_is_refused_with_the_reason(string body, string said)
    {
        var user = await fixture.NewUserAsync();

        var refused = await user.PostAsync("/api/lexicon", new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Contains(said, await RefusedAsync(refused, HttpStatusCode.BadRequest, "lexicon.entry-invalid"), StringComparison.Ordinal);
        Assert.Empty((await user.GetFromJsonAsync<List<JsonElement>>("/api/lexicon"))!);
    }

    [Fact]
    public async Task The_same_word_twice_in_one_language_is_a_conflict()
    {
        var user = await fixture.NewUserAsync();
        await user.PostAsJsonAsync("/api/lexicon", new { grapheme = "GIF", alias = "jif" });

        await CloneServiceTests.AssertProblemAsync(await user.PostAsJsonAsync("/api/lexicon", new { grapheme = "gif", alias = "gif" }), HttpStatusCode.Conflict, "lexicon.duplicate");
        Assert.Equal(HttpStatusCode.Created, (await user.PostAsJsonAsync("/api/lexicon", new { grapheme = "gif", alias = "gif", language = "fr" })).StatusCode);
    }

    [Fact]
    public async Task Every_request_of_the_owner_says_the_alias_and_reports_the_words_as_written()
    {
        var user = await fixture.NewUserAsync();
        await user.PostAsJsonAsync("/api/lexicon", new { grapheme = "W3C", alias = "World Wide Web Consortium" });
        const string text = "The W3C agreed.";

        var analysis = await (await user.PostAsJsonAsync("/api/engines/basic/analyze", new { text })).Content.ReadFromJsonAsync<JsonElement>();
        var others = await (await fixture.Admin.PostAsJsonAsync("/api/engines/basic/analyze", new { text })).Content.ReadFromJsonAsync<JsonElement>();
        var timed = await (await user.PostAsJsonAsync("/v1/audio/speech/with-timestamps", new { model = "tts-1", input = text, voice = "aiden" })).Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal("The World Wide Web Consortium agreed.", analysis.GetProperty("normalized").GetString());
        Assert.DoesNotContain("World", others.GetProperty("normalized").GetString(), StringComparison.Ordinal);
        var words = timed.GetProperty("words").EnumerateArray().Select(w => w.GetProperty("text").GetString()).ToList();
        Assert.Equal(["The", "W3C", "agreed"], words.Distinct());
    }

    [Fact]
    public async Task An_ipa_entry_makes_an_engine_without_ipa_refuse_naming_the_word()
    {
        var user = await fixture.NewUserAsync();
        await user.PostAsJsonAsync("/api/lexicon", new { grapheme = "tomato", phoneme = "təˈmɑːtoʊ" });

        var refused = await user.PostAsJsonAsync("/v1/audio/speech", new { model = "tts-1", input = "A ripe tomato.", voice = "aiden" });

        var error = (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error");
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal("markup_phonemes_unsupported", error.GetProperty("code").GetString());
        Assert.Contains("'tomato' at line 1, column 8 (your lexicon gives it as IPA /təˈmɑːtoʊ/)", error.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_pls_file_is_imported_in_its_language_and_exported_back_the_same()
    {
        var user = await fixture.NewUserAsync();

        var imported = await user.PostAsync("/api/lexicon/import", new StringContent(Pls, Encoding.UTF8, PlsDocument.ContentType));
        var again = await user.PostAsync("/api/lexicon/import", new StringContent(Pls, Encoding.UTF8, "application/xml"));

        Assert.Equal((3, 0), Counts(await imported.Content.ReadFromJsonAsync<JsonElement>()));
        Assert.Equal((0, 3), Counts(await again.Content.ReadFromJsonAsync<JsonElement>()));
        var entries = (await user.GetFromJsonAsync<List<LexiconEntryDto>>("/api/lexicon"))!;
        Assert.Equal(
            [("W3 Consortium", "World Wide Web Consortium", null, "en"), ("W3C", "World Wide Web Consortium", null, "en"), ("tomato", null, "təˈmɑːtoʊ", "en")],
            entries.Select(e => (e.Grapheme, e.Alias, e.Phoneme, e.Language)));

        var exported = await user.GetAsync("/api/lexicon/export?language=en");
        var pls = await exported.Content.ReadAsStringAsync();
        Assert.Equal(PlsDocument.ContentType, exported.Content.Headers.ContentType?.MediaType);
        var (language, lexemes) = PlsDocument.Read(pls, 100);
        Assert.Equal("en", language);
        Assert.Equal(entries.Select(e => (e.Grapheme, e.Alias, e.Phoneme)), lexemes.Select(l => (l.Grapheme, l.Alias, l.Phoneme)));
    }

    [Theory]
    [InlineData("<lexicon xml:lang=\"en\"><lexeme><grapheme>a</grapheme><alias>b</alias></lexeme>\n<lexeme><grapheme>c</grapheme></lexicon>", "line 2")]
    [InlineData("<lexicon xml:lang=\"en\">\n<lexeme><grapheme>a</grapheme></lexeme></lexicon>", "line 2, column 2: a <lexeme> needs a <grapheme> and an <alias> or a <phoneme>")]
    [InlineData("<lexicon xml:lang=\"en\" alphabet=\"x-sampa\"></lexicon>", "only ipa")]
    [InlineData("<lexicon><lexeme><grapheme>a</grapheme><alias>b</alias></lexeme></lexicon>", "needs its xml:lang")]
    [InlineData("<!DOCTYPE lexicon [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><lexicon xml:lang=\"en\"><lexeme><grapheme>&x;</grapheme><alias>b</alias></lexeme></lexicon>", "line 1, column 1: a PLS file here takes no document type")]
    [InlineData("<lexicon xml:lang=\"en\"><lexeme><grapheme>a</grapheme><script>b</script></lexeme></lexicon>", "<script> is not an element")]
    [InlineData("not xml at all", "line 1, column 1")]
    public async Task A_malformed_pls_file_is_refused_naming_the_line_and_nothing_is_imported(string pls, string said)
    {
        var user = await fixture.NewUserAsync();

        var refused = await user.PostAsync("/api/lexicon/import", new StringContent(pls, Encoding.UTF8, "text/xml"));

        Assert.Contains(said, await RefusedAsync(refused, HttpStatusCode.BadRequest, "lexicon.malformed"), StringComparison.Ordinal);
        Assert.Empty((await user.GetFromJsonAsync<List<JsonElement>>("/api/lexicon"))!);
    }

    [Fact]
    public async Task A_lexicon_past_its_limit_is_refused_whole()
    {
        using var app = new CineCastApp(settings: new() { ["CineCast:Lexicon:MaxEntries"] = "2" });
        var user = await app.SignedInClientAsync("limits@lexicon.test");

        await user.PostAsJsonAsync("/api/lexicon", new { grapheme = "one", alias = "1" });
        var refused = await user.PostAsync("/api/lexicon/import", new StringContent(Pls, Encoding.UTF8, PlsDocument.ContentType));

        Assert.Contains("more than 2 entries", await RefusedAsync(refused, HttpStatusCode.BadRequest, "lexicon.malformed"), StringComparison.Ordinal);
        await user.PostAsJsonAsync("/api/lexicon", new { grapheme = "two", alias = "2" });
        await CloneServiceTests.AssertProblemAsync(await user.PostAsJsonAsync("/api/lexicon", new { grapheme = "three", alias = "3" }), HttpStatusCode.Conflict, "lexicon.full");
        Assert.Equal(2, (await user.GetFromJsonAsync<List<JsonElement>>("/api/lexicon"))!.Count);
    }

    private static async Task<string> RefusedAsync(HttpResponseMessage response, HttpStatusCode status, string reason)
    {
        await CloneServiceTests.AssertProblemAsync(response, status, reason);
        return (await CloneServiceTests.ProblemAsync(response)).Detail!;
    }

    private static (int Added, int Replaced) Counts(JsonElement import) => (import.GetProperty("added").GetInt32(), import.GetProperty("replaced").GetInt32());
}
