namespace CineCast.Audio.Watermarking;

/// <summary>
/// Marks one stream of 24 kHz audio with one mark number, block after block for as long as it runs. Each frame's
/// bands are raised or lowered by power factors 1 ± a (the frame's level and the long-term spectrum stay put) in a
/// short-time Fourier transform whose analysis and synthesis windows are the square root of
/// <see cref="WatermarkLayout.FrameWeights"/>, which gives back the input exactly where nothing is changed. The depth a is chosen per frame, knowing the audio: the detector reads a frame's
/// symbol from its band levels against its neighbours', and speech itself already leans each frame one way or the
/// other, so a frame that already leans the right way is barely touched and one that leans against its symbol is
/// pushed harder, up to <see cref="MaxDepth"/>. Frames quieter than <see cref="QuietRms"/> (pauses) are left as they
/// are, and input that is exactly zero comes out exactly zero. Output trails input by two hops (43 ms); <see cref="Flush"/> writes the rest, so output is as long as input.
/// </summary>
public sealed class WatermarkEmbedder
{
    public const float MinDepth = 0.15f;
    public const float MaxDepth = 0.7f;
    private const float QuietRms = 0.001f;

    // How far past zero a frame's symbol should read; and how much of a band's level change the detector sees.
    private const float Target = 30f;
    private const float Seen = 0.36f;
    private const float MaxChange = 6f;

    // About one second: how long the per-band level correction averages over.
    private const float Smoothing = 1f / 10;

    private static readonly float[] RootWeights = [.. WatermarkLayout.FrameWeights().Select(MathF.Sqrt)];

    private readonly RealFft fft = new(WatermarkLayout.Window);
    private readonly WatermarkPattern pattern;
    private readonly sbyte[] symbols;
    private readonly float[] window = new float[WatermarkLayout.Window];
    private readonly float[] frame = new float[WatermarkLayout.Window];
    private readonly float[] overlap = new float[WatermarkLayout.Window];
    private readonly Slot[] slots = [new(), new(), new()];
    private readonly float[] powerIn = new float[WatermarkLayout.Groups];
    private readonly float[] powerOut = new float[WatermarkLayout.Groups];

    // Per band, with 1 for the unmarked spectrum on either side (index 0 and Groups + 1).
    private readonly float[] gains = [.. Enumerable.Repeat(1f, WatermarkLayout.Groups + 2)];
    private float[] output = new float[4096];
    private int filled = WatermarkLayout.Hop;
    private long analysed;
    private long inputCount;
    private long outputCount;

    public WatermarkEmbedder(WatermarkPattern pattern, uint mark)
    {
        this.pattern = pattern;
        symbols = pattern.Symbols(WatermarkCode.Encode(mark, pattern.CrcMask));
    }

    /// <summary>Marks a block; returns what is final so far (valid until the next call).</summary>
    public ReadOnlyMemory<float> Process(ReadOnlySpan<float> block)
    {
        inputCount += block.Length;
        var written = 0;
        while (!block.IsEmpty)
        {
            var take = Math.Min(block.Length, WatermarkLayout.Window - filled);
            block[..take].CopyTo(window.AsSpan(filled));
            filled += take;
            block = block[take..];
            if (filled == WatermarkLayout.Window)
            {
                written = Step(written);
            }
        }
        outputCount += written;
        return output.AsMemory(0, written);
    }

    /// <summary>The held-back tail, marked as if silence followed; the embedder is then done.</summary>
    public ReadOnlyMemory<float> Flush()
    {
        var written = 0;
        while (outputCount + written < inputCount)
        {
            window.AsSpan(filled).Clear();
            written = Step(written);
        }
        var count = (int)(inputCount - outputCount);
        outputCount = inputCount;
        return output.AsMemory(0, count);
    }

    /// <summary>Analyses the frame in the window; the one before it, whose neighbours are now known, is marked and written.</summary>
    private int Step(int written)
    {
        Analyse(slots[analysed % 3]);
        window.AsSpan(WatermarkLayout.Hop).CopyTo(window);
        filled = WatermarkLayout.Hop;
        analysed++;
        if (analysed < 2)
        {
            return written;
        }
        var index = analysed - 2;
        var current = slots[index % 3];
        var before = index > 0 ? slots[(index - 1) % 3] : current;
        Synthesise(current, index, before, slots[(analysed - 1) % 3]);
        var hop = WatermarkLayout.Hop;
        if (index > 0)
        {
            // Frame 0's first half is the silence put before the signal.
            if (output.Length < written + hop)
            {
                Array.Resize(ref output, Math.Max(output.Length * 2, written + hop));
            }
            var hopOut = output.AsSpan(written, hop);
            overlap.AsSpan(0, hop).CopyTo(hopOut);
            // Digital silence (a pause) stays digital silence: the mark's faint spread from the sound beside it is cut.
            var raw = current.Raw.AsSpan(0, hop);
            for (var i = 0; i < hop; i++)
            {
                if (raw[i] == 0)
                {
                    hopOut[i] = 0;
                }
            }
            written += hop;
        }
        overlap.AsSpan(hop).CopyTo(overlap);
        overlap.AsSpan(hop).Clear();
        return written;
    }

    private void Analyse(Slot slot)
    {
        window.AsSpan().CopyTo(slot.Raw);
        var energy = 0f;
        for (var i = 0; i < frame.Length; i++)
        {
            frame[i] = window[i] * RootWeights[i];
            energy += frame[i] * frame[i];
        }
        slot.Quiet = energy < QuietRms * QuietRms * frame.Length / 2;
        if (slot.Quiet)
        {
            return;
        }
        fft.Forward(frame, slot.Real, slot.Imaginary);
        var bins = WatermarkLayout.GroupBins;
        for (var g = 0; g < WatermarkLayout.Groups; g++)
        {
            var sum = 0f;
            for (var k = bins[g]; k < bins[g + 1]; k++)
            {
                sum += (slot.Real[k] * slot.Real[k]) + (slot.Imaginary[k] * slot.Imaginary[k]);
            }
            slot.Levels[g] = 10 * MathF.Log10(sum + 1e-12f);
        }
    }

    private void Synthesise(Slot current, long index, Slot before, Slot after)
    {
        if (current.Quiet)
        {
            for (var i = 0; i < frame.Length; i++)
            {
                overlap[i] += current.Raw[i] * RootWeights[i] * RootWeights[i];
            }
            return;
        }
        var position = (int)(index % WatermarkLayout.BlockFrames);
        var signs = pattern.SignsAt(position);
        var symbol = symbols[position];
        var depth = DepthFor(current, before.Quiet ? current : before, after.Quiet ? current : after, signs, symbol);
        float up = MathF.Sqrt(1 + depth), down = MathF.Sqrt(1 - depth);
        var bins = WatermarkLayout.GroupBins;
        for (var g = 0; g < WatermarkLayout.Groups; g++)
        {
            // Depth follows the audio, and a band that stands out is lowered harder than it is raised; a slow
            // per-band correction keeps each band's long-term level where it was.
            var gain = (signs[g] * symbol > 0 ? up : down) * Correction(g);
            var energy = MathF.Pow(10, current.Levels[g] / 10);
            powerIn[g] += Smoothing * (energy - powerIn[g]);
            powerOut[g] += Smoothing * ((energy * gain * gain) - powerOut[g]);
            gains[g + 1] = gain;
        }
        // Gains step from band to band over two bins rather than at once: a harmonic on a band edge is then scaled,
        // not torn in two (which the synthesis window would partly cut away, lowering that band's level).
        for (var g = 0; g <= WatermarkLayout.Groups; g++)
        {
            Scale(current, bins[g] - 1, MathF.Pow(gains[g], 0.75f) * MathF.Pow(gains[g + 1], 0.25f));
            Scale(current, bins[g], MathF.Pow(gains[g], 0.25f) * MathF.Pow(gains[g + 1], 0.75f));
            if (g < WatermarkLayout.Groups)
            {
                for (var k = bins[g] + 1; k < bins[g + 1] - 1; k++)
                {
                    Scale(current, k, gains[g + 1]);
                }
            }
        }
        fft.Inverse(current.Real, current.Imaginary, frame);
        for (var i = 0; i < frame.Length; i++)
        {
            overlap[i] += frame[i] * RootWeights[i];
        }
    }

    private static void Scale(Slot slot, int bin, float gain)
    {
        slot.Real[bin] *= gain;
        slot.Imaginary[bin] *= gain;
    }

    private float Correction(int group) =>
        powerOut[group] > 0 ? Math.Clamp(MathF.Sqrt(powerIn[group] / powerOut[group]), 0.8f, 1.25f) : 1f;

    /// <summary>
    /// How hard to push this frame: what the detector would read from the unmarked audio (its lean toward the symbol),
    /// and the depth that adds enough to reach <see cref="Target"/>, within <see cref="MinDepth"/> … <see cref="MaxDepth"/>.
    /// </summary>
    private static float DepthFor(Slot current, Slot before, Slot after, ReadOnlySpan<sbyte> signs, int symbol)
    {
        var lean = 0f;
        for (var g = 0; g < WatermarkLayout.Groups; g++)
        {
            var change = current.Levels[g] - (0.5f * (before.Levels[g] + after.Levels[g]));
            lean += signs[g] * Math.Clamp(change, -MaxChange, MaxChange);
        }
        var needed = Target - (symbol * lean);
        // A depth a moves half the bands up by 10·log10(1+a) dB and half down by 10·log10(1-a) dB.
        var ratio = MathF.Pow(10, needed / (Seen * 10 * WatermarkLayout.Groups / 2));
        return Math.Clamp((ratio - 1) / (ratio + 1), MinDepth, MaxDepth);
    }

    private sealed class Slot
    {
        public readonly float[] Real = new float[(WatermarkLayout.Window / 2) + 1];
        public readonly float[] Imaginary = new float[(WatermarkLayout.Window / 2) + 1];
        public readonly float[] Levels = new float[WatermarkLayout.Groups];
        public readonly float[] Raw = new float[WatermarkLayout.Window];
        public bool Quiet;
    }
}
