using System.Buffers.Binary;

namespace CineCast.Audio.Watermarking;

/// <summary>
/// The payload's error-correcting code: a 32-bit mark number and a 16-bit checksum (CRC-16/CCITT, masked by the
/// server's key), through the rate-1/3, constraint-length-7 convolutional code (generators 133, 145, 175 octal) with
/// a zero tail — 162 coded bits, read back by a soft-decision Viterbi decoder.
/// </summary>
public static class WatermarkCode
{
    public const int PayloadBits = 48;
    private const int Constraint = 7;
    private const int States = 1 << (Constraint - 1);
    private const int Steps = PayloadBits + Constraint - 1;
    public const int CodedBits = 3 * Steps;
    private static readonly int[] Generators = [0b1011011, 0b1100101, 0b1111101];

    // For each state and input bit, the three output bits as ±1.
    private static readonly sbyte[] Outputs = BuildOutputs();

    public static byte[] Encode(uint mark, ushort crcMask)
    {
        var bits = PayloadOf(mark, crcMask);
        var coded = new byte[CodedBits];
        var register = 0;
        for (var step = 0; step < Steps; step++)
        {
            var input = step < PayloadBits ? bits[step] : 0;
            register = ((register << 1) | input) & ((1 << Constraint) - 1);
            for (var j = 0; j < 3; j++)
            {
                coded[(3 * step) + j] = (byte)(int.PopCount(register & Generators[j]) & 1);
            }
        }
        return coded;
    }

    /// <summary>
    /// The most likely mark number for <paramref name="soft"/> (one value per coded bit: positive for 1, larger when
    /// surer), and whether its checksum holds.
    /// </summary>
    public static (uint Mark, bool ChecksumHolds) Decode(ReadOnlySpan<float> soft, ushort crcMask)
    {
        if (soft.Length != CodedBits)
        {
            throw new ArgumentException($"The code has {CodedBits} bits.", nameof(soft));
        }
        Span<float> metric = stackalloc float[States];
        Span<float> next = stackalloc float[States];
        Span<byte> from = stackalloc byte[Steps * States];
        metric.Fill(float.NegativeInfinity);
        metric[0] = 0;
        for (var step = 0; step < Steps; step++)
        {
            next.Fill(float.NegativeInfinity);
            float s0 = soft[3 * step], s1 = soft[(3 * step) + 1], s2 = soft[(3 * step) + 2];
            for (var state = 0; state < States; state++)
            {
                if (float.IsNegativeInfinity(metric[state]))
                {
                    continue;
                }
                for (var input = 0; input < (step < PayloadBits ? 2 : 1); input++)
                {
                    var o = ((state << 1) | input) * 3;
                    var candidate = metric[state] + (Outputs[o] * s0) + (Outputs[o + 1] * s1) + (Outputs[o + 2] * s2);
                    var target = ((state << 1) | input) & (States - 1);
                    if (candidate > next[target])
                    {
                        next[target] = candidate;
                        from[(step * States) + target] = (byte)state;
                    }
                }
            }
            next.CopyTo(metric);
        }
        Span<byte> bits = stackalloc byte[Steps];
        for (int step = Steps - 1, state = 0; step >= 0; step--)
        {
            bits[step] = (byte)(state & 1);
            state = from[(step * States) + state];
        }
        uint mark = 0;
        for (var i = 0; i < 32; i++)
        {
            mark = (mark << 1) | bits[i];
        }
        var checksum = 0;
        for (var i = 32; i < PayloadBits; i++)
        {
            checksum = (checksum << 1) | bits[i];
        }
        return (mark, checksum == Checksum(mark, crcMask));
    }

    private static byte[] PayloadOf(uint mark, ushort crcMask)
    {
        var bits = new byte[PayloadBits];
        var checksum = Checksum(mark, crcMask);
        for (var i = 0; i < 32; i++)
        {
            bits[i] = (byte)((mark >> (31 - i)) & 1);
        }
        for (var i = 0; i < 16; i++)
        {
            bits[32 + i] = (byte)((checksum >> (15 - i)) & 1);
        }
        return bits;
    }

    private static ushort Checksum(uint mark, ushort crcMask)
    {
        Span<byte> bytes = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, mark);
        var crc = 0xFFFF;
        foreach (var b in bytes)
        {
            crc ^= b << 8;
            for (var i = 0; i < 8; i++)
            {
                crc = (crc & 0x8000) != 0 ? (crc << 1) ^ 0x1021 : crc << 1;
            }
        }
        return (ushort)((crc ^ crcMask) & 0xFFFF);
    }

    private static sbyte[] BuildOutputs()
    {
        var outputs = new sbyte[2 * States * 3];
        for (var register = 0; register < 2 * States; register++)
        {
            for (var j = 0; j < 3; j++)
            {
                outputs[(register * 3) + j] = (sbyte)((int.PopCount(register & Generators[j]) & 1) == 1 ? 1 : -1);
            }
        }
        return outputs;
    }
}
