namespace CineCast.Audio.Watermarking;

/// <summary>A mark read from audio: its number, and how much of its block was read as it was written (0.5 is chance, 1 all).</summary>
public sealed record WatermarkCandidate(uint Mark, double Confidence, double SyncScore);

/// <summary>
/// What <see cref="WatermarkDetector.Read"/> found: the marks whose checksum holds, best first (usually none or one),
/// and the best agreement any alignment reached, checksum or not.
/// </summary>
public sealed record WatermarkReading(IReadOnlyList<WatermarkCandidate> Marks, double BestConfidence);

/// <summary>
/// Finds this key's mark in 24 kHz audio of unknown origin: cut anywhere, re-encoded, resampled, louder or quieter,
/// with noise. Band levels are measured in frames at <see cref="Phases"/> sub-frame offsets; each frame's change
/// against its neighbours, matched with every block position's up/down pattern, gives a soft symbol; symbols of the
/// same position in repeated blocks add up. The alignments whose sync symbols agree best are decoded, and a mark
/// counts only when its checksum holds — with <see cref="Tried"/> alignments decoded, a window without a mark passes
/// by chance about 4 times in 65,536 before the server also finds its number among the records it keeps.
/// </summary>
public sealed class WatermarkDetector(WatermarkPattern pattern)
{
    public const int Phases = 8;
    public const int Tried = 4;
    private const float MaxChange = 6f;

    // A band within this many dB of its noise floor says nothing about the mark: at 20 dB SNR, pauses are all noise.
    private const float NoiseMargin = 6f;

    private static readonly float[] Weights = WatermarkLayout.FrameWeights();

    private readonly RealFft fft = new(WatermarkLayout.Window);

    public WatermarkReading Read(ReadOnlySpan<float> samples)
    {
        const int blockFrames = WatermarkLayout.BlockFrames;
        var frames = samples.Length < WatermarkLayout.Window ? 0 : ((samples.Length - WatermarkLayout.Window) / WatermarkLayout.Hop) + 1;
        if (frames < 3)
        {
            return new WatermarkReading([], 0);
        }
        var changes = new float[Phases][];
        var best = new List<(double Score, int Phase, int Offset)>();
        var sums = new float[blockFrames];
        for (var phase = 0; phase < Phases; phase++)
        {
            var start = phase * WatermarkLayout.Hop / Phases;
            var count = (samples.Length - start - WatermarkLayout.Window) / WatermarkLayout.Hop + 1;
            if (count < 3)
            {
                continue;
            }
            changes[phase] = BandChanges(samples[start..], count);
            for (var offset = 0; offset < blockFrames; offset++)
            {
                Accumulate(changes[phase], offset, sums, syncOnly: true);
                double agree = 0, energy = 0;
                for (var p = 0; p < blockFrames; p++)
                {
                    if (pattern.RoleOf(p) < 0)
                    {
                        agree += pattern.ChipAt(p) * sums[p];
                        energy += sums[p] * sums[p];
                    }
                }
                var score = energy > 0 ? agree / Math.Sqrt(energy) : 0;
                Keep(best, (score, phase, offset));
            }
        }
        var marks = new List<WatermarkCandidate>();
        var bestConfidence = 0.0;
        var soft = new float[WatermarkCode.CodedBits];
        foreach (var (score, phase, offset) in best)
        {
            Accumulate(changes[phase], offset, sums, syncOnly: false);
            for (var p = 0; p < blockFrames; p++)
            {
                if (pattern.RoleOf(p) is var bit and >= 0)
                {
                    soft[bit] = sums[p];
                }
            }
            var (mark, holds) = WatermarkCode.Decode(soft, pattern.CrcMask);
            var confidence = Agreement(sums, pattern.Symbols(WatermarkCode.Encode(mark, pattern.CrcMask)));
            bestConfidence = Math.Max(bestConfidence, confidence);
            if (holds && !marks.Exists(m => m.Mark == mark))
            {
                marks.Add(new WatermarkCandidate(mark, Math.Round(confidence, 4), Math.Round(score, 2)));
            }
        }
        return new WatermarkReading([.. marks.OrderByDescending(m => m.Confidence)], Math.Round(bestConfidence, 4));
    }

    /// <summary>
    /// Per frame and band, the level (dB) against the mean of its two neighbours, clipped so an onset does not
    /// outweigh many frames; frames far quieter than the loud part of the audio (pauses, noise) are left at zero.
    /// </summary>
    private float[] BandChanges(ReadOnlySpan<float> samples, int count)
    {
        const int groups = WatermarkLayout.Groups;
        var levels = new float[count * groups];
        var loudness = new float[count];
        var frame = new float[WatermarkLayout.Window];
        var real = new float[(WatermarkLayout.Window / 2) + 1];
        var imaginary = new float[real.Length];
        var bins = WatermarkLayout.GroupBins;
        for (var t = 0; t < count; t++)
        {
            var at = samples.Slice(t * WatermarkLayout.Hop, WatermarkLayout.Window);
            for (var i = 0; i < frame.Length; i++)
            {
                frame[i] = at[i] * Weights[i];
            }
            fft.Forward(frame, real, imaginary);
            for (var g = 0; g < groups; g++)
            {
                var energy = 0f;
                for (var k = bins[g]; k < bins[g + 1]; k++)
                {
                    energy += (real[k] * real[k]) + (imaginary[k] * imaginary[k]);
                }
                loudness[t] += energy;
                levels[(t * groups) + g] = 10 * MathF.Log10(energy + 1e-12f);
            }
        }
        var sorted = (float[])loudness.Clone();
        Array.Sort(sorted);
        var floor = Math.Max(1e-7f, sorted[(int)(0.9 * (sorted.Length - 1))] * 1e-4f);
        var noise = NoiseFloors(levels, count);
        var changes = new float[count * groups];
        for (var t = 1; t < count - 1; t++)
        {
            if (loudness[t] < floor)
            {
                continue;
            }
            for (var g = 0; g < groups; g++)
            {
                if (levels[(t * groups) + g] < noise[g] + NoiseMargin)
                {
                    continue;
                }
                var change = levels[(t * groups) + g] - (0.5f * (levels[((t - 1) * groups) + g] + levels[((t + 1) * groups) + g]));
                changes[(t * groups) + g] = Math.Clamp(change, -MaxChange, MaxChange);
            }
        }
        return changes;
    }

    /// <summary>Per band, the level that a tenth of the frames stay under: the noise under the speech.</summary>
    private static float[] NoiseFloors(float[] levels, int count)
    {
        const int groups = WatermarkLayout.Groups;
        var floors = new float[groups];
        var column = new float[count];
        for (var g = 0; g < groups; g++)
        {
            for (var t = 0; t < count; t++)
            {
                column[t] = levels[(t * groups) + g];
            }
            Array.Sort(column);
            floors[g] = column[count / 10];
        }
        return floors;
    }

    /// <summary>Adds up each block position's soft symbol over the frames, when frame 0 is at block position <paramref name="offset"/>.</summary>
    private void Accumulate(float[] changes, int offset, float[] sums, bool syncOnly)
    {
        const int groups = WatermarkLayout.Groups;
        Array.Clear(sums);
        var count = changes.Length / groups;
        for (var t = 0; t < count; t++)
        {
            var position = (t + offset) % WatermarkLayout.BlockFrames;
            if (syncOnly && pattern.RoleOf(position) >= 0)
            {
                continue;
            }
            var signs = pattern.SignsAt(position);
            var row = changes.AsSpan(t * groups, groups);
            var symbol = 0f;
            for (var g = 0; g < groups; g++)
            {
                symbol += signs[g] * row[g];
            }
            sums[position] += symbol;
        }
    }

    private static void Keep(List<(double Score, int Phase, int Offset)> best, (double Score, int Phase, int Offset) candidate)
    {
        if (best.Count == Tried && candidate.Score <= best[^1].Score)
        {
            return;
        }
        if (best.Count == Tried)
        {
            best.RemoveAt(Tried - 1);
        }
        var at = best.FindIndex(b => b.Score < candidate.Score);
        best.Insert(at < 0 ? best.Count : at, candidate);
    }

    /// <summary>The share of the block's soft symbols, weighted by their size, that agree with <paramref name="expected"/>.</summary>
    private static double Agreement(float[] sums, sbyte[] expected)
    {
        double agree = 0, total = 0;
        for (var p = 0; p < sums.Length; p++)
        {
            total += Math.Abs(sums[p]);
            agree += sums[p] * expected[p] > 0 ? Math.Abs(sums[p]) : 0;
        }
        return total > 0 ? agree / total : 0;
    }
}
