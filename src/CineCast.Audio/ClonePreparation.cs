namespace CineCast.Audio;

/// <summary>Turns decoded upload audio into a clone reference clip, or says why it cannot be one.</summary>
public static class ClonePreparation
{
    private const double SilenceFrameSeconds = 0.03;

    private const double DcCutoffHz = 20;

    /// <summary>
    /// Validates (non-finite, clipping, silence), mixes to mono, resamples to the target rate, removes DC, trims
    /// leading and trailing silence, checks the speech duration, normalises loudness under the peak ceiling and
    /// measures the voice. Throws <see cref="AudioRejectedException"/> when the audio is unusable.
    /// </summary>
    public static PreparedClip Prepare(PcmAudio decoded, CloneAudioRules rules)
    {
        ArgumentNullException.ThrowIfNull(decoded);
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(rules.TargetSampleRate);

        RejectNonFinite(decoded.Samples);
        RejectClipping(decoded.Samples, rules);
        var mono = decoded.ToMono();
        RejectSilence(mono, decoded.SampleRate, rules);

        var rate = rules.TargetSampleRate;
        var signal = Resampler.Resample(mono, decoded.SampleRate, rate);
        RemoveDc(signal, rate);

        var frameLength = (int)(SpeechLevel.FrameSeconds * rate);
        var levels = SpeechLevel.FrameLevelsDb(signal, frameLength);
        var activityThreshold = SpeechLevel.ActivityThresholdDb(levels, rules.SilenceFrameRmsDbfs, rules.ActivityThresholdBelowSpeechDb)
            ?? throw Silent();
        var firstActive = Array.FindIndex(levels, level => level >= activityThreshold);
        var lastActive = Array.FindLastIndex(levels, level => level >= activityThreshold);
        var speechSeconds = (double)(lastActive - firstActive + 1) * frameLength / rate;
        if (speechSeconds < rules.MinSpeechSeconds)
        {
            throw new AudioRejectedException(AudioProblem.TooShort, FormattableString.Invariant(
                $"The recording has {speechSeconds:0.0} seconds of speech once silence is trimmed; at least {rules.MinSpeechSeconds:0.#} seconds are needed."));
        }

        if (speechSeconds > rules.MaxSpeechSeconds)
        {
            throw new AudioRejectedException(AudioProblem.TooLongSpeech, FormattableString.Invariant(
                $"The recording has {speechSeconds:0.0} seconds of speech; at most {rules.MaxSpeechSeconds:0.#} seconds are allowed. Upload a shorter clip."));
        }

        var margin = (int)Math.Round(rules.TrimMarginSeconds * rate);
        var start = Math.Max(0, (firstActive * frameLength) - margin);
        var end = Math.Min(signal.Length, ((lastActive + 1) * frameLength) + margin);
        var clip = signal[start..end];

        var activeMeanSquare = SpeechLevel.ActiveMeanSquare(signal, frameLength, levels, activityThreshold);
        var peak = SpeechLevel.Peak(clip);
        var gain = Math.Min(SpeechLevel.DbToAmplitude(rules.TargetLoudnessDbfs) / Math.Sqrt(activeMeanSquare), SpeechLevel.DbToAmplitude(rules.PeakCeilingDbfs) / peak);
        for (var i = 0; i < clip.Length; i++)
        {
            clip[i] = (float)(clip[i] * gain);
        }

        return new PreparedClip(
            clip,
            rate,
            (double)clip.Length / rate,
            SpeechLevel.AmplitudeToDb(Math.Sqrt(activeMeanSquare) * gain),
            SpeechLevel.AmplitudeToDb(SpeechLevel.Peak(clip)),
            PitchEstimator.Measure(clip, rate));
    }

    private static void RejectNonFinite(ReadOnlySpan<float> samples)
    {
        foreach (var sample in samples)
        {
            if (!float.IsFinite(sample))
            {
                throw new AudioRejectedException(AudioProblem.NonFiniteSamples, "The audio contains invalid (NaN or infinite) sample values.");
            }
        }
    }

    /// <summary>Counts clipped samples over all channels together.</summary>
    private static void RejectClipping(ReadOnlySpan<float> samples, CloneAudioRules rules)
    {
        var clipped = 0L;
        foreach (var sample in samples)
        {
            if (Math.Abs(sample) >= rules.ClippingLevel)
            {
                clipped++;
            }
        }

        var fraction = samples.IsEmpty ? 0 : (double)clipped / samples.Length;
        if (fraction > rules.MaxClippedFraction)
        {
            throw new AudioRejectedException(AudioProblem.Clipped, FormattableString.Invariant(
                $"{fraction * 100:0.#}% of the samples are at full scale (at most {rules.MaxClippedFraction * 100:0.#}% is allowed), so the recording is distorted. Record again with a lower input level."));
        }
    }

    private static void RejectSilence(float[] mono, int sampleRate, CloneAudioRules rules)
    {
        if (mono.Length == 0 || SpeechLevel.AmplitudeToDb(SpeechLevel.Peak(mono)) < rules.SilencePeakDbfs)
        {
            throw Silent();
        }

        var frameLength = Math.Max(1, (int)(SilenceFrameSeconds * sampleRate));
        var levels = SpeechLevel.FrameLevelsDb(mono, Math.Min(frameLength, mono.Length));
        if (!levels.Any(level => level >= rules.SilenceFrameRmsDbfs))
        {
            throw Silent();
        }
    }

    private static AudioRejectedException Silent() =>
        new(AudioProblem.Silent, "The recording is silent or too quiet to contain speech. Check the microphone and record again.");

    // A one-pole high-pass (about 20 Hz) rather than subtracting the mean: an offset that changes during the clip
    // (a recording padded with digital silence, a drifting microphone) would otherwise leave a constant in the
    // quiet parts that trimming and loudness then mistake for sound.
    private static void RemoveDc(Span<float> signal, int sampleRate)
    {
        if (signal.IsEmpty)
        {
            return;
        }

        var pole = 1 - (2 * Math.PI * DcCutoffHz / sampleRate);
        double previousInput = signal[0];
        var previousOutput = 0.0;
        foreach (ref var sample in signal)
        {
            var output = sample - previousInput + (pole * previousOutput);
            previousInput = sample;
            previousOutput = output;
            sample = (float)output;
        }
    }
}
