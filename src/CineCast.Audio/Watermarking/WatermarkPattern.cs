using System.Security.Cryptography;
using System.Text;

namespace CineCast.Audio.Watermarking;

/// <summary>
/// The shape of the mark, the same for every server: 24 kHz audio in frames of <see cref="Hop"/> samples (21.3 ms),
/// each frame carrying one ±1 symbol as a balanced up/down pattern of level changes across <see cref="Groups"/> bands
/// of 200 Hz between 200 and 3,400 Hz (where every codec and telephone line keeps speech). Frames form blocks of
/// <see cref="BlockFrames"/> (4.1 s) that repeat for the whole output: <see cref="SyncFrames"/> known symbols to find
/// the block, and the coded payload (<see cref="WatermarkCode"/>) in the rest.
/// </summary>
public static class WatermarkLayout
{
    public const int SampleRate = 24000;
    public const int Hop = 512;
    public const int Window = 2 * Hop;
    public const int BlockFrames = 192;
    public const int SyncFrames = 30;
    public const int DataFrames = BlockFrames - SyncFrames;
    public const int Groups = 16;
    private const int LowestHz = 200;
    private const int GroupHz = 200;

    /// <summary>
    /// A frame's weight over its <see cref="Window"/> samples: flat over the middle 384 samples, cross-fading with its
    /// neighbours (sin², 128 samples) on either side, zero beyond, so frames one hop apart add up to exactly 1. Short
    /// cross-fades keep each frame's level change its own instead of averaging it with the next frame's.
    /// </summary>
    public static float[] FrameWeights()
    {
        const int fade = 128, start = (Window - Hop - fade) / 2;
        var weights = new float[Window];
        for (var n = 0; n < Window; n++)
        {
            weights[n] = n < start || n >= Window - start ? 0f
                : n < start + fade ? (float)Math.Pow(Math.Sin(Math.PI / 2 * (n - start + 0.5) / fade), 2)
                : n >= Window - start - fade ? (float)Math.Pow(Math.Sin(Math.PI / 2 * (Window - start - n - 0.5) / fade), 2)
                : 1f;
        }
        return weights;
    }

    /// <summary>The first FFT bin of each group, and one past the last group's end, for a <see cref="Window"/>-point FFT.</summary>
    public static readonly int[] GroupBins = Enumerable.Range(0, Groups + 1)
        .Select(g => (int)Math.Ceiling((LowestHz + (GroupHz * g)) * (double)Window / SampleRate)).ToArray();
}

/// <summary>
/// A server's secret arrangement of the mark, derived from its key: which frames of a block are sync and in which
/// order the coded payload fills the rest, the sync symbols, and each frame's up/down assignment of the bands.
/// Without the key the mark looks like noise in the band levels and cannot be read or forged.
/// </summary>
public sealed class WatermarkPattern
{
    public const int KeyLength = 32;

    // Per block position: -1 for sync, else the index of the coded bit it carries.
    private readonly int[] role = new int[WatermarkLayout.BlockFrames];
    private readonly sbyte[] chips = new sbyte[WatermarkLayout.BlockFrames];
    private readonly sbyte[] signs = new sbyte[WatermarkLayout.BlockFrames * WatermarkLayout.Groups];

    public WatermarkPattern(ReadOnlySpan<byte> key)
    {
        if (key.Length != KeyLength)
        {
            throw new ArgumentException($"A watermark key is {KeyLength} bytes.", nameof(key));
        }
        var random = new KeyedRandom(key, "layout");
        var order = Enumerable.Range(0, WatermarkLayout.BlockFrames).ToArray();
        random.Shuffle(order);
        for (var i = 0; i < order.Length; i++)
        {
            role[order[i]] = i < WatermarkLayout.SyncFrames ? -1 : i - WatermarkLayout.SyncFrames;
            chips[order[i]] = (sbyte)(random.NextBit() ? 1 : -1);
        }
        Span<sbyte> balanced = stackalloc sbyte[WatermarkLayout.Groups];
        for (var p = 0; p < WatermarkLayout.BlockFrames; p++)
        {
            for (var g = 0; g < balanced.Length; g++)
            {
                balanced[g] = (sbyte)(g < balanced.Length / 2 ? 1 : -1);
            }
            random.Shuffle(balanced);
            balanced.CopyTo(signs.AsSpan(p * WatermarkLayout.Groups));
        }
        CrcMask = (ushort)new KeyedRandom(key, "crc").Next();
    }

    /// <summary>Mixed into the payload's checksum, so another server's mark does not read as one of ours.</summary>
    public ushort CrcMask { get; }

    /// <summary>-1 when block position <paramref name="position"/> holds a sync symbol, else the coded bit it holds.</summary>
    public int RoleOf(int position) => role[position];

    /// <summary>The sync symbol (±1) at a sync position.</summary>
    public int ChipAt(int position) => chips[position];

    /// <summary>Which bands go up (+1) and which down (-1) when the frame's symbol is +1.</summary>
    public ReadOnlySpan<sbyte> SignsAt(int position) => signs.AsSpan(position * WatermarkLayout.Groups, WatermarkLayout.Groups);

    /// <summary>The symbols (±1) of one block carrying <paramref name="codeword"/>, by block position.</summary>
    public sbyte[] Symbols(ReadOnlySpan<byte> codeword)
    {
        var symbols = new sbyte[WatermarkLayout.BlockFrames];
        for (var p = 0; p < symbols.Length; p++)
        {
            symbols[p] = role[p] < 0 ? chips[p] : (sbyte)(codeword[role[p]] == 1 ? 1 : -1);
        }
        return symbols;
    }

    /// <summary>SplitMix64 seeded from HMAC-SHA256(key, purpose): the same sequence on every platform and release.</summary>
    private sealed class KeyedRandom(ReadOnlySpan<byte> key, string purpose)
    {
        private ulong state = BitConverter.ToUInt64(HMACSHA256.HashData(key, Encoding.ASCII.GetBytes(purpose)));

        public ulong Next()
        {
            var z = state += 0x9E3779B97F4A7C15UL;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return z ^ (z >> 31);
        }

        public bool NextBit() => (Next() >> 63) == 1;

        public void Shuffle<T>(Span<T> items)
        {
            for (var i = items.Length - 1; i > 0; i--)
            {
                var j = (int)(Next() % (ulong)(i + 1));
                (items[i], items[j]) = (items[j], items[i]);
            }
        }
    }
}
