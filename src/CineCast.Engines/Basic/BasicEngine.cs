using System.Runtime.CompilerServices;
using CineCast.Audio.Matching;
using CineCast.Speech.Text;

namespace CineCast.Engines.Basic;

/// <summary>
/// espeak-ng speaking with settings measured from the voice's reference clip, then equalised toward the clip's
/// long-term spectrum. It follows pitch level and range, pace and timbre; it is not neural cloning.
/// </summary>
public sealed class BasicEngine(EspeakInstallation espeak, EspeakPool pool, BasicVoiceProfiles profiles, EspeakWordTimes wordTimes) : ISpeechEngine
{
    public const string EngineId = "basic";
    private const double MinWordsPerMinute = 80;
    private const double MaxWordsPerMinute = 450;

    public string Id => EngineId;

    public string Description =>
        "Basic: espeak-ng with approximate voice matching (pitch level and range, pace, spectral colour). It resembles the reference voice; it is not neural cloning.";

    public EngineStatus Status => (espeak.Problem is { } problem
        ? new EngineStatus(Id, EngineStates.MissingDependency, problem, Description)
        : new EngineStatus(Id, EngineStates.Ready, null, Description)) with { Languages = SpokenLanguages };

    // espeak-ng has a voice for every language the app detects.
    private static readonly IReadOnlyList<string> SpokenLanguages = [.. Enum.GetValues<SpeechLanguage>().Select(l => l.Code())];

    public bool ControlsSpeed => true;

    public string? CannotSpeak(SpeakingVoice voice, double speed) => null;

    public string? CannotSay(string text, SpeechLanguage? language = null) => null;

    /// <summary>Short first chunk for fast first audio, then sentences of up to 240 characters.</summary>
    public IEnumerable<TextChunk> Plan(string text, SpeechLanguage? language = null) => TextPlanner.Plan(text, new TextPlanOptions { Language = language });

    public async Task<ChunkReading> ReadAsync(TextChunk chunk, CancellationToken cancellationToken) =>
        new(null, await EspeakPhonemes.ReadAsync(espeak, BasicVoiceProfiles.EspeakLanguage(chunk.Language), chunk.Text, cancellationToken));

    public Task PrepareAsync(SpeakingVoice voice, SpeechLanguage language, CancellationToken cancellationToken) =>
        profiles.GetAsync(voice, language, cancellationToken);

    public void Forget(string voiceId) => profiles.Forget(voiceId);

    public async IAsyncEnumerable<SpeechEvent> SynthesizeAsync(
        SpeakingVoice voice, IEnumerable<TextChunk> chunks, SynthesisSettings settings, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (espeak.Problem is { } problem)
        {
            throw new EngineFailedException(problem);
        }

        var sampleRate = new StrongBox<int>();
        var shaping = new OutputShaping();
        int? firstIndex = null;
        foreach (var chunk in chunks)
        {
            firstIndex ??= chunk.Index;
            var profile = await profiles.GetAsync(voice, chunk.Language, cancellationToken);
            foreach (var tail in shaping.Use(profile))
            {
                yield return SpeechEvent.Audio(tail, Format);
            }
            yield return SpeechEvent.Starts(chunk);

            var wordsPerMinute = (int)Math.Round(Math.Clamp(profile.Settings.WordsPerMinute * settings.Speed, MinWordsPerMinute, MaxWordsPerMinute));
            await using var run = pool.Rent(profile.EspeakVoice, wordsPerMinute).Speak(chunk.Text);
            // The first chunk's word times are measured once its audio is out, so they cost the first audio nothing (measured
            // beside it they take the CPU the first frame needs on the way to the listener); later chunks are measured
            // while they are spoken. Marks that arrive after their sound say how long ago it was.
            var measuring = !espeak.WordMarks ? Task.FromResult(new List<(long Sample, SpeechEvent Mark)>())
                : chunk.Index == firstIndex ? null
                : Measure(chunk, wordsPerMinute, cancellationToken);
            List<(long Sample, SpeechEvent Mark)>? marks = null;
            var next = 0;
            long heard = 0;
            await foreach (var block in run.ReadAsync(sampleRate, espeak.RunTimeout, cancellationToken))
            {
                var rest = shaping.Process(block.Span, sampleRate.Value);
                if (marks is null && measuring is { IsCompleted: true } measured)
                {
                    marks = await measured;
                }
                if (marks is null)
                {
                    yield return SpeechEvent.Audio(rest, Format);
                    heard += rest.Length;
                    continue;
                }
                for (; next < marks.Count && marks[next].Sample < heard; next++)
                {
                    yield return SpeechEvent.Late(marks[next].Mark, heard - marks[next].Sample);
                }
                // Each mark goes between the samples where espeak-ng starts its word or sentence.
                while (next < marks.Count && marks[next].Sample < heard + rest.Length)
                {
                    var cut = (int)Math.Max(0, marks[next].Sample - heard);
                    if (cut > 0)
                    {
                        yield return SpeechEvent.Audio(rest[..cut], Format);
                        heard += cut;
                        rest = rest[cut..];
                    }
                    yield return marks[next++].Mark;
                }
                if (!rest.IsEmpty)
                {
                    yield return SpeechEvent.Audio(rest, Format);
                    heard += rest.Length;
                }
            }
            marks ??= await (measuring ?? Measure(chunk, wordsPerMinute, cancellationToken));
            for (; next < marks.Count; next++)
            {
                yield return marks[next].Sample < heard ? SpeechEvent.Late(marks[next].Mark, heard - marks[next].Sample) : marks[next].Mark;
            }
        }
        foreach (var tail in shaping.Finish())
        {
            yield return SpeechEvent.Audio(tail, Format);
        }
    }

    /// <summary>Where espeak-ng's library says each word and sentence of the chunk starts, measured on another thread.</summary>
    private Task<List<(long Sample, SpeechEvent Mark)>> Measure(TextChunk chunk, int wordsPerMinute, CancellationToken cancellationToken) =>
        Task.Run(
            () => EspeakMarks.Of(chunk, wordTimes.Measure(BasicVoiceProfiles.EspeakLanguage(chunk.Language), wordsPerMinute, chunk.Text), Format.SampleRate),
            cancellationToken);

    // The voice's equaliser is designed at this rate, so espeak-ng's output is brought to it first.
    private static readonly NAudio.Wave.WaveFormat Format = SpeechFormats.Mono(BasicVoiceProfiles.OutputSampleRate);

    /// <summary>
    /// espeak-ng's output rate to 24 kHz, the voice's equaliser and gain, as one stream across chunks so chunk
    /// boundaries leave no seam. Buffers are reused: a returned block is valid until the next call.
    /// </summary>
    private sealed class OutputShaping
    {
        private StreamingResampler? resampler;
        private StreamingFir? equalizer;
        private float gain = 1;
        private float[] resampled = new float[4096];
        private float[] filtered = new float[4096];

        public IEnumerable<ReadOnlyMemory<float>> Use(BasicVoiceProfile profile)
        {
            var tail = FlushEqualizer();
            equalizer = profile.EqualizerTaps is { } taps ? new StreamingFir(taps) : null;
            gain = profile.Gain;
            return tail;
        }

        public ReadOnlyMemory<float> Process(ReadOnlySpan<float> input, int inputRate)
        {
            resampler ??= new StreamingResampler(inputRate, BasicVoiceProfiles.OutputSampleRate);
            Grow(ref resampled, resampler.MaxOutputLength(input.Length));
            return Shape(resampler.Process(input, resampled));
        }

        public IEnumerable<ReadOnlyMemory<float>> Finish()
        {
            if (resampler is not null)
            {
                Grow(ref resampled, resampler.PendingOutputLength);
                var count = resampler.Flush(resampled);
                if (count > 0)
                {
                    yield return Shape(count);
                }
            }
            foreach (var tail in FlushEqualizer())
            {
                yield return tail;
            }
        }

        private ReadOnlyMemory<float> Shape(int count)
        {
            var target = resampled;
            if (equalizer is not null)
            {
                Grow(ref filtered, count);
                equalizer.Process(resampled.AsSpan(0, count), filtered.AsSpan(0, count));
                target = filtered;
            }
            ApplyGain(target.AsSpan(0, count));
            return target.AsMemory(0, count);
        }

        private IEnumerable<ReadOnlyMemory<float>> FlushEqualizer()
        {
            if (equalizer is null)
            {
                return [];
            }
            var tail = new float[equalizer.LatencySamples];
            var count = equalizer.Flush(tail);
            ApplyGain(tail.AsSpan(0, count));
            equalizer = null;
            return [tail.AsMemory(0, count)];
        }

        private void ApplyGain(Span<float> samples)
        {
            foreach (ref var sample in samples)
            {
                sample = Math.Clamp(sample * gain, -1f, 1f);
            }
        }

        private static void Grow(ref float[] buffer, int length)
        {
            if (buffer.Length < length)
            {
                buffer = new float[Math.Max(length, buffer.Length * 2)];
            }
        }
    }
}
