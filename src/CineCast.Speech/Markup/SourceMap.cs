namespace CineCast.Speech.Markup;

/// <summary>
/// Where each stretch of a part's spoken text came from in the caller's original text: verbatim runs map character
/// for character, replaced ones (an entity, a <c>&lt;sub&gt;</c> alias, a <c>&lt;say-as&gt;</c> reading) map as a
/// whole to what they replaced. Marks found in the spoken text are reported against the original through it.
/// </summary>
public sealed class SourceMap
{
    private readonly List<Segment> segments = [];

    private SourceMap()
    {
    }

    /// <summary>Spoken text that is the original from <paramref name="sourceOffset"/> on, character for character.</summary>
    public static SourceMap Verbatim(int sourceOffset, int length)
    {
        var map = new SourceMap();
        map.Add(0, length, sourceOffset, length, verbatim: true);
        return map;
    }

    internal static SourceMap Empty() => new();

    internal int SpokenLength => segments.Count == 0 ? 0 : segments[^1].SpokenEnd;

    /// <summary>The span of the original text that the spoken span at <paramref name="offset"/> was made from.</summary>
    public (int Offset, int Length) ToSource(int offset, int length)
    {
        if (segments.Count == 0)
        {
            return (0, 0);
        }
        var start = Find(offset) is var first && segments[first] is var head && head.Verbatim
            ? head.Source + Math.Clamp(offset - head.Spoken, 0, head.SourceLength)
            : head.Source;
        if (length <= 0)
        {
            return (start, 0);
        }
        var last = segments[Find(offset + length - 1)];
        var end = last.Verbatim ? last.Source + Math.Clamp(offset + length - last.Spoken, 0, last.SourceLength) : last.Source + last.SourceLength;
        return (start, Math.Max(0, end - start));
    }

    internal void Add(int spoken, int spokenLength, int source, int sourceLength, bool verbatim)
    {
        if (spokenLength <= 0)
        {
            return;
        }
        if (verbatim && segments.Count > 0 && segments[^1] is { Verbatim: true } previous
            && previous.SpokenEnd == spoken && previous.Source + previous.SourceLength == source)
        {
            segments[^1] = previous with { SpokenLength = previous.SpokenLength + spokenLength, SourceLength = previous.SourceLength + sourceLength };
            return;
        }
        segments.Add(new Segment(spoken, spokenLength, source, sourceLength, verbatim));
    }

    /// <summary>Adds the segments of <paramref name="from"/> that cover its spoken <paramref name="start"/>..<paramref name="end"/>, moved to <paramref name="at"/>.</summary>
    internal void CopyFrom(SourceMap from, int start, int end, int at)
    {
        if (end <= start || from.segments.Count == 0)
        {
            return;
        }
        for (var i = from.Find(start); i < from.segments.Count && from.segments[i].Spoken < end; i++)
        {
            var segment = from.segments[i];
            var clipStart = Math.Max(start, segment.Spoken);
            var clipEnd = Math.Min(end, segment.SpokenEnd);
            if (clipEnd <= clipStart)
            {
                continue;
            }
            if (segment.Verbatim)
            {
                Add(at + clipStart - start, clipEnd - clipStart, segment.Source + clipStart - segment.Spoken, clipEnd - clipStart, verbatim: true);
            }
            else
            {
                Add(at + clipStart - start, clipEnd - clipStart, segment.Source, segment.SourceLength, verbatim: false);
            }
        }
    }

    private int Find(int spoken)
    {
        var low = 0;
        var high = segments.Count - 1;
        while (low < high)
        {
            var middle = (low + high + 1) / 2;
            if (segments[middle].Spoken <= spoken)
            {
                low = middle;
            }
            else
            {
                high = middle - 1;
            }
        }
        return low;
    }

    private readonly record struct Segment(int Spoken, int SpokenLength, int Source, int SourceLength, bool Verbatim)
    {
        public int SpokenEnd => Spoken + SpokenLength;
    }
}
