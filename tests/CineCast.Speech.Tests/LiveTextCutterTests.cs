using CineCast.Speech.Text;

namespace CineCast.Speech.Tests;

public sealed class LiveTextCutterTests
{
    private const string Story =
        "Dr. Okafor paid $3.50 for tea at 4 p.m. on Friday. Was it worth it? She thinks so!\n" +
        "The shop, on Elm St. near the U.S. embassy, opened in 1998... It is still there. Mr. Lee runs it now.";

    [Fact]
    public void A_sentence_comes_out_as_soon_as_its_end_arrives()
    {
        var cutter = new LiveTextCutter(200);

        cutter.Append("Hello there.");
        var first = cutter.TakeComplete();
        cutter.Append(" How are");
        var none = cutter.TakeComplete();
        cutter.Append(" you? I");
        var second = cutter.TakeComplete();

        Assert.Equal([new LiveSentence(0, "Hello there.")], first);
        Assert.Empty(none);
        Assert.Equal([new LiveSentence(13, "How are you?")], second);
        Assert.Equal(new LiveSentence(26, "I"), cutter.TakeRest());
    }

    [Theory]
    [InlineData("It costs 3.", "5 dollars. ", "It costs 3.5 dollars.")]
    [InlineData("Ask Mr.", " Smith now. ", "Ask Mr. Smith now.")]
    [InlineData("Ask J.", " R. R. Tolkien. ", "Ask J. R. R. Tolkien.")]
    public void A_mark_that_what_follows_could_change_waits_for_it(string before, string after, string sentence)
    {
        var cutter = new LiveTextCutter(200);

        cutter.Append(before);
        var early = cutter.TakeComplete();
        cutter.Append(after);

        Assert.Empty(early);
        Assert.Equal(sentence, Assert.Single(cutter.TakeComplete()).Text);
    }

    [Fact]
    public void Text_arriving_a_character_at_a_time_is_cut_where_the_whole_text_is()
    {
        var whole = Cut(Story, [Story]);
        var trickle = Cut(Story, Story.Select(c => c.ToString()));
        var tokens = Cut(Story, Story.Split(' ').Select((word, i) => i == 0 ? word : " " + word));

        Assert.Equal(["Dr. Okafor paid $3.50 for tea at 4 p.m. on Friday.", "Was it worth it?", "She thinks so!",
            "The shop, on Elm St. near the U.S. embassy, opened in 1998...", "It is still there.", "Mr. Lee runs it now."], whole.Select(s => s.Text));
        Assert.Equal(whole, trickle);
        Assert.Equal(whole, tokens);
        Assert.All(whole, s => Assert.Equal(s.Text, Story.Substring(s.Offset, s.Text.Length)));
    }

    [Fact]
    public void A_run_on_sentence_is_cut_at_a_break_once_the_limit_has_passed()
    {
        var cutter = new LiveTextCutter(40);

        cutter.Append("and then we walked along the river, past the mill and over the bridge");
        var pieces = cutter.TakeComplete();

        Assert.Equal("and then we walked along the river,", Assert.Single(pieces).Text);
        Assert.Empty(cutter.TakeComplete());
    }

    private static List<LiveSentence> Cut(string text, IEnumerable<string> pieces)
    {
        var cutter = new LiveTextCutter(200);
        var sentences = new List<LiveSentence>();
        foreach (var piece in pieces)
        {
            cutter.Append(piece);
            sentences.AddRange(cutter.TakeComplete());
        }
        if (cutter.TakeRest() is { } rest)
        {
            sentences.Add(rest);
        }
        Assert.Equal(text.Length, cutter.Length);
        return sentences;
    }
}
