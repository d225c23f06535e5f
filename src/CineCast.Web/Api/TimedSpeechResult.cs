using System.Text.Json.Serialization;
using CineCast.Web.Audio;
using CineCast.Web.Synthesis;

namespace CineCast.Web.Api;

/// <summary>A word or a sentence: its text as the caller wrote it, where it is in that text, and when it is said (seconds).</summary>
public sealed record TimedSpan(
    [property: JsonPropertyName("text")] string Text,
    [property: JsonPropertyName("start")] double Start,
    [property: JsonPropertyName("end")] double End,
    [property: JsonPropertyName("offset")] int Offset,
    [property: JsonPropertyName("length")] int Length);

/// <summary>The body of <c>POST /v1/audio/speech/with-timestamps</c>.</summary>
public sealed record TimedSpeech(
    [property: JsonPropertyName("audio_base64")] string AudioBase64,
    [property: JsonPropertyName("format")] string Format,
    [property: JsonPropertyName("words")] IReadOnlyList<TimedSpan> Words,
    [property: JsonPropertyName("sentences")] IReadOnlyList<TimedSpan> Sentences);

/// <summary>
/// Speaks the whole plan, then answers with the audio and the times of its word and sentence marks. A word lasts
/// until the next word or sentence starts, the last one until the audio ends. An engine that marks no words (pocket-tts)
/// answers with none: no time is made up. Headers say what really spoke, as for the streamed endpoint.
/// </summary>
public sealed class TimedSpeechResult(SynthesisPlan plan, string format) : IResult
{
    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var services = httpContext.RequestServices;
        var cancellationToken = httpContext.RequestAborted;
        using var admitted = plan;
        using var audio = new MemoryStream();
        var marks = new List<SpeechItem>();
        long samples = 0;
        await using (var encoder = services.GetRequiredService<AudioFormats>().Create(format, audio))
        {
            await foreach (var item in services.GetRequiredService<SynthesisPipeline>().StreamAsync(plan, cancellationToken))
            {
                switch (item.Kind)
                {
                    case SpeechItemKinds.Start:
                        httpContext.Response.Headers[SpeechAudioResult.EngineHeader] = item.Engine;
                        httpContext.Response.Headers[SpeechAudioResult.VoiceHeader] = SpeechAudioResult.DescribeVoice(item.VoiceId!, item.VoiceName!);
                        break;
                    case SpeechItemKinds.Audio:
                        await encoder.WriteAsync(item.Pcm, cancellationToken);
                        samples += item.Pcm!.Length / 2;
                        break;
                    case SpeechItemKinds.Mark when item.Mark is SpeechMarks.Word or SpeechMarks.Sentence:
                        marks.Add(item);
                        break;
                }
            }
            await encoder.CompleteAsync(cancellationToken);
        }

        var seconds = (double)samples / SynthesisPipeline.SampleRate;
        await TypedResults.Json(new TimedSpeech(
            Convert.ToBase64String(audio.GetBuffer(), 0, (int)audio.Length),
            format,
            Spans(marks, SpeechMarks.Word, seconds),
            Spans(marks, SpeechMarks.Sentence, seconds))).ExecuteAsync(httpContext);
    }

    private List<TimedSpan> Spans(List<SpeechItem> marks, string kind, double duration)
    {
        var spans = new List<TimedSpan>();
        for (var i = 0; i < marks.Count; i++)
        {
            if (marks[i].Mark != kind)
            {
                continue;
            }
            // Ends where the next mark of its kind starts — or, for a word, where a sentence starts, if sooner.
            var next = marks.Skip(i + 1).FirstOrDefault(m => m.Mark == kind || (kind == SpeechMarks.Word && m.Mark == SpeechMarks.Sentence && m.Sample > marks[i].Sample));
            var start = Seconds(marks[i].Sample!.Value);
            var end = next is null ? duration : Seconds(next.Sample!.Value);
            var (offset, length) = (marks[i].Offset!.Value, marks[i].Length!.Value);
            spans.Add(new TimedSpan(plan.Text.Substring(offset, length), start, Math.Max(start, end), offset, length));
        }
        return spans;
    }

    private static double Seconds(long sample) => Math.Round((double)sample / SynthesisPipeline.SampleRate, 3);
}
