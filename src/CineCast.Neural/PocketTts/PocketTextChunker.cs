using System.Globalization;
using System.Text;
using CineCast.Neural.SentencePiece;

namespace CineCast.Neural.PocketTts;

/// <summary>
/// A piece of text generated in one pass from the voice state: the exact text and token ids the model receives,
/// the frames-after-EOS guess, and which characters of the prepared text it came from.
/// </summary>
public sealed record PocketTextChunk(string Text, IReadOnlyList<int> TokenIds, int FramesAfterEosGuess, int PreparedStart, int PreparedEnd);

/// <summary>The whole text after text preparation, and the chunks cut from it.</summary>
public sealed record PocketTextPlan(string Prepared, int PaddingLength, IReadOnlyList<PocketTextChunk> Chunks);

/// <summary>
/// Kyutai's text preparation and sentence chunking (<c>prepare_text_prompt</c> and <c>split_into_best_sentences</c>
/// in pocket_tts/models/tts_model.py; ONNX-CONTRACT.md §3.4-3.5): cut after sentence-final tokens, re-cut a
/// sentence over <c>max_token_per_chunk</c> at <c>, ; :</c>, and join neighbours up to that many tokens. Each
/// chunk is tokenized as it is, as the reference does before generating.
/// </summary>
public sealed class PocketTextChunker
{
    private const int ShortInputPadding = 8;

    private readonly HashSet<int> _sentenceEnds;
    private readonly HashSet<int> _clauseEnds;

    public PocketTextChunker(SentencePieceTokenizer tokenizer, PocketBundle bundle)
    {
        ArgumentNullException.ThrowIfNull(tokenizer);
        ArgumentNullException.ThrowIfNull(bundle);
        Tokenizer = tokenizer;
        Bundle = bundle;
        // The first id of each is the word-start piece; the reference drops it.
        _sentenceEnds = [.. tokenizer.Encode(".!...?").Skip(1)];
        _clauseEnds = [.. tokenizer.Encode(",;:").Skip(1)];
    }

    public SentencePieceTokenizer Tokenizer { get; }

    public PocketBundle Bundle { get; }

    /// <summary>Reads bundle.json and the tokenizer it names: all text planning needs, without any ONNX file.</summary>
    public static PocketTextChunker Load(string bundleDirectory)
    {
        var bundle = PocketBundle.Load(bundleDirectory);
        return new PocketTextChunker(SentencePieceTokenizer.Load(bundle.PathOf(bundle.TokenizerFile)), bundle);
    }

    /// <summary>§3.4: normalise line breaks and double spaces, capitalise, close with a period; also the frames-after-EOS guess.</summary>
    public (string Text, int FramesAfterEosGuess) Prepare(string text)
    {
        var (prepared, guess, _) = PrepareWithPadding(text);
        return (prepared, guess);
    }

    /// <summary>A chunk cut earlier by <see cref="Split"/>, from its text alone: tokenized as it is, with its frames-after-EOS guess.</summary>
    public PocketTextChunk ChunkOf(string chunk)
    {
        var (_, guess, _) = PrepareWithPadding(chunk);
        return new PocketTextChunk(chunk, Tokenizer.Encode(chunk), guess, 0, chunk.Length);
    }

    /// <summary>Prepares <paramref name="text"/> and cuts it into the chunks the model generates one by one.</summary>
    public PocketTextPlan Split(string text)
    {
        var (prepared, _, padding) = PrepareWithPadding(text);
        // Stripping removes exactly the padding: preparation leaves no space at the start otherwise.
        var stripped = prepared.Trim();
        var encoded = Tokenizer.EncodeWithOffsets(stripped);
        var tokens = encoded.Select(t => t.Id).ToArray();
        var segments = new List<Segment>();
        foreach (var (start, end) in Boundaries(tokens, _sentenceEnds))
        {
            var sentence = Decode(tokens, start, end);
            var from = SkipSpaces(stripped, start < encoded.Count ? encoded[start].Start : stripped.Length);
            var to = Math.Max(from, end > 0 ? encoded[end - 1].End : 0);
            if (end - start <= Bundle.MaxTokenPerChunk)
            {
                segments.Add(new Segment(end - start, sentence, from, to));
                continue;
            }

            var sub = Tokenizer.EncodeWithOffsets(sentence.Trim());
            var subTokens = sub.Select(t => t.Id).ToArray();
            var clauses = Boundaries(subTokens, _clauseEnds);
            if (clauses.Count > 1)
            {
                // The clauses' offsets are in the decoded sentence, which is the prepared text's own characters here.
                segments.AddRange(clauses.Select(c => new Segment(
                    c.End - c.Start,
                    Decode(subTokens, c.Start, c.End),
                    Math.Min(to, SkipSpaces(stripped, from + sub[c.Start].Start)),
                    Math.Min(to, from + sub[c.End - 1].End))));
            }
            else
            {
                segments.Add(new Segment(end - start, sentence, from, to));
            }
        }

        var chunks = new List<PocketTextChunk>();
        var joined = new StringBuilder();
        var count = 0;
        var (chunkStart, chunkEnd) = (0, 0);
        foreach (var segment in segments)
        {
            if (joined.Length > 0 && count + segment.Tokens > Bundle.MaxTokenPerChunk)
            {
                Add(joined.ToString().Trim(), chunkStart, chunkEnd);
                joined.Clear();
                count = 0;
            }

            if (joined.Length == 0)
            {
                chunkStart = segment.Start;
            }
            else
            {
                joined.Append(' ');
            }

            joined.Append(segment.Text);
            count += segment.Tokens;
            chunkEnd = segment.End;
        }

        if (joined.Length > 0)
        {
            Add(joined.ToString().Trim(), chunkStart, chunkEnd);
        }

        return new PocketTextPlan(prepared, padding, chunks);

        void Add(string chunk, int start, int end)
        {
            var ids = Tokenizer.Encode(chunk);
            if (ids.Count <= Bundle.MaxChunkTokensThatFit)
            {
                var (_, guess, _) = PrepareWithPadding(chunk);
                chunks.Add(new PocketTextChunk(chunk, ids, guess, padding + start, padding + Math.Max(start, end)));
                return;
            }

            // Past what the backbone's cache holds (where the reference export would break): cut at word starts.
            var source = prepared[(padding + start)..(padding + Math.Max(start, end))];
            var encoded = Tokenizer.EncodeWithOffsets(chunk);
            foreach (var (from, to) in WordCuts(ids, Bundle.MaxChunkTokensThatFit))
            {
                var part = Decode([.. ids], from, to).Trim();
                if (part.Length > 0)
                {
                    var partStart = start + SameCharacterIn(chunk, encoded[from].Start, source);
                    var partEnd = start + SameCharacterIn(chunk, encoded[to - 1].End, source);
                    var (_, guess, _) = PrepareWithPadding(part);
                    chunks.Add(new PocketTextChunk(part, Tokenizer.Encode(part), guess, padding + partStart, padding + Math.Max(partStart, partEnd)));
                }
            }
        }
    }

    /// <summary>Slices of at most <paramref name="limit"/> tokens, each ending before a word-start piece where one is in reach.</summary>
    private List<(int From, int To)> WordCuts(IReadOnlyList<int> ids, int limit)
    {
        var cuts = new List<(int, int)>();
        var from = 0;
        while (from < ids.Count)
        {
            var to = Math.Min(ids.Count, from + limit);
            if (to < ids.Count)
            {
                var wordStart = to;
                while (wordStart > from + 1 && !Tokenizer.PieceOf(ids[wordStart]).StartsWith('\u2581'))
                {
                    wordStart--;
                }

                to = wordStart > from + 1 ? wordStart : to;
            }

            cuts.Add((from, to));
            from = to;
        }

        return cuts;
    }

    /// <summary>
    /// The offset in <paramref name="target"/> of the character at <paramref name="offset"/> in <paramref name="text"/>,
    /// where both hold the same characters but for white space (a decoded chunk and the prepared text it came from).
    /// </summary>
    private static int SameCharacterIn(string text, int offset, string target)
    {
        var characters = 0;
        foreach (var c in text.AsSpan(0, Math.Min(offset, text.Length)))
        {
            characters += char.IsWhiteSpace(c) ? 0 : 1;
        }

        var position = 0;
        for (; position < target.Length && characters > 0; position++)
        {
            characters -= char.IsWhiteSpace(target[position]) ? 0 : 1;
        }

        return position;
    }

    private (string Text, int FramesAfterEosGuess, int Padding) PrepareWithPadding(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var prepared = text.Trim();
        if (prepared.Length == 0)
        {
            throw new ArgumentException("Text to speak is empty.", nameof(text));
        }

        prepared = prepared.Replace('\n', ' ').Replace('\r', ' ').Replace("  ", " ", StringComparison.Ordinal);
        if (Bundle.RemoveSemicolons)
        {
            prepared = prepared.Replace(';', ',');
        }

        var guess = WordCount(prepared) <= 4 ? 3 : 1;
        var first = Rune.GetRuneAt(prepared, 0);
        if (!Rune.IsUpper(first))
        {
            prepared = Rune.ToUpperInvariant(first) + prepared[first.Utf16SequenceLength..];
        }

        if (IsLetterOrNumber(LastRune(prepared)))
        {
            prepared += ".";
        }

        var padding = Bundle.PadWithSpacesForShortInputs && WordCount(prepared) < 5 ? ShortInputPadding : 0;
        return (new string(' ', padding) + prepared, guess, padding);
    }

    private string Decode(int[] tokens, int start, int end) => Tokenizer.Decode(tokens.AsSpan(start, end - start).ToArray());

    /// <summary>Slices that each end after a run of boundary tokens; the last ends with the text.</summary>
    private static List<(int Start, int End)> Boundaries(int[] tokens, HashSet<int> boundary)
    {
        var slices = new List<(int, int)>();
        var start = 0;
        for (var i = 1; i < tokens.Length; i++)
        {
            if (!boundary.Contains(tokens[i]) && boundary.Contains(tokens[i - 1]))
            {
                slices.Add((start, i));
                start = i;
            }
        }

        slices.Add((start, tokens.Length));
        return slices;
    }

    private static int SkipSpaces(string text, int position)
    {
        while (position < text.Length && char.IsWhiteSpace(text[position]))
        {
            position++;
        }

        return position;
    }

    private static int WordCount(string text) => text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Length;

    private static Rune LastRune(string text) =>
        Rune.DecodeLastFromUtf16(text, out var rune, out _) == System.Buffers.OperationStatus.Done ? rune : Rune.ReplacementChar;

    // Python's str.isalnum: letters and every kind of number, not only decimal digits.
    private static bool IsLetterOrNumber(Rune rune) =>
        Rune.IsLetter(rune) || Rune.GetUnicodeCategory(rune) is UnicodeCategory.DecimalDigitNumber or UnicodeCategory.LetterNumber or UnicodeCategory.OtherNumber;

    /// <summary>A sentence or clause: its token count, decoded text, and character span in the stripped prepared text.</summary>
    private sealed record Segment(int Tokens, string Text, int Start, int End);
}
