using System.Globalization;
using System.Text;
using CineCast.Neural.SentencePiece;

namespace CineCast.Neural.Tests.Tokenization;

/// <summary>
/// The ids and text of the C# tokenizer against canonical SentencePiece, on the real Pocket TTS tokenizer and on
/// tokenizers trained here with every option that changes encoding. Zero differences is the only pass.
/// </summary>
public sealed class SentencePieceParityTests
{
    private static readonly IReadOnlyList<string> Corpus = TokenizerCorpus.Build();

    public static TheoryData<string> TrainedKinds => [.. TrainerOptions.Keys];

    private static readonly Dictionary<string, object> TrainerOptions = new()
    {
        ["byte fallback, identity, no bos or eos"] = new { vocab_size = 700, byte_fallback = true, normalization_rule_name = "identity", bos_id = -1, eos_id = -1, character_coverage = 0.98, hard_vocab_limit = false },
        ["no byte fallback, nmt_nfkc"] = new { vocab_size = 500, normalization_rule_name = "nmt_nfkc", character_coverage = 0.98, hard_vocab_limit = false },
        ["byte fallback, nmt_nfkc, user-defined symbols"] = new { vocab_size = 700, byte_fallback = true, normalization_rule_name = "nmt_nfkc", user_defined_symbols = "[pause],<br>,😀,ab", character_coverage = 0.98, hard_vocab_limit = false },
        ["spaces kept, no dummy prefix, no eos"] = new { vocab_size = 400, normalization_rule_name = "identity", add_dummy_prefix = false, remove_extra_whitespaces = false, eos_id = -1, pad_id = 3, character_coverage = 0.98, hard_vocab_limit = false },
        ["whitespace as suffix, case folded"] = new { vocab_size = 400, normalization_rule_name = "nmt_nfkc_cf", treat_whitespace_as_suffix = true, unk_surface = "<?>", character_coverage = 0.98, hard_vocab_limit = false },
    };

    [Fact]
    public void The_corpus_is_large_and_mixed_enough_to_mean_something()
    {
        Assert.True(Corpus.Count >= 2000, $"{Corpus.Count} lines");
        Assert.Contains(Corpus, line => line.Contains('’') && line.Contains(' '));
        Assert.Contains(Corpus, line => line.Any(c => c is >= '\u4E00' and <= '\u9FFF'));
        Assert.Contains(Corpus, line => line.EnumerateRunes().Any(r => r.Value >= 0x1F600));
        Assert.Contains(Corpus, line => line.Contains('\t'));
        Assert.Contains(Corpus, line => line.Length > 400 && !line.Any(char.IsPunctuation));
    }

    [Fact]
    public void The_real_tokenizer_gives_the_ids_of_canonical_SentencePiece_on_every_line()
    {
        AssertSameIds(RealFiles.Tokenizer, Corpus);
    }

    [Fact]
    public void The_real_tokenizer_decodes_like_canonical_SentencePiece()
    {
        AssertSameText(RealFiles.Tokenizer, SentencePieceTokenizer.Load(RealFiles.Tokenizer));
    }

    [Fact]
    public void Characters_outside_the_real_vocabulary_become_their_own_utf8_bytes()
    {
        var tokenizer = SentencePieceTokenizer.Load(RealFiles.Tokenizer);

        var pieces = tokenizer.Encode("naïve").Select(tokenizer.PieceOf).ToArray();

        // ï is C3 AF in UTF-8; the byte pieces <0x00>…<0xFF> sit at ids 4-259.
        Assert.Contains("<0xC3>", pieces);
        Assert.Contains("<0xAF>", pieces);
        Assert.Equal([4 + 0xC3, 4 + 0xAF], tokenizer.Encode("ï").Where(id => id is >= 4 and < 260));
    }

    [Theory]
    [MemberData(nameof(TrainedKinds))]
    public void A_trained_tokenizer_gives_the_ids_and_text_of_canonical_SentencePiece(string kind)
    {
        var folder = Directory.CreateTempSubdirectory("spm-trained-").FullName;
        try
        {
            var model = SentencePieceReference.Train(folder, "model", Corpus.Where((_, i) => i % 2 == 0), TrainerOptions[kind]);
            AssertSameIds(model, Corpus);
            AssertSameText(model, SentencePieceTokenizer.Load(model));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static void AssertSameIds(string modelPath, IReadOnlyList<string> texts)
    {
        var tokenizer = SentencePieceTokenizer.Load(modelPath);
        var expected = SentencePieceReference.Encode(modelPath, texts);
        var differences = new StringBuilder();
        var count = 0;
        for (var i = 0; i < texts.Count; i++)
        {
            var actual = tokenizer.Encode(texts[i]);
            if (!actual.SequenceEqual(expected[i]) && count++ < 10)
            {
                differences.AppendLine(CultureInfo.InvariantCulture, $"{Show(texts[i])}\n  reference {string.Join(' ', expected[i])}\n  ours      {string.Join(' ', actual)}");
            }
        }

        Assert.True(count == 0, $"{count} of {texts.Count} lines differ from canonical SentencePiece:\n{differences}");
    }

    /// <summary>Decodes the reference's own ids of the corpus, then seeded random id runs (bytes that form no character, controls, unknowns).</summary>
    private static void AssertSameText(string modelPath, SentencePieceTokenizer tokenizer)
    {
        var random = new Random(7);
        var idLists = SentencePieceReference.Encode(modelPath, Corpus).Where((_, i) => i % 3 == 0).ToList();
        for (var i = 0; i < 500; i++)
        {
            idLists.Add([.. Enumerable.Range(0, random.Next(1, 12)).Select(_ => random.Next(i % 2 == 0 ? Math.Min(300, tokenizer.VocabularySize) : tokenizer.VocabularySize))]);
        }

        var expected = SentencePieceReference.Decode(modelPath, idLists);
        var differences = new StringBuilder();
        var count = 0;
        for (var i = 0; i < idLists.Count; i++)
        {
            var actual = tokenizer.Decode(idLists[i]);
            if (actual != expected[i] && count++ < 10)
            {
                differences.AppendLine(CultureInfo.InvariantCulture, $"{string.Join(' ', idLists[i])}\n  reference {Show(expected[i])}\n  ours      {Show(actual)}");
            }
        }

        Assert.True(count == 0, $"{count} of {idLists.Count} id lists decode differently from canonical SentencePiece:\n{differences}");
    }

    private static string Show(string text) =>
        string.Concat(text.Select(c => c < ' ' || c is '\u007F' or '\u00A0' or '\u00AD' or (>= '\u2000' and <= '\u200F') or '\uFEFF' ? $"\\u{(int)c:X4}" : c.ToString()));
}
