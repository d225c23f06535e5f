using System.Text.Json.Serialization;
using CineCast.Web.Audio;
using CineCast.Web.Synthesis;

namespace CineCast.Web.Api;

/// <summary>The body of <c>POST /v1/audio/speech/with-timestamps</c>.</summary>
public sealed record TimedSpeech(
    [property: JsonPropertyName("audio_base64")] string AudioBase64,
    [property: JsonPropertyName("format")] string Format,
    [property: JsonPropertyName("words")] IReadOnlyList<TimedSpan> Words,
    [property: JsonPropertyName("sentences")] IReadOnlyList<TimedSpan> Sentences);

/// <summary>
/// Speaks the whole plan, then answers with the audio and when each word and sentence is said
/// (<see cref="SpeechTimeline"/>). Headers say what really spoke, as for the streamed endpoint.
/// </summary>
public sealed class TimedSpeechResult(SynthesisPlan plan, string format) : IResult
{
    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var services = httpContext.RequestServices;
        var cancellationToken = httpContext.RequestAborted;
        using var admitted = plan;
        using var audio = new MemoryStream();
        var timeline = new SpeechTimeline(plan);
        await using (var encoder = services.GetRequiredService<AudioFormats>().Create(format, audio))
        {
            await foreach (var item in services.GetRequiredService<SynthesisPipeline>().StreamAsync(plan, cancellationToken))
            {
                timeline.Add(item);
                switch (item.Kind)
                {
                    case SpeechItemKinds.Start:
                        httpContext.Response.Headers[SpeechAudioResult.EngineHeader] = item.Engine;
                        httpContext.Response.Headers[SpeechAudioResult.VoiceHeader] = SpeechAudioResult.DescribeVoice(item.VoiceId!, item.VoiceName!);
                        httpContext.Response.Headers[Provenance.ProvenanceApi.StatementHeader] = item.Provenance;
                        httpContext.Response.Headers[Provenance.ProvenanceApi.WatermarkHeader] = item.Watermark;
                        break;
                    case SpeechItemKinds.Audio:
                        await encoder.WriteAsync(item.Pcm, cancellationToken);
                        break;
                }
            }
            await encoder.CompleteAsync(cancellationToken);
        }

        await TypedResults.Json(new TimedSpeech(
            Convert.ToBase64String(audio.GetBuffer(), 0, (int)audio.Length), format, timeline.Words(), timeline.Sentences())).ExecuteAsync(httpContext);
    }
}
