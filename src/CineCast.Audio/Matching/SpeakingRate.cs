namespace CineCast.Audio.Matching;

/// <summary>
/// Syllable nuclei per second of speech: peaks of the smoothed level envelope (the 2–9 Hz syllable modulation)
/// that rise at least 3 dB above the dip before them and lie at least 80 ms apart, per second of speech with the
/// pauses left out. Meant for comparing two recordings measured the same way, not as an absolute syllable count.
/// </summary>
public static class SpeakingRate
{
    private const double FrameSeconds = 0.025;
    private const double HopSeconds = 0.01;

    // A Hann smoother this long passes the syllable rhythm (up to about 9 Hz) and removes faster ripple.
    private const double SmoothingSeconds = 0.07;

    private const double MinPeakProminenceDb = 3;
    private const double MinPeakSpacingSeconds = 0.08;

    // Frames more than this far below the loud frames are pauses, and pauses shorter than the bridge are part of speech.
    private const double ActiveRangeDb = 25;
    private const double LoudFramePercentile = 0.95;
    private const double PauseBridgeSeconds = 0.15;

    // Quieter than this, a recording is digital silence or dither whatever the shape of its envelope.
    private const double SilenceDbfs = -80;

    // Below this lie hum and the voicing energy of nasals and voiced consonants, which fill the dips between syllables.
    private const double HighPassHz = 300;

    public static double SyllablesPerSecond(ReadOnlySpan<float> mono, int sampleRate)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(sampleRate);
        var envelope = LevelEnvelopeDb(mono, sampleRate);
        if (envelope.Length == 0)
        {
            return 0;
        }

        var sorted = (double[])envelope.Clone();
        Array.Sort(sorted);
        var loudLevel = sorted[(int)(LoudFramePercentile * (sorted.Length - 1))];
        if (loudLevel < SilenceDbfs)
        {
            return 0;
        }

        var activeLevel = loudLevel - ActiveRangeDb;
        var activeSeconds = ActiveFrameCount(envelope, activeLevel) * HopSeconds;

        // Below the activity level the envelope is flat, so pauses make no peaks and every dip ends at that floor.
        for (var i = 0; i < envelope.Length; i++)
        {
            envelope[i] = Math.Max(envelope[i], activeLevel);
        }

        return CountNuclei(Smooth(envelope), activeLevel) / activeSeconds;
    }

    private static double[] LevelEnvelopeDb(ReadOnlySpan<float> mono, int sampleRate)
    {
        var filtered = new float[mono.Length];
        var pole = Math.Exp(-2 * Math.PI * HighPassHz / sampleRate);
        double previousInput = 0, previousOutput = 0;
        for (var i = 0; i < mono.Length; i++)
        {
            previousOutput = pole * (previousOutput + mono[i] - previousInput);
            previousInput = mono[i];
            filtered[i] = (float)previousOutput;
        }

        var frameLength = (int)(FrameSeconds * sampleRate);
        var hop = (int)(HopSeconds * sampleRate);
        var frameCount = mono.Length < frameLength ? 0 : ((mono.Length - frameLength) / hop) + 1;
        var envelope = new double[frameCount];
        for (var frame = 0; frame < frameCount; frame++)
        {
            var samples = filtered.AsSpan(frame * hop, frameLength);
            envelope[frame] = 10 * Math.Log10((Resampler.Dot(samples, samples) / frameLength) + 1e-12);
        }

        return envelope;
    }

    private static int ActiveFrameCount(double[] envelope, double activeLevel)
    {
        var bridgeFrames = (int)(PauseBridgeSeconds / HopSeconds);
        int first = -1, last = -1, pauseFrames = 0;
        for (var i = 0; i < envelope.Length; i++)
        {
            if (envelope[i] < activeLevel)
            {
                continue;
            }

            first = first < 0 ? i : first;
            if (last >= 0 && i - last - 1 > bridgeFrames)
            {
                pauseFrames += i - last - 1;
            }

            last = i;
        }

        return first < 0 ? 0 : last - first + 1 - pauseFrames;
    }

    private static double[] Smooth(double[] envelope)
    {
        var length = (int)(SmoothingSeconds / HopSeconds) | 1;
        var weights = new double[length];
        for (var i = 0; i < length; i++)
        {
            weights[i] = 0.5 - (0.5 * Math.Cos(2 * Math.PI * (i + 1) / (length + 1)));
        }

        var smoothed = new double[envelope.Length];
        for (var i = 0; i < envelope.Length; i++)
        {
            double sum = 0, weightSum = 0;
            for (var k = 0; k < length; k++)
            {
                var index = i + k - (length / 2);
                if (index >= 0 && index < envelope.Length)
                {
                    sum += weights[k] * envelope[index];
                    weightSum += weights[k];
                }
            }

            smoothed[i] = sum / weightSum;
        }

        return smoothed;
    }

    /// <summary>
    /// Local maxima above the floor; of two maxima closer than the minimum spacing, or without a dip of the
    /// minimum prominence between them, only the higher counts.
    /// </summary>
    private static int CountNuclei(double[] envelope, double floor)
    {
        var minSpacing = (int)Math.Round(MinPeakSpacingSeconds / HopSeconds);
        var count = 0;
        var lastPeak = -1;
        var dipSinceLastPeak = double.MaxValue;
        for (var i = 1; i < envelope.Length - 1; i++)
        {
            dipSinceLastPeak = Math.Min(dipSinceLastPeak, envelope[i]);
            var isPeak = envelope[i] > envelope[i - 1] && envelope[i] >= envelope[i + 1] && envelope[i] - floor >= MinPeakProminenceDb;
            if (!isPeak)
            {
                continue;
            }

            var distinct = lastPeak < 0
                || (i - lastPeak >= minSpacing && Math.Min(envelope[i], envelope[lastPeak]) - dipSinceLastPeak >= MinPeakProminenceDb);
            if (distinct)
            {
                count++;
                lastPeak = i;
                dipSinceLastPeak = envelope[i];
            }
            else if (envelope[i] > envelope[lastPeak])
            {
                lastPeak = i;
                dipSinceLastPeak = envelope[i];
            }
        }

        return count;
    }
}
