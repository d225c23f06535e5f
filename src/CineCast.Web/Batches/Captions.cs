using System.Globalization;
using System.Text;
using CineCast.Web.Synthesis;

namespace CineCast.Web.Batches;

/// <summary>One caption: what is said from <paramref name="Start"/> to <paramref name="End"/> (seconds), in at most two lines.</summary>
public sealed record Cue(double Start, double End, string Text);

/// <summary>
/// Captions of a spoken text, sentence by sentence: a sentence longer than the cue limits (characters, seconds) is
/// cut between words where the engine marked them, or, for engines that mark no words, between words at times
/// shared out by length (so such cue times inside a sentence are estimates). Written as WebVTT or SRT.
/// </summary>
public static class Captions
{
    /// <summary>The cues of a finished stream.</summary>
    public static List<Cue> Of(SpeechTimeline timeline, int maxCharacters, double maxSeconds)
    {
        var cues = new List<Cue>();
        var words = timeline.Words();
        var sentences = timeline.Sentences();
        foreach (var sentence in sentences.Count > 0 ? sentences : timeline.Chunks())
        {
            if (sentence.Text.Length == 0)
            {
                continue;
            }
            if (sentence.Text.Length <= maxCharacters && sentence.End - sentence.Start <= maxSeconds)
            {
                cues.Add(new Cue(sentence.Start, sentence.End, Lines(sentence.Text, maxCharacters)));
                continue;
            }
            var inside = words.Where(w => w.Offset >= sentence.Offset && w.Offset < sentence.Offset + sentence.Length).ToList();
            cues.AddRange(inside.Count > 0 ? ByWords(inside, sentence, maxCharacters, maxSeconds) : ByLength(sentence, maxCharacters, maxSeconds));
        }
        return cues;
    }

    public static string ToWebVtt(IEnumerable<Cue> cues)
    {
        var builder = new StringBuilder("WEBVTT\n\n");
        foreach (var cue in cues)
        {
            builder.Append(Time(cue.Start, '.')).Append(" --> ").Append(Time(cue.End, '.')).Append('\n').Append(cue.Text).Append("\n\n");
        }
        return builder.ToString();
    }

    public static string ToSrt(IEnumerable<Cue> cues)
    {
        var builder = new StringBuilder();
        var number = 1;
        foreach (var cue in cues)
        {
            builder.Append(number++).Append('\n')
                .Append(Time(cue.Start, ',')).Append(" --> ").Append(Time(cue.End, ',')).Append('\n').Append(cue.Text).Append("\n\n");
        }
        return builder.ToString();
    }

    /// <summary>Reads back the WebVTT this class writes (the form captions are kept in).</summary>
    public static List<Cue> FromWebVtt(string vtt)
    {
        var cues = new List<Cue>();
        foreach (var block in vtt.Replace("\r\n", "\n", StringComparison.Ordinal).Split("\n\n", StringSplitOptions.RemoveEmptyEntries).Skip(1))
        {
            var lines = block.Split('\n', 2);
            var times = lines[0].Split(" --> ");
            if (lines.Length == 2 && times.Length == 2)
            {
                cues.Add(new Cue(Seconds(times[0]), Seconds(times[1]), lines[1]));
            }
        }
        return cues;
    }

    private static IEnumerable<Cue> ByWords(List<TimedSpan> words, TimedSpan sentence, int maxCharacters, double maxSeconds)
    {
        var first = 0;
        for (var i = 1; i <= words.Count; i++)
        {
            var ends = i == words.Count;
            if (!ends)
            {
                var grown = Text(words, first, i, sentence);
                if (grown.Length <= maxCharacters && words[i].End - words[first].Start <= maxSeconds)
                {
                    continue;
                }
            }
            var start = first == 0 ? sentence.Start : words[first].Start;
            var end = ends ? sentence.End : words[i].Start;
            yield return new Cue(start, Math.Max(start, end), Lines(Text(words, first, i - 1, sentence), maxCharacters));
            first = i;
        }
    }

    /// <summary>The caller's words <paramref name="from"/> to <paramref name="to"/>, punctuation and all, as the sentence quotes them.</summary>
    private static string Text(List<TimedSpan> words, int from, int to, TimedSpan sentence)
    {
        var start = words[from].Offset - sentence.Offset;
        var next = to + 1 < words.Count ? words[to + 1].Offset - sentence.Offset : sentence.Length;
        var quoted = sentence.Text;
        // The sentence's text is its span as a person reads it; spans of plain text line up with it character for character.
        return quoted.Length == sentence.Length ? quoted[start..Math.Min(next, quoted.Length)].Trim() : string.Join(' ', words.Skip(from).Take(to - from + 1).Select(w => w.Text));
    }

    private static IEnumerable<Cue> ByLength(TimedSpan sentence, int maxCharacters, double maxSeconds)
    {
        var text = sentence.Text;
        var duration = sentence.End - sentence.Start;
        var pieces = (int)Math.Max(Math.Ceiling((double)text.Length / maxCharacters), Math.Ceiling(duration / maxSeconds));
        var target = (int)Math.Ceiling((double)text.Length / pieces);
        var from = 0;
        while (from < text.Length)
        {
            var to = Math.Min(text.Length, from + target);
            if (to < text.Length && text.LastIndexOf(' ', to, to - from) is > 0 and var space && space > from)
            {
                to = space;
            }
            yield return new Cue(
                sentence.Start + (duration * from / text.Length),
                sentence.Start + (duration * to / text.Length),
                Lines(text[from..to].Trim(), maxCharacters));
            from = to;
        }
    }

    /// <summary>A cue's text in one line, or two broken at the space nearest the middle when it is long.</summary>
    private static string Lines(string text, int maxCharacters)
    {
        text = text.Trim();
        var lineLength = Math.Max(20, maxCharacters / 2);
        if (text.Length <= lineLength)
        {
            return text;
        }
        var middle = text.Length / 2;
        var before = text.LastIndexOf(' ', middle);
        var after = text.IndexOf(' ', middle);
        var cut = before < 0 ? after : after < 0 ? before : middle - before <= after - middle ? before : after;
        return cut <= 0 ? text : text[..cut] + "\n" + text[(cut + 1)..];
    }

    private static string Time(double seconds, char decimalMark)
    {
        var time = TimeSpan.FromMilliseconds(Math.Round(seconds * 1000));
        return string.Create(CultureInfo.InvariantCulture, $"{(int)time.TotalHours:00}:{time.Minutes:00}:{time.Seconds:00}{decimalMark}{time.Milliseconds:000}");
    }

    private static double Seconds(string time) =>
        TimeSpan.ParseExact(time.Trim(), @"hh\:mm\:ss\.fff", CultureInfo.InvariantCulture).TotalSeconds;
}
