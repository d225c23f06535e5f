using CineCast.Speech.Text;

namespace CineCast.Engines.Neural;

/// <summary>
/// Word and sentence marks for an engine that only knows where its chunks start: inside a chunk, each word is
/// placed by its share of the chunk's characters at the pace the stream has had so far (a first guess of
/// <see cref="InitialSecondsPerCharacter"/> until a chunk has been heard whole). The chunk's first sentence starts
/// exactly with a chunk that starts it; every other mark is flagged estimated. Marks never run backwards: those a
/// chunk did not reach by its end come at the start of the next.
/// </summary>
public sealed class EstimatedMarks(int sampleRate)
{
    /// <summary>Speech runs at about 14 characters a second.</summary>
    public const double InitialSecondsPerCharacter = 0.07;

    private readonly List<(long Sample, SpeechEvent Mark)> marks = [];
    private int next;
    private long heardInChunk;
    private int charactersInChunk;
    private long heardBefore;
    private long charactersBefore;
    private int lastWordStart = -1;
    private bool atSentenceStart = true;

    /// <summary>A chunk starts: marks for what is left of the last one, then this one's exact start.</summary>
    public IEnumerable<SpeechEvent> Start(TextChunk chunk)
    {
        foreach (var left in Rest())
        {
            yield return left;
        }
        heardBefore += heardInChunk;
        charactersBefore += charactersInChunk;
        (heardInChunk, charactersInChunk, next) = (0, chunk.Text.Length, 0);
        marks.Clear();
        Plan(chunk);
        yield return SpeechEvent.Starts(chunk);
        while (next < marks.Count && marks[next].Sample == 0 && marks[next].Mark.Kind == SpeechEventKind.SentenceStarts)
        {
            yield return marks[next++].Mark;
        }
    }

    /// <summary>The marks due before a block of <paramref name="samples"/> that is about to be heard.</summary>
    public IEnumerable<SpeechEvent> Before(int samples)
    {
        while (next < marks.Count && marks[next].Sample < heardInChunk + (samples / 2))
        {
            yield return marks[next++].Mark;
        }
        heardInChunk += samples;
    }

    /// <summary>The marks a chunk did not reach.</summary>
    public IEnumerable<SpeechEvent> Rest()
    {
        while (next < marks.Count)
        {
            yield return marks[next++].Mark;
        }
    }

    private void Plan(TextChunk chunk)
    {
        if (chunk.Source.Length == 0 || chunk.Text.Length == 0)
        {
            return;
        }
        var samplesPerCharacter = charactersBefore > 0 && heardBefore > 0
            ? (double)heardBefore / charactersBefore
            : InitialSecondsPerCharacter * sampleRate;
        var spans = new SourceSpans(chunk.Text, chunk.Source);
        var text = chunk.Text;
        for (var i = 0; i < text.Length; i++)
        {
            if (!char.IsLetterOrDigit(text[i]) || (i > 0 && char.IsLetterOrDigit(text[i - 1])))
            {
                continue;
            }
            var ends = EndsSentence(text, i);
            // Speech moves forward through the text: a piece of a word cut at a chunk's edge finds no word of its own.
            if (spans.Of(i) is { } span && chunk.SourceStart + span.Start > lastWordStart)
            {
                var sample = (long)(i * samplesPerCharacter);
                var start = chunk.SourceStart + span.Start;
                if (atSentenceStart)
                {
                    var length = SentenceEnd(chunk.Source, span.Start) - span.Start;
                    marks.Add((sample, SpeechEvent.Mark(SpeechEventKind.SentenceStarts, start, length, estimated: sample > 0)));
                }
                marks.Add((sample, SpeechEvent.Mark(SpeechEventKind.WordStarts, start, span.Length, estimated: true)));
                (lastWordStart, atSentenceStart) = (start, false);
            }
            atSentenceStart |= ends;
        }
    }

    /// <summary>Whether a sentence ends between the word at <paramref name="wordAt"/> and the next word (or the chunk's end).</summary>
    private static bool EndsSentence(string text, int wordAt)
    {
        var i = wordAt;
        while (i < text.Length && char.IsLetterOrDigit(text[i]))
        {
            i++;
        }
        for (; i < text.Length && !char.IsLetterOrDigit(text[i]); i++)
        {
            if (text[i] is '.' or '!' or '?' or '。' or '！' or '？')
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>Where the sentence that holds <paramref name="from"/> ends in the caller's text, before its closing punctuation.</summary>
    private static int SentenceEnd(string source, int from)
    {
        var end = source.IndexOfAny(['.', '!', '?', '。', '！', '？'], from);
        end = end < 0 ? source.Length : end;
        while (end > from && char.IsWhiteSpace(source[end - 1]))
        {
            end--;
        }
        return end;
    }
}
