using CineCast.Web.Audio;
using CineCast.Web.Synthesis;

namespace CineCast.Web.Api;

/// <summary>
/// Streams a planned synthesis as an audio file: headers from the pipeline's <c>start</c> item (what really speaks),
/// then each frame through the format's encoder as it is made. A failure after the first byte aborts the response,
/// so a client never mistakes a truncated file for a complete one. As server-sent events
/// (<paramref name="asEvents"/>) the encoder's output goes out as <see cref="SpeechAudioEventStream"/>, and a failure is
/// told as an error event instead.
/// </summary>
public sealed partial class SpeechAudioResult(SynthesisPlan plan, string format, bool asEvents = false) : IResult
{
    public const string EngineHeader = "X-CineCast-Engine";
    public const string VoiceHeader = "X-CineCast-Voice";

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var services = httpContext.RequestServices;
        var pipeline = services.GetRequiredService<SynthesisPipeline>();
        var logger = services.GetRequiredService<ILogger<SpeechAudioResult>>();
        var response = httpContext.Response;
        var cancellationToken = httpContext.RequestAborted;
        using var admitted = plan;
        await using var events = asEvents ? new SpeechAudioEventStream(response.Body) : null;
        response.ContentType = asEvents ? SpeechAudioEventStream.ContentType : AudioFormats.ContentType(format);
        if (asEvents)
        {
            response.Headers.CacheControl = "no-cache";
        }
        Refusals.RefusedException? failure = null;
        await using (var encoder = services.GetRequiredService<AudioFormats>().Create(format, events ?? response.Body))
        {
            try
            {
                double seconds = 0;
                await foreach (var item in pipeline.StreamAsync(plan, cancellationToken))
                {
                    switch (item.Kind)
                    {
                        case SpeechItemKinds.Start:
                            response.Headers[EngineHeader] = item.Engine;
                            response.Headers[VoiceHeader] = DescribeVoice(item.VoiceId!, item.VoiceName!);
                            response.Headers[Provenance.ProvenanceApi.StatementHeader] = item.Provenance;
                            response.Headers[Provenance.ProvenanceApi.WatermarkHeader] = item.Watermark;
                            await response.StartAsync(cancellationToken);
                            break;
                        case SpeechItemKinds.Audio:
                            await encoder.WriteAsync(item.Pcm, cancellationToken);
                            break;
                        case SpeechItemKinds.End:
                            seconds = item.DurationSeconds ?? 0;
                            break;
                    }
                }
                await encoder.CompleteAsync(cancellationToken);
                if (events is not null)
                {
                    await events.WriteDoneAsync(plan.Engine.Id, plan.Voice.Id, seconds, cancellationToken);
                }
            }
            catch (Refusals.RefusedException refused) when (events is not null)
            {
                failure = refused;
            }
            catch (Exception exception) when (exception is Refusals.RefusedException or IOException)
            {
                LogAborted(logger, plan.Voice.Id, exception.Message);
                httpContext.Abort();
            }
        }
        if (failure is not null)
        {
            // Only now, with the encoder stopped, so nothing it still had can follow the error.
            LogFailedAsEvent(logger, plan.Voice.Id, failure.Message);
            await events!.WriteErrorAsync(failure, CancellationToken.None);
        }
    }

    /// <summary><c>id; name="…"</c>, the name percent-encoded because header values must be ASCII.</summary>
    public static string DescribeVoice(string id, string name) => $"{id}; name=\"{Uri.EscapeDataString(name)}\"";

    [LoggerMessage(Level = LogLevel.Warning, Message = "Speech for voice {VoiceId} stopped mid-stream; the response was aborted: {Reason}")]
    private static partial void LogAborted(ILogger logger, string voiceId, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Speech for voice {VoiceId} stopped mid-stream; an error event ended the stream: {Reason}")]
    private static partial void LogFailedAsEvent(ILogger logger, string voiceId, string reason);
}
