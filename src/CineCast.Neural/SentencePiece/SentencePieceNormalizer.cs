using System.Text;

namespace CineCast.Neural.SentencePiece;

/// <summary>
/// SentencePiece's normaliser, byte for byte: user-defined symbols pass untouched, the model's rules replace the
/// longest matching prefix, extra spaces go, a dummy prefix space is added, and spaces become ▁.
/// </summary>
internal sealed class SentencePieceNormalizer
{
    private static ReadOnlySpan<byte> SpaceSymbol => "\u2581"u8;
    private static readonly byte[] ReplacementCharacter = "\uFFFD"u8.ToArray();

    private readonly PrecompiledCharsMap? _rules;
    private readonly ByteTrie? _userDefined;
    private readonly bool _addDummyPrefix;
    private readonly bool _removeExtraWhitespaces;
    private readonly bool _escapeWhitespaces;
    private readonly bool _treatWhitespaceAsSuffix;

    public SentencePieceNormalizer(SentencePieceModel model, ByteTrie? userDefined)
    {
        _rules = PrecompiledCharsMap.Parse(model.PrecompiledCharsMap);
        _userDefined = userDefined;
        _addDummyPrefix = model.AddDummyPrefix;
        _removeExtraWhitespaces = model.RemoveExtraWhitespaces;
        _escapeWhitespaces = model.EscapeWhitespaces;
        _treatWhitespaceAsSuffix = model.TreatWhitespaceAsSuffix;
    }

    /// <summary>
    /// Normalises UTF-8 <paramref name="input"/>. When <paramref name="offsets"/> is given it receives, for every
    /// normalised byte and one past the end, the offset in the input that byte came from.
    /// </summary>
    public byte[] Normalize(ReadOnlySpan<byte> input, List<int>? offsets = null)
    {
        var consumed = 0;
        if (_removeExtraWhitespaces)
        {
            while (!input.IsEmpty)
            {
                var length = NormalizePrefix(input, out var replacement);
                if (!replacement.SequenceEqual(" "u8))
                {
                    break;
                }

                input = input[length..];
                consumed += length;
            }
        }

        if (input.IsEmpty)
        {
            offsets?.Add(consumed);
            return [];
        }

        var output = new List<byte>(input.Length * 3);
        if (!_treatWhitespaceAsSuffix && _addDummyPrefix)
        {
            AddSpace(output, offsets, consumed);
        }

        var previousWasSpace = _removeExtraWhitespaces;
        while (!input.IsEmpty)
        {
            var length = NormalizePrefix(input, out var piece);
            while (previousWasSpace && !piece.IsEmpty && piece[0] == (byte)' ')
            {
                piece = piece[1..];
            }

            if (!piece.IsEmpty)
            {
                foreach (var b in piece)
                {
                    if (b == (byte)' ' && _escapeWhitespaces)
                    {
                        AddSpace(output, offsets, consumed);
                    }
                    else
                    {
                        output.Add(b);
                        offsets?.Add(consumed);
                    }
                }

                previousWasSpace = piece[^1] == (byte)' ';
            }

            input = input[length..];
            consumed += length;
            if (!_removeExtraWhitespaces)
            {
                previousWasSpace = false;
            }
        }

        if (_removeExtraWhitespaces)
        {
            var space = _escapeWhitespaces ? SpaceSymbol : " "u8;
            while (output.Count >= space.Length && EndsWith(output, space))
            {
                var length = output.Count - space.Length;
                output.RemoveRange(length, space.Length);
                if (offsets is not null)
                {
                    consumed = offsets[length];
                    offsets.RemoveRange(length, space.Length);
                }
            }
        }

        if (_treatWhitespaceAsSuffix && _addDummyPrefix)
        {
            AddSpace(output, offsets, consumed);
        }

        offsets?.Add(consumed);
        return [.. output];
    }

    /// <summary>How many bytes of <paramref name="input"/> the next rule consumes, and what they become.</summary>
    private int NormalizePrefix(ReadOnlySpan<byte> input, out ReadOnlySpan<byte> replacement)
    {
        if (_userDefined?.LongestPrefix(input) is > 0 and var symbol)
        {
            replacement = input[..symbol];
            return symbol;
        }

        if (_rules?.LongestMatch(input) is { Length: > 0 } rule)
        {
            replacement = rule.Replacement.Span;
            return rule.Length;
        }

        // Malformed UTF-8 becomes U+FFFD, one byte at a time, as in SentencePiece.
        if (Rune.DecodeFromUtf8(input, out _, out var length) == System.Buffers.OperationStatus.Done)
        {
            replacement = input[..length];
            return length;
        }

        replacement = ReplacementCharacter;
        return 1;
    }

    private void AddSpace(List<byte> output, List<int>? offsets, int consumed)
    {
        var space = _escapeWhitespaces ? SpaceSymbol : " "u8;
        output.AddRange(space);
        for (var i = 0; i < space.Length && offsets is not null; i++)
        {
            offsets.Add(consumed);
        }
    }

    private static bool EndsWith(List<byte> output, ReadOnlySpan<byte> suffix)
    {
        for (var i = 0; i < suffix.Length; i++)
        {
            if (output[output.Count - suffix.Length + i] != suffix[i])
            {
                return false;
            }
        }

        return true;
    }
}
