using CineCast.Speech.Markup;
using CineCast.Speech.Text;

namespace CineCast.Speech.Tests;

public sealed class PronunciationLexiconTests
{
    private static readonly PronunciationLexicon Lexicon = new(
    [
        new LexiconRule("W3C", "World Wide Web Consortium", null, null, MatchCase: false),
        new LexiconRule("US", "United States", null, SpeechLanguage.English, MatchCase: true),
        new LexiconRule("New York", "the Big Apple", null, null, MatchCase: false),
        new LexiconRule("C++", "C plus plus", null, null, MatchCase: false),
        new LexiconRule("tomato", null, "təˈmɑːtoʊ", null, MatchCase: false),
        new LexiconRule("bonjour", "bon jour", null, SpeechLanguage.French, MatchCase: false),
    ]);

    [Fact]
    public void Whole_words_are_replaced_by_their_alias_and_traced_back_to_what_they_replaced()
    {
        const string text = "The w3c met in New York. Let us see the US team code C++ and W3Cx.";

        var say = Assert.IsType<SayPart>(Assert.Single(Lexicon.Apply(SpeechScript.Parse(text), text).Parts));

        Assert.Equal("The World Wide Web Consortium met in the Big Apple. Let us see the United States team code C plus plus and W3Cx.", say.Text);
        Assert.Equal("w3c", Source(text, say, "Consortium"));
        Assert.Equal("New York", Source(text, say, "Big Apple"));
        Assert.Equal("US", Source(text, say, "United States"));
        Assert.Equal("team", Source(text, say, "team"));
        Assert.Equal("W3Cx", Source(text, say, "W3Cx"));
    }

    [Fact]
    public void An_entry_for_one_language_leaves_text_in_another_alone()
    {
        const string text = "Bonjour à tous, c'est la vie et le US.";

        var say = Assert.IsType<SayPart>(Assert.Single(Lexicon.Apply(SpeechScript.Parse(text), text).Parts));

        Assert.Equal("bon jour à tous, c'est la vie et le US.", say.Text);
    }

    [Fact]
    public void An_ipa_entry_is_reported_so_an_engine_without_ipa_refuses_and_the_word_is_not_read_as_written_silently()
    {
        const string text = "I say\ntomato.";

        var parts = Lexicon.Apply(SpeechScript.Parse(text), text).Parts;

        var phoneme = Assert.Single(parts.OfType<PhonemePart>());
        Assert.Equal(("təˈmɑːtoʊ", 2, 1, "tomato"), (phoneme.Phonemes, phoneme.Line, phoneme.Column, phoneme.FromLexicon));
        Assert.Contains("your lexicon gives it as IPA", phoneme.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Ssml_marks_after_a_replacement_move_with_the_text()
    {
        const string text = """<speak>W3C rules <mark name="m"/>here</speak>""";

        var say = Assert.IsType<SayPart>(Assert.Single(Lexicon.Apply(SpeechScript.Parse(text), text).Parts));

        Assert.StartsWith("here", say.Text[Assert.Single(say.Marks).SpokenOffset..], StringComparison.Ordinal);
        Assert.Equal("W3C", Source(text, say, "World"));
    }

    private static string Source(string text, SayPart say, string spoken)
    {
        var at = say.Text.IndexOf(spoken, StringComparison.Ordinal);
        var (offset, length) = say.Map.ToSource(at, spoken.Length);
        return text.Substring(offset, length);
    }
}
