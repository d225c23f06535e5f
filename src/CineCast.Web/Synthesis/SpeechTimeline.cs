using System.Text.Json.Serialization;

namespace CineCast.Web.Synthesis;

/// <summary>A word or a sentence: its text as the caller wrote it, where it is in that text, and when it is said (seconds).</summary>
public sealed record TimedSpan(
    [property: JsonPropertyName("text")] string Text,
    [property: JsonPropertyName("start")] double Start,
    [property: JsonPropertyName("end")] double End,
    [property: JsonPropertyName("offset")] int Offset,
    [property: JsonPropertyName("length")] int Length)
{
    /// <summary>True when the start is an estimate (an engine that does not time words); left out when exact.</summary>
    [JsonPropertyName("estimated")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public bool? Estimated { get; init; }
}

/// <summary>
/// When each word and sentence of a whole stream is said, from its marks: a word lasts until the next word,
/// sentence or pause starts, a sentence until the next sentence or pause, the last ones until the audio ends. An
/// engine that marks no words answers with none: no time is made up.
/// </summary>
public sealed class SpeechTimeline(SynthesisPlan plan)
{
    private readonly List<SpeechItem> marks = [];

    /// <summary>How many samples of audio the stream held.</summary>
    public long Samples { get; private set; }

    public double Seconds => Time(Samples);

    /// <summary>Takes note of one item of the stream, in order.</summary>
    public void Add(SpeechItem item)
    {
        switch (item)
        {
            case { Kind: SpeechItemKinds.Audio, Pcm: { } pcm }:
                Samples += pcm.Length / 2;
                break;
            case { Kind: SpeechItemKinds.Mark, Mark: SpeechMarks.Word or SpeechMarks.Sentence or SpeechMarks.Pause or SpeechMarks.Chunk }:
                marks.Add(item);
                break;
        }
    }

    public IReadOnlyList<TimedSpan> Words() => Spans(SpeechMarks.Word);

    public IReadOnlyList<TimedSpan> Sentences() => Spans(SpeechMarks.Sentence);

    /// <summary>The engine's chunks: for engines that mark no sentences, the closest thing to them.</summary>
    public IReadOnlyList<TimedSpan> Chunks() => Spans(SpeechMarks.Chunk);

    private List<TimedSpan> Spans(string kind)
    {
        var spans = new List<TimedSpan>();
        var end = Samples;
        for (var i = marks.Count - 1; i >= 0; i--)
        {
            var mark = marks[i];
            var start = mark.Sample!.Value;
            if (mark.Mark == kind)
            {
                var (offset, length) = (mark.Offset!.Value, mark.Length!.Value);
                spans.Add(new TimedSpan(plan.Script.Quote(plan.Text, offset, length), Time(start), Time(Math.Max(start, end)), offset, length) { Estimated = mark.Estimated });
            }
            if (mark.Mark == kind || mark.Mark == SpeechMarks.Pause || (kind == SpeechMarks.Word && mark.Mark is SpeechMarks.Sentence or SpeechMarks.Chunk))
            {
                end = start;
            }
        }
        spans.Reverse();
        return spans;
    }

    private static double Time(long sample) => Math.Round((double)sample / SynthesisPipeline.SampleRate, 3);
}
