using System.Text;
using CineCast.Neural.PocketTts;
using CineCast.Speech.Text;

namespace CineCast.Engines.Neural;

/// <summary>
/// Text cut the way Pocket TTS wants it: the app's planner normalises sentence by sentence (numbers, dates, …),
/// consecutive sentences of one language are joined with single spaces, and each such run is cut by Kyutai's own
/// rules (<see cref="PocketTextChunker"/>), so for text in one language the chunks are exactly the reference's.
/// </summary>
public static class PocketPlanning
{
    // Long enough that the planner cuts only at sentence ends and line breaks.
    private static readonly TextPlanOptions WholeSentences = new() { FirstChunkMaxChars = 1_000_000, MaxChunkChars = 1_000_000 };

    /// <summary>The sentences of <paramref name="text"/>, normalised, in runs of one language.</summary>
    public static IEnumerable<IReadOnlyList<TextChunk>> LanguageRuns(string text, SpeechLanguage? language = null)
    {
        var run = new List<TextChunk>();
        foreach (var sentence in TextPlanner.Plan(text, WholeSentences with { Language = language }))
        {
            if (run.Count > 0 && run[^1].Language != sentence.Language)
            {
                yield return run;
                run = [];
            }

            run.Add(sentence);
        }

        if (run.Count > 0)
        {
            yield return run;
        }
    }

    /// <summary>Cuts one run of sentences in one language; each chunk's source span covers the sentences it draws on.</summary>
    public static IEnumerable<TextChunk> Cut(IReadOnlyList<TextChunk> run, PocketTextChunker chunker, int firstIndex)
    {
        var joined = new StringBuilder();
        var starts = new int[run.Count];
        for (var i = 0; i < run.Count; i++)
        {
            if (joined.Length > 0)
            {
                joined.Append(' ');
            }

            starts[i] = joined.Length;
            joined.AppendJoin(' ', run[i].Text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        }

        // Single spaces and no leading space: the chunker's preparation then moves no character, so an offset in its
        // prepared text, less the padding, is an offset in the joined text.
        var plan = chunker.Split(joined.ToString());
        var index = firstIndex;
        foreach (var chunk in plan.Chunks)
        {
            var from = Math.Clamp(chunk.PreparedStart - plan.PaddingLength, 0, joined.Length);
            var to = Math.Clamp(chunk.PreparedEnd - plan.PaddingLength, from, joined.Length);
            var first = SentenceAt(starts, from);
            var last = Math.Max(first, SentenceAt(starts, Math.Max(from, to - 1)));
            var sourceStart = run[first].SourceStart;
            var sourceLength = run[last].SourceStart + run[last].SourceLength - sourceStart;
            yield return new TextChunk(index++, chunk.Text, run[first].Language, sourceStart, sourceLength) { Source = SourceOf(run, first, last, sourceStart, sourceLength) };
        }
    }

    /// <summary>The caller's text of sentences <paramref name="first"/> to <paramref name="last"/>, each at its place (what lies between them is blank).</summary>
    private static string SourceOf(IReadOnlyList<TextChunk> run, int first, int last, int sourceStart, int sourceLength)
    {
        var source = new char[sourceLength];
        Array.Fill(source, ' ');
        for (var i = first; i <= last; i++)
        {
            run[i].Source.AsSpan(0, Math.Min(run[i].Source.Length, sourceLength - (run[i].SourceStart - sourceStart))).CopyTo(source.AsSpan(run[i].SourceStart - sourceStart));
        }
        return new string(source);
    }

    private static int SentenceAt(int[] starts, int offset)
    {
        var found = Array.BinarySearch(starts, offset);
        return found >= 0 ? found : Math.Max(0, ~found - 1);
    }
}
