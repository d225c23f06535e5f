namespace CineCast.Speech.Text;

/// <summary>
/// Finds where the next chunk ends, looking at most <c>limit</c> characters ahead: at a sentence end when one is
/// within reach, otherwise at the best clause break, space or gap beside a Han character, and as a last resort at
/// the limit itself (never inside a surrogate pair).
/// </summary>
internal static class ChunkBoundaries
{
    /// <summary>The end (exclusive) of the chunk starting at <paramref name="start"/>, or -1 when only a hard cut would do and it is not allowed.</summary>
    public static int FindEnd(string text, int start, int limit, bool allowHardCut)
    {
        var windowEnd = Math.Min(text.Length, start + limit);
        int clause = -1, space = -1, gap = -1;
        var i = start;
        while (i < windowEnd)
        {
            var tag = MarkupTag.LengthAt(text, i);
            if (tag > 0)
            {
                if (i + tag > windowEnd)
                {
                    break;
                }

                i += tag;
                continue;
            }

            var c = text[i];
            if (Scripts.IsLineBreak(c))
            {
                return i;
            }

            var sentenceEnd = SentenceEndAt(text, i);
            if (sentenceEnd > 0)
            {
                return Math.Min(sentenceEnd, windowEnd);
            }

            if (char.IsWhiteSpace(c))
            {
                space = i;
            }
            else if (IsClauseBreak(text, i))
            {
                clause = i + 1;
            }
            else if (i > start && IsGapBesideHan(text, i))
            {
                gap = i;
            }

            i += c == '.' ? DotRunLength(text, i) : 1;
        }

        if (i >= text.Length)
        {
            return text.Length;
        }

        if (clause > start + (limit / 3))
        {
            return clause;
        }

        var best = Math.Max(Math.Max(space, gap), clause);
        if (best > start)
        {
            return best;
        }

        if (!allowHardCut)
        {
            return -1;
        }

        var cut = i > start ? i : windowEnd;
        if (cut < text.Length && char.IsLowSurrogate(text[cut]))
        {
            cut = cut - 1 > start ? cut - 1 : cut + 1;
        }

        return cut;
    }

    /// <summary>
    /// For text still arriving: the end (exclusive) of the first sentence from <paramref name="start"/> that more text
    /// cannot change, or -1. A mark at the very end of what has arrived counts, unless the next characters could still
    /// make it something else: a period after a digit ("3." may become "3.5"), two periods (an ellipsis is three), or a
    /// period after a title that precedes a name ("Mr."), which is never an end. A line break ends a sentence too.
    /// </summary>
    public static int CompleteSentenceEnd(string text, int start)
    {
        var i = start;
        while (i < text.Length)
        {
            var tag = MarkupTag.LengthAt(text, i);
            if (tag > 0)
            {
                i += tag;
                continue;
            }

            var c = text[i];
            if (i > start && Scripts.IsLineBreak(c))
            {
                return i;
            }

            var end = SentenceEndAt(text, i);
            if (end > 0)
            {
                return end < text.Length || !MayStillGrow(text, i) ? end : -1;
            }

            i += c == '.' ? DotRunLength(text, i) : 1;
        }

        return -1;
    }

    private static bool MayStillGrow(string text, int index) =>
        text[index] is '.' or '．' && DotRunLength(text, index) switch
        {
            1 => index > 0 && char.IsAsciiDigit(text[index - 1]),
            2 => true,
            _ => false,
        };

    /// <summary>Where the sentence ending with the mark at <paramref name="index"/> ends (closing quotes included), or -1.</summary>
    private static int SentenceEndAt(string text, int index)
    {
        var c = text[index];
        if (Scripts.IsCjkTerminator(c))
        {
            return SkipClosers(text, SkipMarks(text, index + 1));
        }

        if (c is '!' or '?' or '…' or '‼' or '⁉')
        {
            var end = SkipClosers(text, SkipMarks(text, index + 1));
            return FollowsBreak(text, end) ? end : -1;
        }

        if (c is '.' or '．')
        {
            var run = DotRunLength(text, index);
            var end = SkipClosers(text, SkipMarks(text, index + run));
            if (!FollowsBreak(text, end))
            {
                return -1;
            }

            // A single period after an abbreviation or initial is not a full stop; an ellipsis always is.
            return run > 1 || PeriodEndsSentence(text, index, end) ? end : -1;
        }

        return -1;
    }

    private static bool PeriodEndsSentence(string text, int dot, int after)
    {
        var wordStart = dot;
        while (wordStart > 0 && dot - wordStart < 16
            && (char.IsLetter(text[wordStart - 1]) || (text[wordStart - 1] == '.' && wordStart >= 2 && char.IsLetter(text[wordStart - 2]))))
        {
            wordStart--;
        }

        // "$1.2B." or "3D." is a word glued to a number, not an abbreviation or initial.
        if (wordStart == dot || Scripts.IsHan(text[dot - 1]) || (wordStart > 0 && char.IsAsciiDigit(text[wordStart - 1])))
        {
            return true;
        }

        var next = after;
        while (next < text.Length && !char.IsLetterOrDigit(text[next]))
        {
            next++;
        }

        return Abbreviations.PeriodCanEndSentence(text.AsSpan(wordStart, dot - wordStart), next < text.Length ? text[next] : '\0');
    }

    /// <summary>A sentence mark must be followed by a space, a line end, Chinese text or the end of the text.</summary>
    private static bool FollowsBreak(string text, int index)
    {
        while (index < text.Length && char.GetUnicodeCategory(text[index]) == System.Globalization.UnicodeCategory.Format)
        {
            index++;
        }

        return index >= text.Length || char.IsWhiteSpace(text[index]) || Scripts.IsHan(text[index]);
    }

    private static bool IsClauseBreak(string text, int index)
    {
        var c = text[index];
        return Scripts.IsCjkClauseBreak(c) || c is '—' or '–'
            || (c is ',' or ';' or ':' && (index + 1 >= text.Length || char.IsWhiteSpace(text[index + 1]) || Scripts.IsHan(text[index + 1])));
    }

    /// <summary>Chinese has no spaces: a gap next to a Han character is a fair place to cut when nothing better exists.</summary>
    private static bool IsGapBesideHan(string text, int index) =>
        !char.IsLowSurrogate(text[index]) && !char.IsPunctuation(text[index])
        && (Scripts.IsHan(text[index]) || Scripts.IsHan(text[index - 1]));

    private static int DotRunLength(string text, int index)
    {
        var end = index;
        while (end < text.Length && text[end] is '.' or '．')
        {
            end++;
        }

        return end - index;
    }

    private static int SkipMarks(string text, int index)
    {
        while (index < text.Length && (text[index] is '!' or '?' or '…' or '.' || Scripts.IsCjkTerminator(text[index])))
        {
            index++;
        }

        return index;
    }

    private static int SkipClosers(string text, int index)
    {
        while (index < text.Length && Scripts.IsCloser(text[index]))
        {
            index++;
        }

        return index;
    }
}
