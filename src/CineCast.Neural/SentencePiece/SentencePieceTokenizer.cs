using System.Buffers;
using System.Globalization;
using System.Text;

namespace CineCast.Neural.SentencePiece;

/// <summary>A token id and the span of the encoded text (UTF-16 offsets) it stands for.</summary>
public readonly record struct EncodedToken(int Id, int Start, int End);

/// <summary>
/// A SentencePiece unigram tokenizer written to give exactly the ids and text of the reference implementation
/// (google/sentencepiece): its normaliser, its Viterbi search over UTF-8 bytes with the same float arithmetic and
/// tie-breaking, unknown runs merged into one id, and byte fallback. No BOS or EOS is added.
/// </summary>
public sealed class SentencePieceTokenizer
{
    // SentencePiece scores an unknown character this far below the least likely piece.
    private const float UnknownPenalty = 10.0f;
    private const string SpaceSymbol = "\u2581";

    private readonly SentencePieceModel _model;
    private readonly ByteTrie _pieces = new();
    private readonly SentencePieceNormalizer _normalizer;
    private readonly PieceType[] _types;
    private readonly float[] _scores;
    private readonly int[] _byteIds = new int[256];
    private readonly int[] _byteOf;
    private readonly int _unknownId;
    private readonly float _unknownScore;
    private readonly float _maxScore;

    public SentencePieceTokenizer(SentencePieceModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        _model = model;
        var count = model.Pieces.Count;
        _types = new PieceType[count];
        _scores = new float[count];
        _byteOf = new int[count];
        var ids = new Dictionary<string, int>(count, StringComparer.Ordinal);
        var reserved = new Dictionary<string, int>(StringComparer.Ordinal);
        ByteTrie? userDefined = null;
        float minScore = float.MaxValue, maxScore = float.Epsilon;
        for (var id = 0; id < count; id++)
        {
            var piece = model.Pieces[id];
            (_types[id], _scores[id], _byteOf[id]) = (piece.Type, piece.Score, -1);
            var matchable = piece.Type is PieceType.Normal or PieceType.UserDefined or PieceType.Unused;
            if (!(matchable ? ids : reserved).TryAdd(piece.Text, id))
            {
                throw new InvalidDataException($"tokenizer.model lists the piece '{piece.Text}' twice.");
            }

            switch (piece.Type)
            {
                case PieceType.Normal:
                    // FLT_MIN, not the lowest float, is where SentencePiece starts its maximum; kept for user-defined scores.
                    (minScore, maxScore) = (Math.Min(minScore, piece.Score), Math.Max(maxScore, piece.Score));
                    break;
                case PieceType.Unknown:
                    _unknownId = id;
                    break;
                case PieceType.UserDefined:
                    (userDefined ??= new ByteTrie()).Add(Encoding.UTF8.GetBytes(piece.Text), id);
                    break;
                case PieceType.Byte:
                    _byteOf[id] = ByteValue(piece.Text);
                    break;
            }

            if (matchable)
            {
                _pieces.Add(Encoding.UTF8.GetBytes(piece.Text), id);
            }
        }

        foreach (var (text, id) in reserved)
        {
            ids.TryAdd(text, id);
        }

        for (var b = 0; b < 256; b++)
        {
            _byteIds[b] = ids.TryGetValue($"<0x{b:X2}>", out var id) ? id : _unknownId;
        }

        _maxScore = maxScore;
        _unknownScore = minScore - UnknownPenalty;
        _normalizer = new SentencePieceNormalizer(model, userDefined);
    }

    public int VocabularySize => _types.Length;

    public static SentencePieceTokenizer Load(string modelPath) => new(SentencePieceModel.Parse(File.ReadAllBytes(modelPath)));

    /// <summary>The piece's text as the model stores it (▁ for a space, &lt;0x41&gt; for a byte).</summary>
    public string PieceOf(int id) => _model.Pieces[CheckedId(id)].Text;

    public IReadOnlyList<int> Encode(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var ids = new List<int>();
        Encode(text, ids, null);
        return ids;
    }

    /// <summary>The ids of <see cref="Encode"/>, each with the span of <paramref name="text"/> it came from (empty for all but the last byte of a character).</summary>
    public IReadOnlyList<EncodedToken> EncodeWithOffsets(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var ids = new List<int>();
        var spans = new List<(int Start, int End)>();
        var bytes = Encode(text, ids, spans);
        var charAt = new int[bytes + 1];
        for (int i = 0, position = 0; i < text.Length; i++)
        {
            var width = char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1])
                ? 4
                : Encoding.UTF8.GetByteCount(text.AsSpan(i, 1));
            charAt.AsSpan(position + 1, width).Fill(width == 4 ? i + 2 : i + 1);
            i += width == 4 ? 1 : 0;
            position += width;
        }

        return [.. ids.Select((id, i) => new EncodedToken(id, charAt[spans[i].Start], charAt[spans[i].End]))];
    }

    /// <summary>Encodes into <paramref name="ids"/> (and the UTF-8 byte spans of the input, when asked); returns the input's UTF-8 length.</summary>
    private int Encode(string text, List<int> ids, List<(int Start, int End)>? spans)
    {
        var utf8 = Encoding.UTF8.GetBytes(text);
        var offsets = spans is null ? null : new List<int>(utf8.Length * 3 + 4);
        var normalized = _normalizer.Normalize(utf8, offsets);
        var previousWasUnknown = false;
        foreach (var (start, end, id) in BestPath(normalized))
        {
            var unknown = id == _unknownId;
            if (unknown && _model.ByteFallback)
            {
                for (var b = start; b < end; b++)
                {
                    ids.Add(_byteIds[normalized[b]]);
                    spans?.Add((offsets![start], offsets[b == end - 1 ? end : start]));
                }
            }
            else if (unknown && previousWasUnknown)
            {
                // A run of unknown characters is one unknown id, as in SentencePiece.
                if (spans is not null)
                {
                    spans[^1] = (spans[^1].Start, offsets![end]);
                }
            }
            else
            {
                ids.Add(id);
                spans?.Add((offsets![start], offsets[end]));
            }

            previousWasUnknown = unknown;
        }

        return utf8.Length;
    }

    public string Decode(IEnumerable<int> ids)
    {
        ArgumentNullException.ThrowIfNull(ids);
        var text = new StringBuilder();
        var bytes = new List<byte>();
        var expectLeadingSpace = true;
        var leadingSpaceSeen = false;
        foreach (var id in ids)
        {
            if (_types[CheckedId(id)] == PieceType.Byte)
            {
                bytes.Add((byte)_byteOf[id]);
                continue;
            }

            AppendBytes(text, bytes);
            if (leadingSpaceSeen || text.Length > 0)
            {
                expectLeadingSpace = false;
            }

            leadingSpaceSeen = AppendPiece(text, id, expectLeadingSpace);
        }

        AppendBytes(text, bytes);
        return text.ToString();
    }

    /// <summary>The Viterbi path over the normalised bytes: (start, end, id) of each piece, in order.</summary>
    private List<(int Start, int End, int Id)> BestPath(byte[] normalized)
    {
        var size = normalized.Length;
        var pool = ArrayPool<float>.Shared;
        var bestScore = pool.Rent(size + 1);
        var startsAt = ArrayPool<int>.Shared.Rent(size + 1);
        var bestId = ArrayPool<int>.Shared.Rent(size + 1);
        try
        {
            bestScore[0] = 0;
            startsAt.AsSpan(0, size + 1).Fill(-1);
            for (var start = 0; start < size;)
            {
                var scoreHere = bestScore[start];
                var charLength = Math.Min(OneCharLength(normalized[start]), size - start);
                var hasSingleCharPiece = false;
                var node = ByteTrie.Root;
                for (var end = start + 1; end <= size && _pieces.TryStep(ref node, normalized[end - 1]); end++)
                {
                    var id = _pieces.ValueAt(node);
                    if (id < 0 || _types[id] == PieceType.Unused)
                    {
                        continue;
                    }

                    var length = end - start;
                    // The reference mixes float and double here; the same mix gives the same ties.
                    var score = _types[id] == PieceType.UserDefined ? (double)(length * _maxScore) - 0.1 : _scores[id];
                    var candidate = score + scoreHere;
                    if (startsAt[end] == -1 || candidate > bestScore[end])
                    {
                        (bestScore[end], startsAt[end], bestId[end]) = ((float)candidate, start, id);
                    }

                    hasSingleCharPiece |= length == charLength;
                }

                if (!hasSingleCharPiece)
                {
                    var end = start + charLength;
                    var candidate = _unknownScore + scoreHere;
                    if (startsAt[end] == -1 || candidate > bestScore[end])
                    {
                        (bestScore[end], startsAt[end], bestId[end]) = (candidate, start, _unknownId);
                    }
                }

                start += charLength;
            }

            var path = new List<(int, int, int)>();
            for (var end = size; end > 0; end = startsAt[end])
            {
                path.Add((startsAt[end], end, bestId[end]));
            }

            path.Reverse();
            return path;
        }
        finally
        {
            pool.Return(bestScore);
            ArrayPool<int>.Shared.Return(startsAt);
            ArrayPool<int>.Shared.Return(bestId);
        }
    }

    /// <summary>Appends a non-byte piece; true when it was a word start whose leading space was dropped.</summary>
    private bool AppendPiece(StringBuilder text, int id, bool expectLeadingSpace)
    {
        switch (_types[id])
        {
            case PieceType.Control:
                return false;
            case PieceType.Unknown:
                text.Append(_model.UnknownSurface);
                return false;
        }

        var piece = _model.Pieces[id].Text.AsSpan();
        var droppedSpace = false;
        if (expectLeadingSpace && (_model.AddDummyPrefix || _model.RemoveExtraWhitespaces) && piece.StartsWith(SpaceSymbol, StringComparison.Ordinal))
        {
            piece = piece[SpaceSymbol.Length..];
            // With extra spaces removed, every leading space of the text goes, not just one.
            droppedSpace = !_model.RemoveExtraWhitespaces;
        }

        text.Append(piece).Replace(SpaceSymbol, " ", text.Length - piece.Length, piece.Length);
        return droppedSpace;
    }

    /// <summary>Appends a run of byte pieces as UTF-8; each byte that starts no valid character becomes U+FFFD.</summary>
    private static void AppendBytes(StringBuilder text, List<byte> bytes)
    {
        var span = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(bytes);
        while (!span.IsEmpty)
        {
            if (Rune.DecodeFromUtf8(span, out var rune, out var consumed) == OperationStatus.Done)
            {
                text.Append(rune.ToString());
                span = span[consumed..];
            }
            else
            {
                text.Append('\uFFFD');
                span = span[1..];
            }
        }

        bytes.Clear();
    }

    private int CheckedId(int id) =>
        (uint)id < (uint)_types.Length ? id : throw new ArgumentOutOfRangeException(nameof(id), id, $"Token ids run from 0 to {_types.Length - 1}.");

    private static int OneCharLength(byte lead) => (lead >> 4) switch
    {
        < 12 => 1,
        12 or 13 => 2,
        14 => 3,
        _ => 4,
    };

    private static int ByteValue(string piece) =>
        piece.Length == 6 && piece.StartsWith("<0x", StringComparison.Ordinal) && piece[5] == '>'
        && byte.TryParse(piece.AsSpan(3, 2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new InvalidDataException($"tokenizer.model: the byte piece '{piece}' is not of the form <0xHH>.");
}
