using System.Text;

namespace CineCast.Neural.PocketTts;

/// <summary>A piece of the text generated in one pass from the voice state.</summary>
public sealed record PocketTextChunk(string Text, IReadOnlyList<int> TokenIds, int FramesAfterEosGuess);

/// <summary>Text preparation (§3.4) and sentence chunking on token ids (§3.5) of ONNX-CONTRACT.md.</summary>
public sealed class PocketTextChunker
{
    private readonly ITextTokenizer _tokenizer;
    private readonly PocketBundle _bundle;
    private readonly HashSet<int> _sentenceEnds;
    private readonly HashSet<int> _clauseEnds;

    public PocketTextChunker(ITextTokenizer tokenizer, PocketBundle bundle)
    {
        ArgumentNullException.ThrowIfNull(tokenizer);
        ArgumentNullException.ThrowIfNull(bundle);
        _tokenizer = tokenizer;
        _bundle = bundle;
        _sentenceEnds = PunctuationIds(".!...?");
        _clauseEnds = PunctuationIds(",;:");
    }

    /// <summary>Steps 9-12: normalise whitespace, capitalise, close with a period; also the frames-after-EOS guess.</summary>
    public (string Text, int FramesAfterEosGuess) Prepare(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var prepared = text.Trim();
        if (prepared.Length == 0)
        {
            throw new ArgumentException("Text to speak is empty.", nameof(text));
        }

        prepared = prepared.Replace('\n', ' ').Replace('\r', ' ').Replace("  ", " ", StringComparison.Ordinal);
        if (_bundle.RemoveSemicolons)
        {
            prepared = prepared.Replace(';', ',');
        }

        var words = prepared.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Length;
        var guess = words <= 4 ? 3 : 1;
        if (!char.IsUpper(prepared[0]))
        {
            prepared = char.ToUpperInvariant(prepared[0]) + prepared[1..];
        }

        if (char.IsLetterOrDigit(prepared[^1]))
        {
            prepared += ".";
        }

        if (_bundle.PadWithSpacesForShortInputs && words < 5)
        {
            prepared = new string(' ', 8) + prepared;
        }

        return (prepared, guess);
    }

    /// <summary>Steps 13-16 and the per-chunk token ids of step 17.</summary>
    public IReadOnlyList<PocketTextChunk> Split(string text)
    {
        var (prepared, _) = Prepare(text);
        var ids = _tokenizer.Encode(prepared);
        var segments = new List<(string Text, int Tokens)>();
        foreach (var sentence in CutAfter(ids, _sentenceEnds))
        {
            if (sentence.Count > _bundle.MaxTokenPerChunk)
            {
                var clauses = CutAfter(sentence, _clauseEnds);
                if (clauses.Count > 1)
                {
                    segments.AddRange(clauses.Select(c => (_tokenizer.Decode(c), c.Count)));
                    continue;
                }
            }

            segments.Add((_tokenizer.Decode(sentence), sentence.Count));
        }

        var chunks = new List<string>();
        var current = new StringBuilder();
        var currentTokens = 0;
        foreach (var (segmentText, tokens) in segments)
        {
            if (current.Length > 0 && currentTokens + tokens > _bundle.MaxTokenPerChunk)
            {
                chunks.Add(current.ToString().Trim());
                current.Clear();
                currentTokens = 0;
            }

            if (current.Length > 0)
            {
                current.Append(' ');
            }

            current.Append(segmentText);
            currentTokens += tokens;
        }

        if (current.Length > 0)
        {
            chunks.Add(current.ToString().Trim());
        }

        return chunks
            .Where(c => c.Length > 0)
            .Select(c =>
            {
                var (chunkText, guess) = Prepare(c);
                return new PocketTextChunk(chunkText, _tokenizer.Encode(chunkText), guess);
            })
            .ToList();
    }

    private HashSet<int> PunctuationIds(string punctuation) => _tokenizer.Encode(punctuation).Skip(1).ToHashSet();

    private static List<List<int>> CutAfter(IReadOnlyList<int> ids, HashSet<int> enders)
    {
        var pieces = new List<List<int>>();
        var current = new List<int>();
        for (var i = 0; i < ids.Count; i++)
        {
            if (i > 0 && !enders.Contains(ids[i]) && enders.Contains(ids[i - 1]))
            {
                pieces.Add(current);
                current = [];
            }

            current.Add(ids[i]);
        }

        if (current.Count > 0)
        {
            pieces.Add(current);
        }

        return pieces;
    }
}
