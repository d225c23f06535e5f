using System.Text;

namespace CineCast.Speech.Text;

/// <summary>A stretch of arriving text that can be spoken now, and where it starts in the whole text.</summary>
public readonly record struct LiveSentence(int Offset, string Text);

/// <summary>
/// Cuts text that arrives in pieces (a language model's output as it is written) into sentences as soon as each is
/// certain, so speech can start before the text is complete. When <paramref name="maxWaitingCharacters"/> arrive
/// without a sentence end, the best break within them (clause, space) is taken instead, so a long run-on sentence
/// does not hold the voice back.
/// </summary>
public sealed class LiveTextCutter(int maxWaitingCharacters)
{
    private readonly StringBuilder text = new();
    private int position;

    /// <summary>Everything that has arrived, in characters.</summary>
    public int Length => text.Length;

    public void Append(string piece) => text.Append(piece);

    /// <summary>The sentences that became certain since the last call, in order.</summary>
    public List<LiveSentence> TakeComplete()
    {
        var sentences = new List<LiveSentence>();
        var all = text.ToString();
        while (true)
        {
            var start = SkipWhitespace(all, position);
            var end = ChunkBoundaries.CompleteSentenceEnd(all, start);
            if (end < 0 && all.Length - start > maxWaitingCharacters)
            {
                end = ChunkBoundaries.FindEnd(all, start, maxWaitingCharacters, allowHardCut: true);
            }
            if (end <= start)
            {
                return sentences;
            }
            sentences.Add(new LiveSentence(start, all[start..end]));
            position = end;
        }
    }

    /// <summary>Whatever is left once the text has ended, or null when only whitespace is.</summary>
    public LiveSentence? TakeRest()
    {
        var all = text.ToString();
        var start = SkipWhitespace(all, position);
        position = all.Length;
        return start < all.Length ? new LiveSentence(start, all[start..]) : null;
    }

    private static int SkipWhitespace(string all, int index)
    {
        while (index < all.Length && char.IsWhiteSpace(all[index]))
        {
            index++;
        }
        return index;
    }
}
