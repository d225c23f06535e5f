using CineCast.Speech.Markup;
using CineCast.Speech.Text;

namespace CineCast.Speech.Tests;

public sealed class MarkupTests
{
    [Fact]
    public void Plain_text_without_markup_is_one_part_said_as_written()
    {
        var script = SpeechScript.Parse("Hello there. [paused] <b>bold</b>");

        var say = Assert.IsType<SayPart>(Assert.Single(script.Parts));
        Assert.Equal("Hello there. [paused] <b>bold</b>", say.Text);
        Assert.Equal((6, 5), say.Map.ToSource(6, 5));
        Assert.False(script.IsSsml);
    }

    [Theory]
    [InlineData("[pause:1.5s]", 1500)]
    [InlineData("[pause:300ms]", 300)]
    [InlineData("[PAUSE: 2 s]", 2000)]
    [InlineData("[pause:0.25s]", 250)]
    [InlineData("<break time=\"1s\"/>", 1000)]
    [InlineData("<break time='700ms' />", 700)]
    [InlineData("<break strength=\"strong\"/>", 700)]
    [InlineData("<break/>", 400)]
    public void A_pause_in_plain_text_is_silence_between_the_words_around_it(string pause, int milliseconds)
    {
        var text = $"One two {pause} three.";
        var script = SpeechScript.Parse(text);

        Assert.Collection(script.Parts,
            first => Assert.Equal("One two ", Assert.IsType<SayPart>(first).Text),
            silence =>
            {
                var part = Assert.IsType<PausePart>(silence);
                Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), part.Duration);
                Assert.Equal(pause, text.Substring(part.Offset, part.Length));
            },
            last =>
            {
                var say = Assert.IsType<SayPart>(last);
                Assert.Equal(" three.", say.Text);
                Assert.Equal("three", text.Substring(say.Map.ToSource(1, 5).Offset, 5));
            });
    }

    [Theory]
    [InlineData("Wait [pause:abc] now", "markup.bad-pause", "line 1, column 6")]
    [InlineData("Wait [pause:5] now", "markup.bad-pause", "line 1, column 6")]
    [InlineData("Wait\nthen [pause:-1s] now", "markup.bad-pause", "line 2, column 6")]
    [InlineData("Wait [pause:11s] now", "markup.bad-pause", "longer than the 10 s")]
    [InlineData("Wait [pause:1s now", "markup.bad-pause", "column 6")]
    [InlineData("Wait <break time=\"soon\"/> now", "markup.bad-attribute", "is not a length")]
    [InlineData("Wait <break volume=\"9\"/> now", "markup.bad-attribute", "takes time or strength")]
    public void A_broken_pause_is_refused_with_its_place(string text, string code, string said)
    {
        var refused = Assert.Throws<MarkupException>(() => SpeechScript.Parse(text));

        Assert.Equal(code, refused.Code);
        Assert.Contains(said, refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void More_pauses_than_allowed_are_refused()
    {
        var text = string.Concat(Enumerable.Repeat("a [pause:10ms] ", 101));

        Assert.Equal(MarkupFaults.TooManyPauses, Assert.Throws<MarkupException>(() => SpeechScript.Parse(text)).Code);
        Assert.Equal(100, SpeechScript.Parse(string.Concat(Enumerable.Repeat("a [pause:10ms] ", 100))).Parts.OfType<PausePart>().Count());
    }

    [Fact]
    public void Ssml_breaks_paragraphs_and_sentences_become_pauses_and_full_stops()
    {
        const string text = """<speak><p><s>First one</s><s>Second one</s></p><p>Next paragraph<break time="250ms"/>after it<break strength="x-weak"/>end</p></speak>""";
        var script = SpeechScript.Parse(text);

        Assert.True(script.IsSsml);
        var says = script.Parts.OfType<SayPart>().Select(p => p.Text.Trim()).ToList();
        Assert.Equal(["First one. Second one.", "Next paragraph", "after it", "end."], says);
        Assert.Equal([700, 250, 100], script.Parts.OfType<PausePart>().Select(p => (int)p.Duration.TotalMilliseconds));
    }

    [Fact]
    public void A_sub_alias_is_said_and_maps_back_to_the_words_it_replaces()
    {
        const string text = """<speak>Visit the <sub alias="World Wide Web Consortium">W3C</sub> site &amp; read.</speak>""";
        var say = Assert.IsType<SayPart>(Assert.Single(SpeechScript.Parse(text).Parts));

        Assert.Contains("World Wide Web Consortium", say.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("W3C", say.Text, StringComparison.Ordinal);
        var consortium = say.Text.IndexOf("Consortium", StringComparison.Ordinal);
        var (offset, length) = say.Map.ToSource(consortium, "Consortium".Length);
        Assert.Equal("W3C", text.Substring(offset, length));
        var site = say.Text.IndexOf("site", StringComparison.Ordinal);
        Assert.Equal("site", text.Substring(say.Map.ToSource(site, 4).Offset, 4));
        var ampersand = say.Text.IndexOf('&', StringComparison.Ordinal);
        Assert.Equal("&amp;", Substring(text, say.Map.ToSource(ampersand, 1)));
        var read = say.Text.IndexOf("read", StringComparison.Ordinal);
        Assert.Equal("read", Substring(text, say.Map.ToSource(read, 4)));
    }

    [Theory]
    [InlineData("characters", null, "abc", "A, B, C")]
    [InlineData("spell-out", null, "NASA 1", "N, A, S, A, one")]
    [InlineData("digits", null, "2024", "two zero two four")]
    [InlineData("cardinal", null, "2024", "two thousand twenty-four")]
    [InlineData("cardinal", null, "-1,250", "minus one thousand two hundred fifty")]
    [InlineData("ordinal", null, "21", "twenty-first")]
    [InlineData("ordinal", null, "3rd", "third")]
    [InlineData("date", "ymd", "2026-12-03", "December third, twenty twenty-six")]
    [InlineData("date", "dmy", "3/12/2026", "December third, twenty twenty-six")]
    [InlineData("date", "md", "Dec 3", "December third")]
    [InlineData("date", null, "1999", "nineteen ninety-nine")]
    [InlineData("time", null, "9:05 pm", "9:05 pm")]
    [InlineData("telephone", null, "+1 (555) 123-4567", "plus one, five five five, one two three, four five six seven")]
    public void Say_as_changes_what_is_said(string kind, string? format, string content, string said)
    {
        var formatAttribute = format is null ? "" : $" format=\"{format}\"";
        var text = $"<speak>It is <say-as interpret-as=\"{kind}\"{formatAttribute}>{content}</say-as> now.</speak>";
        var say = Assert.IsType<SayPart>(Assert.Single(SpeechScript.Parse(text).Parts));

        Assert.Contains(said, say.Text, StringComparison.Ordinal);
        var at = say.Text.IndexOf(said, StringComparison.Ordinal);
        Assert.Equal(content, Substring(text, say.Map.ToSource(at, said.Length)));
    }

    [Theory]
    [InlineData("cardinal", "twelve", "is not a whole number")]
    [InlineData("date", "2026-13-01", "is not a date")]
    [InlineData("time", "25:00", "is not a time")]
    [InlineData("telephone", "call me", "is not a telephone number")]
    [InlineData("colour", "red", "characters, spell-out")]
    public void Say_as_that_does_not_fit_its_text_is_refused(string kind, string content, string said)
    {
        var refused = Assert.Throws<MarkupException>(() => SpeechScript.Parse($"<speak><say-as interpret-as=\"{kind}\">{content}</say-as></speak>"));

        Assert.Contains(said, refused.Message, StringComparison.Ordinal);
        Assert.StartsWith("line 1, column 9", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Prosody_and_lang_split_the_text_into_parts_with_their_own_pace_and_language()
    {
        const string text = """<speak xml:lang="en-US">Slowly <prosody rate="50%">now <prosody rate="x-fast">quick</prosody></prosody> <lang xml:lang="fr-FR">Bonjour à tous</lang> done</speak>""";
        var parts = SpeechScript.Parse(text).Parts.Cast<SayPart>().Select(p => (p.Text.Trim(), p.Rate, p.Language)).ToList();

        Assert.Equal(
            [
                ("Slowly", 1.0, SpeechLanguage.English),
                ("now", 0.5, SpeechLanguage.English),
                ("quick", 0.75, SpeechLanguage.English),
                ("Bonjour à tous", 1.0, SpeechLanguage.French),
                ("done", 1.0, SpeechLanguage.English),
            ],
            parts);
    }

    [Fact]
    public void A_mark_is_kept_at_its_place_in_the_spoken_text_without_splitting_it()
    {
        const string text = """<speak>Before <mark name="here"/>after <emphasis level="strong">loud</emphasis>.</speak>""";
        var say = Assert.IsType<SayPart>(Assert.Single(SpeechScript.Parse(text).Parts));

        var mark = Assert.Single(say.Marks);
        Assert.Equal("here", mark.Name);
        Assert.StartsWith("after", say.Text[mark.SpokenOffset..], StringComparison.Ordinal);
        Assert.Equal("""<mark name="here"/>""", text.Substring(mark.Offset, mark.Length));
        Assert.Equal("Before after loud.", say.Text);
    }

    [Fact]
    public void A_phoneme_is_kept_as_such_so_an_engine_that_cannot_speak_it_refuses()
    {
        const string text = """<speak>Say <phoneme alphabet="ipa" ph="təˈmɑːtoʊ">tomato</phoneme>.</speak>""";
        var phoneme = Assert.Single(SpeechScript.Parse(text).Parts.OfType<PhonemePart>());

        Assert.Equal("təˈmɑːtoʊ", phoneme.Phonemes);
        Assert.Equal((1, 13), (phoneme.Line, phoneme.Column));
        Assert.DoesNotContain(SpeechScript.Parse(text).Sayings, p => p.Text.Contains("tomato", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("<speak>Hi <voice name=\"x\">there</voice></speak>", "markup.unknown-tag", "line 1, column 12: <voice> is not SSML")]
    [InlineData("<speak>\n  Hi <amazon:effect xmlns:amazon=\"urn:a\">x</amazon:effect></speak>", "markup.unknown-tag", "line 2, column 7: <amazon:effect>")]
    [InlineData("<speak>Hi <b>there</b></speak>", "markup.unknown-tag", "line 1, column 12: <b> is not SSML")]
    [InlineData("<speak>Hi <s>there</speak>", "markup.malformed", "line 1, column 21")]
    [InlineData("<speak>Hi\n<break time=\"1s\">x</speak>", "markup.malformed", "line 2")]
    [InlineData("<speak>Fish &chips;</speak>", "markup.malformed", "line 1, column")]
    [InlineData("<speak>Nul &#0;</speak>", "markup.malformed", "line 1")]
    [InlineData("<speak>Hi</speak> trailing <b/>", "markup.malformed", "line 1")]
    [InlineData("<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\"><!ENTITY lol2 \"&lol;&lol;&lol;\">]><speak>&lol2;</speak>", "markup.declaration", "line 1, column 22")]
    [InlineData("<speak><speak>x</speak></speak>", "markup.misplaced", "<speak> cannot be inside")]
    [InlineData("<speak><sub alias=\"x\">a <s>b</s></sub></speak>", "markup.misplaced", "<sub> holds only text")]
    [InlineData("<speak><sub>WWW</sub></speak>", "markup.bad-attribute", "<sub> needs its alias")]
    [InlineData("<speak><prosody pitch=\"+5%\">x</prosody></speak>", "markup.bad-attribute", "pitch and volume are not supported")]
    [InlineData("<speak><prosody rate=\"warp\">x</prosody></speak>", "markup.bad-attribute", "x-slow")]
    [InlineData("<speak><lang xml:lang=\"de\">Hallo</lang></speak>", "markup.language-unsupported", "\"de\"")]
    [InlineData("<speak>a<break time=\"30s\"/></speak>", "markup.bad-pause", "longer than the 10 s")]
    [InlineData("<speak>a<mark name=\"m\">b</mark></speak>", "markup.misplaced", "<mark> holds nothing")]
    public void Ssml_the_server_cannot_honour_is_refused_with_the_place_and_the_reason(string text, string code, string said)
    {
        var refused = Assert.Throws<MarkupException>(() => SpeechScript.Parse(text));

        Assert.Equal(code, refused.Code);
        Assert.Contains(said, refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_nesting_bomb_is_refused_at_the_depth_limit()
    {
        var text = "<speak>" + string.Concat(Enumerable.Repeat("<emphasis>", 100_000)) + "x" + string.Concat(Enumerable.Repeat("</emphasis>", 100_000)) + "</speak>";

        var refused = Assert.Throws<MarkupException>(() => SpeechScript.Parse(text));

        Assert.Equal(MarkupFaults.TooDeep, refused.Code);
        Assert.StartsWith("line 1, column 159:", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Too_many_elements_and_huge_attributes_are_refused()
    {
        var many = "<speak>" + string.Concat(Enumerable.Repeat("<mark name=\"m\"/>", 3000)) + "</speak>";
        var huge = "<speak><sub alias=\"" + new string('a', 1_000_000) + "\">x</sub></speak>";

        Assert.Equal(MarkupFaults.TooLarge, Assert.Throws<MarkupException>(() => SpeechScript.Parse(many)).Code);
        var refused = Assert.Throws<MarkupException>(() => SpeechScript.Parse(huge));
        Assert.Equal(MarkupFaults.BadAttribute, refused.Code);
        Assert.Contains("1,000,000 characters; the limit is 500", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Offsets_refer_to_the_original_text_across_lines_entities_and_cdata()
    {
        const string text = "<speak>\r\n  Tom &amp; Jerry\r\n  <![CDATA[ran <fast>]]> home\n</speak>";
        var say = Assert.IsType<SayPart>(Assert.Single(SpeechScript.Parse(text).Parts));

        foreach (var word in new[] { "Tom", "Jerry", "home" })
        {
            var at = say.Text.IndexOf(word, StringComparison.Ordinal);
            Assert.Equal(word, Substring(text, say.Map.ToSource(at, word.Length)));
        }
        var fast = say.Text.IndexOf("<fast>", StringComparison.Ordinal);
        Assert.Equal("<fast>", Substring(text, say.Map.ToSource(fast, 6)));
    }

    private static string Substring(string text, (int Offset, int Length) span) => text.Substring(span.Offset, span.Length);
}
