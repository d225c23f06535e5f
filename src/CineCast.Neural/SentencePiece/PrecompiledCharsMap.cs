using System.Buffers.Binary;

namespace CineCast.Neural.SentencePiece;

/// <summary>
/// The normalisation rules a SentencePiece model carries (<c>normalizer_spec.precompiled_charsmap</c>): a
/// little-endian uint32 size, a Darts-clone double-array trie of that many bytes whose keys are input byte
/// sequences, then the NUL-terminated replacement strings the trie's values point into.
/// </summary>
internal sealed class PrecompiledCharsMap
{
    // SentencePiece reads at most this many matches per position and keeps the longest among them.
    private const int MaxMatches = 32;

    private readonly uint[] _units;
    private readonly byte[] _replacements;

    private PrecompiledCharsMap(uint[] units, byte[] replacements)
    {
        _units = units;
        _replacements = replacements;
    }

    public static PrecompiledCharsMap? Parse(byte[] blob)
    {
        if (blob.Length == 0)
        {
            return null;
        }

        if (blob.Length < 4)
        {
            throw new InvalidDataException("tokenizer.model: the normalisation rules are cut short.");
        }

        var trieSize = BinaryPrimitives.ReadUInt32LittleEndian(blob);
        if (trieSize > (uint)(blob.Length - 4) || trieSize % 4 != 0 || trieSize == 0)
        {
            throw new InvalidDataException("tokenizer.model: the normalisation rules have a trie of an impossible size.");
        }

        var units = new uint[trieSize / 4];
        for (var i = 0; i < units.Length; i++)
        {
            units[i] = BinaryPrimitives.ReadUInt32LittleEndian(blob.AsSpan(4 + (4 * i)));
        }

        return new PrecompiledCharsMap(units, blob[(4 + (int)trieSize)..]);
    }

    /// <summary>The longest rule matching the start of <paramref name="input"/>: its length in bytes (0 when none) and its replacement.</summary>
    public (int Length, ReadOnlyMemory<byte> Replacement) LongestMatch(ReadOnlySpan<byte> input)
    {
        var longest = 0;
        var value = 0;
        var matches = 0;
        uint node = Offset(Unit(0));
        for (var i = 0; i < input.Length; i++)
        {
            node ^= input[i];
            var unit = Unit(node);
            if (Label(unit) != input[i])
            {
                break;
            }

            node ^= Offset(unit);
            if (HasLeaf(unit) && matches++ < MaxMatches && i + 1 > longest)
            {
                longest = i + 1;
                value = (int)(Unit(node) & 0x7FFF_FFFF);
            }
        }

        if (longest == 0)
        {
            return (0, ReadOnlyMemory<byte>.Empty);
        }

        if (value >= _replacements.Length)
        {
            throw new InvalidDataException("tokenizer.model: a normalisation rule points past its replacement strings.");
        }

        var end = Array.IndexOf(_replacements, (byte)0, value);
        return (longest, _replacements.AsMemory(value, (end < 0 ? _replacements.Length : end) - value));
    }

    private uint Unit(uint index) =>
        index < _units.Length ? _units[index] : throw new InvalidDataException("tokenizer.model: the normalisation trie points outside itself.");

    private static bool HasLeaf(uint unit) => ((unit >> 8) & 1) == 1;

    private static uint Label(uint unit) => unit & ((1u << 31) | 0xFF);

    private static uint Offset(uint unit) => (unit >> 10) << (int)((unit & (1u << 9)) >> 6);
}
