using CineCast.Speech.Text;

namespace CineCast.Engines.Basic;

/// <summary>
/// A chunk's sentence and word marks from espeak-ng's own timings, each with the span of the caller's text it was
/// read from and the sample of the chunk's audio (at <paramref name="sampleRate"/>) where espeak-ng starts it.
/// </summary>
public static class EspeakMarks
{
    public static List<(long Sample, SpeechEvent Mark)> Of(TextChunk chunk, IReadOnlyList<EspeakTiming> timings, int sampleRate)
    {
        var marks = new List<(long, SpeechEvent)>();
        if (chunk.Source.Length == 0)
        {
            return marks;
        }
        var spans = new SourceSpans(chunk.Text, chunk.Source);
        var sentenceAt = -1;
        var lastStart = -1;
        (int Start, int Length)? lastWord = null;
        for (var i = 0; i < timings.Count; i++)
        {
            var timing = timings[i];
            var sample = (long)timing.Milliseconds * sampleRate / 1000;
            if (timing.IsSentence)
            {
                sentenceAt = marks.Count;
                marks.Add((sample, default));
                continue;
            }
            // Speech moves forward through the text: espeak-ng sometimes reports a word again as it ends a clause.
            if (timing.Start <= lastStart || spans.Of(timing.Start) is not { } span || span == lastWord)
            {
                continue;
            }
            lastStart = timing.Start;
            lastWord = span;
            marks.Add((sample, SpeechEvent.Mark(SpeechEventKind.WordStarts, chunk.SourceStart + span.Start, span.Length)));
            if (sentenceAt >= 0)
            {
                // A sentence runs from its first word to the last word before the next sentence.
                var (sentenceSample, sentence) = marks[sentenceAt];
                var start = sentence.Kind == SpeechEventKind.SentenceStarts ? sentence.Offset : chunk.SourceStart + span.Start;
                marks[sentenceAt] = (sentenceSample, SpeechEvent.Mark(SpeechEventKind.SentenceStarts, start, chunk.SourceStart + span.Start + span.Length - start));
            }
        }
        // A sentence with no word that came from the text (only stray symbols) has no mark.
        marks.RemoveAll(mark => mark.Item2.Kind == SpeechEventKind.Audio);
        return marks;
    }
}
