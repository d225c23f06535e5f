using CineCast.Speech.Text;

namespace CineCast.Speech.Tests;

public sealed class SourceSpansTests
{
    [Fact]
    public void A_word_spoken_as_written_maps_to_itself_and_words_made_from_a_number_map_to_the_number()
    {
        const string source = "I paid $1,250 for 3 tickets.";
        const string spoken = "I paid one thousand two hundred fifty dollars for three tickets.";
        var spans = new SourceSpans(spoken, source);

        string Source(string word) => spans.Of(spoken.IndexOf(word, StringComparison.Ordinal)) is { } span ? source.Substring(span.Start, span.Length) : "(none)";

        Assert.Equal("paid", Source("paid"));
        Assert.Equal("$1,250", Source("one"));
        Assert.Equal("$1,250", Source("dollars"));
        Assert.Equal("3", Source("three"));
        Assert.Equal("tickets", Source("tickets"));
    }

    [Fact]
    public void Only_the_start_of_a_word_has_a_source()
    {
        var spans = new SourceSpans("Hello world.", "Hello world.");

        Assert.Equal((6, 5), spans.Of(6));
        Assert.Null(spans.Of(7));
        Assert.Null(spans.Of(11));
    }

    [Theory]
    [InlineData("Dr. Chen paid $1,250.50 on March 5, 2024, at 3:30 pm.")]
    [InlineData("The café's “naïve” owner won 1st prize — 20% off!")]
    [InlineData("Mr. O'Neil doesn't live at 221B Baker St. anymore.")]
    public void Every_word_the_planner_speaks_comes_from_a_piece_of_the_text_in_order(string text)
    {
        foreach (var chunk in TextPlanner.Plan(text))
        {
            var source = text.Substring(chunk.SourceStart, chunk.SourceLength);
            var spans = new SourceSpans(chunk.Text, source);
            var previous = 0;
            for (var i = 0; i < chunk.Text.Length; i++)
            {
                if (!char.IsLetterOrDigit(chunk.Text[i]) || (i > 0 && char.IsLetterOrDigit(chunk.Text[i - 1])) || spans.Of(i) is not { } span)
                {
                    continue;
                }
                Assert.InRange(span.Start, previous, source.Length - 1);
                Assert.InRange(span.Start + span.Length, span.Start + 1, source.Length);
                Assert.False(char.IsWhiteSpace(source[span.Start]), $"'{chunk.Text}' word at {i} maps to a space");
                previous = span.Start;
            }
        }
    }
}
