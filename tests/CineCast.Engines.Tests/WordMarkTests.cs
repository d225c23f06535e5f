namespace CineCast.Engines.Tests;

/// <summary>
/// The basic engine marks each sentence and word where espeak-ng itself starts it (its library reports them as it
/// synthesizes), with the span of the caller's own text the word was read from.
/// </summary>
public sealed class WordMarkTests
{
    private static readonly SpeakingVoice Preset = SpeakingVoice.From(new PresetVoice("aiden", "Aiden", "en", "male", "test preset", 110, new BasicEngineParameters(90, 130, 100, 175)));

    [Fact]
    public async Task Each_word_is_marked_with_what_it_was_read_from_and_each_sentence_with_its_words()
    {
        await using var engines = new Engines();
        const string text = "Hello there, world. I paid $1,250 for 3 tickets!";

        var (marks, audio, _) = await Engines.SpeakAsync(engines.Basic, Preset, text);

        var words = marks.Where(m => m.Kind == SpeechEventKind.WordStarts).Select(m => text.Substring(m.Offset, m.Length));
        var sentences = marks.Where(m => m.Kind == SpeechEventKind.SentenceStarts).Select(m => text.Substring(m.Offset, m.Length));
        Assert.Equal(["Hello", "there", "world", "I", "paid", "$1,250", "for", "3", "tickets"], words);
        Assert.Equal(["Hello there, world", "I paid $1,250 for 3 tickets"], sentences);
        Assert.NotEmpty(audio);
    }

    [Fact]
    public async Task A_word_after_a_pause_is_marked_where_its_sound_begins()
    {
        await using var engines = new Engines();
        const string text = "Stop. Now go on.";

        var (timeline, audio) = await TimelineAsync(engines, text);

        var now = timeline.Single(m => m.Mark.Kind == SpeechEventKind.WordStarts && text.Substring(m.Mark.Offset, m.Mark.Length) == "Now").Sample;
        var onset = SoundAfterLongestPause(audio);
        Assert.InRange(now - onset, -0.040 * 24000, 0.040 * 24000);
        var samples = timeline.Select(m => m.Sample).ToList();
        Assert.Equal(samples.Order(), samples);
        Assert.InRange(samples[^1], 0, audio.Length - 1);
    }

    /// <summary>Every mark with the number of audio samples before it.</summary>
    private static async Task<(List<(long Sample, SpeechEvent Mark)> Timeline, float[] Audio)> TimelineAsync(Engines engines, string text)
    {
        var timeline = new List<(long, SpeechEvent)>();
        var audio = new List<float>();
        await foreach (var speech in engines.Basic.SynthesizeAsync(Preset, engines.Basic.Plan(text), new SynthesisSettings(1), CancellationToken.None))
        {
            if (speech.Kind == SpeechEventKind.Audio)
            {
                audio.AddRange(speech.Samples.Span);
            }
            else
            {
                timeline.Add((audio.Count - speech.SamplesAgo, speech));
            }
        }
        return (timeline, audio.ToArray());
    }

    /// <summary>The first sample of sound after the longest run of 10 ms windows 40 dB below the loudest.</summary>
    private static long SoundAfterLongestPause(float[] audio)
    {
        const int Window = 240;
        var levels = Enumerable.Range(0, audio.Length / Window)
            .Select(w => Math.Sqrt(audio.AsSpan(w * Window, Window).ToArray().Average(s => s * s)))
            .ToArray();
        var quiet = levels.Max() / 100;
        int bestStart = 0, bestLength = 0, runStart = -1;
        for (var w = 1; w < levels.Length; w++)
        {
            if (levels[w] < quiet)
            {
                runStart = runStart < 0 ? w : runStart;
                if (w - runStart + 1 > bestLength && w + 1 < levels.Length && levels[w + 1] >= quiet)
                {
                    (bestStart, bestLength) = (runStart, w - runStart + 1);
                }
            }
            else
            {
                runStart = -1;
            }
        }
        return (long)(bestStart + bestLength) * Window;
    }
}
