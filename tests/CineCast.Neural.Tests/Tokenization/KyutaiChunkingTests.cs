using System.Text.Json;
using CineCast.Neural.PocketTts;
using CineCast.Neural.SentencePiece;

namespace CineCast.Neural.Tests.Tokenization;

/// <summary>
/// The chunks the app cuts for Pocket TTS against Kyutai's own <c>split_into_best_sentences</c>: kyutai-chunks.json
/// holds what Kyutai's functions returned for 219 texts, run with canonical SentencePiece on the real English
/// tokenizer (see the README beside it for how it was made).
/// </summary>
public sealed class KyutaiChunkingTests
{
    private static readonly SentencePieceTokenizer Tokenizer = SentencePieceTokenizer.Load(RealFiles.Tokenizer);

    [Fact]
    public void Chunks_equal_those_of_Kyutais_own_text_cutting_on_the_real_tokenizer_and_know_where_they_came_from()
    {
        using var golden = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Tokenization", "kyutai-chunks.json")));
        // english_2026-04 keeps semicolons; german turns them into commas (remove_semicolons).
        var keeping = new PocketTextChunker(Tokenizer, PocketBundle.Load(RealFiles.BundleFolder("english_2026-04")));
        var removing = new PocketTextChunker(Tokenizer, PocketBundle.Load(RealFiles.BundleFolder("german")));
        var cases = golden.RootElement.GetProperty("cases").EnumerateArray().ToList();
        Assert.True(cases.Count > 400);
        var failures = new List<string>();
        foreach (var item in cases)
        {
            var text = item.GetProperty("text").GetString()!;
            var chunker = item.GetProperty("remove_semicolons").GetBoolean() ? removing : keeping;
            var expected = item.GetProperty("chunks").EnumerateArray().Select(c => c.GetString()!).ToList();
            var guesses = item.GetProperty("frames_after_eos_guesses").EnumerateArray().Select(g => g.GetInt32()).ToList();

            var plan = chunker.Split(text);
            var actual = plan.Chunks;

            if (!actual.Select(c => c.Text).SequenceEqual(expected) || !actual.Select(c => c.FramesAfterEosGuess).SequenceEqual(guesses))
            {
                failures.Add($"{text}\n  kyutai: {string.Join(" | ", expected)}\n  ours:   {string.Join(" | ", actual.Select(c => c.Text))}");
            }
            else if (actual.FirstOrDefault(c => Spaced(plan.Prepared[c.PreparedStart..c.PreparedEnd]) != Spaced(c.Text)) is { } misplaced)
            {
                failures.Add($"{text}\n  chunk '{misplaced.Text}' is placed at '{plan.Prepared[misplaced.PreparedStart..misplaced.PreparedEnd]}'");
            }
        }

        Assert.True(failures.Count == 0, $"{failures.Count} of {cases.Count} texts are cut differently:\n{string.Join('\n', failures.Take(5))}");
    }

    private static string Spaced(string text) => string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    [Fact]
    public void A_long_sentence_is_cut_at_its_commas_and_each_chunk_keeps_its_place_in_the_prepared_text()
    {
        var chunker = new PocketTextChunker(Tokenizer, PocketBundle.Load(RealFiles.BundleFolder("english_2026-04")));
        const string text = "It was the best of times, it was the worst of times, it was the age of wisdom, it was the age of foolishness, it was the epoch of belief, it was the epoch of incredulity, it was the season of Light, it was the season of Darkness.";

        var plan = chunker.Split(text);

        Assert.Equal(2, plan.Chunks.Count);
        Assert.All(plan.Chunks, c => Assert.True(c.TokenIds.Count <= 50, $"{c.TokenIds.Count} tokens"));
        Assert.All(plan.Chunks, c => Assert.Equal(c.Text, plan.Prepared[c.PreparedStart..c.PreparedEnd]));
        Assert.EndsWith("belief,", plan.Chunks[0].Text, StringComparison.Ordinal);
    }
}
