using System.Text;
using CineCast.Speech.Text;

namespace CineCast.Speech.Tests;

public sealed class TextPlannerTests
{
    [Theory]
    [InlineData("Mr. Smith arrived. He sat down.", new[] { "Mr. Smith arrived.", "He sat down." })]
    [InlineData("Dr. J. R. R. Tolkien wrote it. It sold well.", new[] { "Dr. J. R. R. Tolkien wrote it.", "It sold well." })]
    [InlineData("Pi is 3.14 today. Really!", new[] { "Pi is 3.14 today.", "Really!" })]
    [InlineData("Apples, pears, etc. are fruit. Yes.", new[] { "Apples, pears, etc. are fruit.", "Yes." })]
    [InlineData("We sold apples etc. Then we left.", new[] { "We sold apples etc.", "Then we left." })]
    [InlineData("See example.com. It helps.", new[] { "See example.com.", "It helps." })]
    [InlineData("Is it? \"Yes.\" Fine...", new[] { "Is it?", "\"Yes.\"", "Fine..." })]
    [InlineData("Line one\nLine two\n\nLine three", new[] { "Line one", "Line two", "Line three" })]
    [InlineData("I met the U.S. team. Good.", new[] { "I met the U.S. team.", "Good." })]
    [InlineData("Call No. 5 now. OK.", new[] { "Call No. 5 now.", "OK." })]
    [InlineData("It rose to $1.2B. Then it fell.", new[] { "It rose to $1.2B.", "Then it fell." })]
    [InlineData("今天很好。明天下雨！后天呢？", new[] { "今天很好。", "明天下雨！", "后天呢？" })]
    [InlineData("他说：“走吧。”我们走了；", new[] { "他说：“走吧。”", "我们走了；" })]
    [InlineData("你好。Hello there. 再见", new[] { "你好。", "Hello there.", "再见" })]
    public void Sentences_split_at_full_stops_but_not_after_abbreviations_initials_or_inside_numbers(string text, string[] expected)
    {
        var chunks = TextPlanner.Plan(text, new TextPlanOptions { FirstChunkMaxChars = 240 }).ToList();

        Assert.Equal(expected, chunks.Select(chunk => text.Substring(chunk.SourceStart, chunk.SourceLength)));
        Assert.Equal(Enumerable.Range(0, expected.Length), chunks.Select(chunk => chunk.Index));
    }

    [Fact]
    public void The_first_chunk_is_cut_short_at_a_clause_break_and_later_chunks_use_the_larger_limit()
    {
        const string text = "When the storm finally passed over the valley, the villagers came out of their houses and began to repair the damage together.";

        var chunks = TextPlanner.Plan(text).ToList();

        Assert.Equal("When the storm finally passed over the valley,", text.Substring(chunks[0].SourceStart, chunks[0].SourceLength));
        Assert.Equal(2, chunks.Count);
        Assert.EndsWith("together.", chunks[1].Text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_first_sentence_without_clause_breaks_is_cut_at_a_space_within_the_limit()
    {
        const string text = "The quick brown fox jumps over the lazy dog and keeps on running far away";

        var first = TextPlanner.Plan(text).First();

        Assert.InRange(first.SourceLength, 30, 60);
        Assert.False(char.IsLetter(text[first.SourceStart + first.SourceLength]));
    }

    [Fact]
    public void A_first_chunk_whose_spoken_numbers_run_long_is_cut_earlier_at_a_natural_break()
    {
        const string text = "In 2024 we counted 1,234,567 birds, 7,654,321 fish and 999,999 frogs in the lake.";

        var first = TextPlanner.Plan(text).First();

        Assert.True(first.Text.Length <= 60, first.Text);
        Assert.StartsWith("In twenty twenty-four", first.Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(SpeechLanguage.English)]
    [InlineData(SpeechLanguage.Mandarin)]
    public void Long_sentences_are_split_below_the_chunk_limit_and_cover_the_whole_text(SpeechLanguage language)
    {
        var text = language == SpeechLanguage.English
            ? string.Join(", ", Enumerable.Repeat("the river kept running past the quiet old mill", 40)) + "."
            : string.Concat(Enumerable.Repeat("河水一直流过安静的老磨坊而我们坐在岸边看着它", 40)) + "。";
        var options = new TextPlanOptions { FirstChunkMaxChars = 50, MaxChunkChars = 120 };

        var chunks = TextPlanner.Plan(text, options).ToList();

        Assert.All(chunks, chunk => Assert.InRange(chunk.SourceLength, 1, chunk.Index == 0 ? 50 : 120));
        Assert.All(chunks, chunk => Assert.Equal(language, chunk.Language));
        Assert.Equal(text.Length, chunks[^1].SourceStart + chunks[^1].SourceLength);
        for (var i = 1; i < chunks.Count; i++)
        {
            var gap = text[(chunks[i - 1].SourceStart + chunks[i - 1].SourceLength)..chunks[i].SourceStart];
            Assert.True(string.IsNullOrWhiteSpace(gap), $"text between chunks {i - 1} and {i} was lost: '{gap}'");
        }
    }

    [Fact]
    public void Each_chunk_is_detected_and_normalised_in_its_own_language()
    {
        const string text = "The meeting is at 10:30. 会议在10:30开始。";

        var chunks = TextPlanner.Plan(text).ToList();

        Assert.Equal([SpeechLanguage.English, SpeechLanguage.Mandarin], chunks.Select(chunk => chunk.Language));
        Assert.Equal("The meeting is at ten thirty.", chunks[0].Text);
        Assert.Equal("会议在十点三十分开始。", chunks[1].Text);
    }

    [Fact]
    public void Source_offsets_point_back_at_the_original_text_around_skipped_noise()
    {
        const string text = "  🎉🎉.\n\n<b>Hello</b> world!  ✨ \u200B Second one?  ";

        var chunks = TextPlanner.Plan(text).ToList();

        Assert.Equal(["Hello world!", "Second one?"], chunks.Select(chunk => chunk.Text));
        Assert.Equal("<b>Hello</b> world!", text.Substring(chunks[0].SourceStart, chunks[0].SourceLength));
        Assert.EndsWith("Second one?", text.Substring(chunks[1].SourceStart, chunks[1].SourceLength), StringComparison.Ordinal);
        Assert.Equal([0, 1], chunks.Select(chunk => chunk.Index));
    }

    [Fact]
    public void Planning_is_lazy_so_chunk_zero_is_ready_before_the_rest_is_normalised()
    {
        var text = string.Concat(Enumerable.Repeat("This sentence is one of very many. ", 143));
        Assert.True(text.Length >= 5000);
        var normalised = 0;

        using var chunks = TextPlanner.Plan(text, null, (piece, language) =>
        {
            normalised++;
            return TextNormalizer.Normalize(piece, language);
        }).GetEnumerator();

        Assert.Equal(0, normalised);
        Assert.True(chunks.MoveNext());
        Assert.Equal(0, chunks.Current.Index);
        Assert.Equal(1, normalised);
    }

    [Fact]
    public void Invalid_options_are_rejected_before_enumeration()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => TextPlanner.Plan("Hi.", new TextPlanOptions { MaxChunkChars = 0 }));
        Assert.Throws<ArgumentNullException>(() => TextPlanner.Plan(null!));
    }

    public static TheoryData<string, string> HostileInputs => new()
    {
        { "five thousand digits", new string('7', 5000) },
        { "five thousand emoji", string.Concat(Enumerable.Repeat("😀", 2500)) },
        { "only punctuation", string.Concat(Enumerable.Repeat("?!.,;:…。！", 500)) },
        { "nested angle brackets", string.Concat(Enumerable.Repeat("<<a<b>>", 700)) + "<" + new string('x', 300) },
        { "unclosed tag", "<" + new string('a', 4999) },
        { "rtl and zero width", string.Concat(Enumerable.Repeat("\u202Eabc\u200B\u200F\u2066", 700)) },
        { "null characters", string.Concat(Enumerable.Repeat("a\0", 2500)) },
        { "lone surrogates", string.Concat(Enumerable.Repeat("\uD800x\uDC00", 1600)) },
        { "dots and digits", string.Concat(Enumerable.Repeat("1.2.", 1250)) },
        { "commas in numbers", string.Concat(Enumerable.Repeat("1,", 2500)) },
        { "mixed scripts", string.Concat(Enumerable.Repeat("中a1$€%-:", 555)) },
        { "dashes", new string('-', 5000) },
        { "abbreviation storm", string.Concat(Enumerable.Repeat("Mr. Dr. St. e.g. ", 300)) },
    };

    [Theory]
    [MemberData(nameof(HostileInputs))]
    public void Hostile_input_is_planned_into_speakable_chunks_within_the_limits(string description, string text)
    {
        var chunks = TextPlanner.Plan(text).ToList();

        Assert.All(chunks, chunk =>
        {
            Assert.True(chunk.Text.Length > 0, description);
            Assert.Contains(chunk.Text, char.IsLetterOrDigit);
            Assert.DoesNotContain(chunk.Text, c => char.IsControl(c) || char.IsSurrogate(c) && !Scripts.IsHan(c) && !char.IsLowSurrogate(c));
            Assert.InRange(chunk.SourceLength, 1, 240);
            Assert.InRange(chunk.SourceStart + chunk.SourceLength, 1, text.Length);
        });
        Assert.Equal(Enumerable.Range(0, chunks.Count), chunks.Select(chunk => chunk.Index));
    }

    [Fact]
    public void Five_thousand_digits_are_read_digit_by_digit_in_every_chunk()
    {
        var chunks = TextPlanner.Plan(new string('7', 5000)).ToList();

        Assert.Equal(5000, chunks.Sum(chunk => chunk.SourceLength));
        Assert.All(chunks, chunk => Assert.Equal(chunk.SourceLength, chunk.Text.Split(' ').Count(word => word == "seven")));
    }

    [Fact]
    public void Emoji_only_text_yields_no_chunks_and_never_splits_a_surrogate_pair()
    {
        var text = string.Concat(Enumerable.Repeat("😀", 2500)) + " Done.";

        var chunks = TextPlanner.Plan(text).ToList();

        var chunk = Assert.Single(chunks);
        Assert.Equal("Done.", chunk.Text);
        Assert.Equal(0, chunk.Index);
        Assert.False(char.IsLowSurrogate(text[chunk.SourceStart]));
    }

    [Fact]
    public void Every_chunk_of_a_realistic_mixed_article_maps_back_to_its_source()
    {
        var text = new StringBuilder()
            .Append("On March 5, 2024, Dr. Chen paid $1,250.50 for 3 tickets (approx. 20% off). ")
            .Append("她说：“我们下午2:30在北京见面，一共12,345人参加。”")
            .Append("\n\nThe event ran from 9:00 am to 5:30 pm — see https://example.com/events for details!")
            .ToString();

        var chunks = TextPlanner.Plan(text).ToList();

        Assert.True(chunks.Count >= 3);
        Assert.All(chunks, chunk =>
        {
            var source = text.Substring(chunk.SourceStart, chunk.SourceLength);
            Assert.Equal(source.Trim(), source);
            Assert.Equal(LanguageDetector.Detect(source), chunk.Language);
            Assert.DoesNotContain(chunk.Text, char.IsAsciiDigit);
        });
    }
}
