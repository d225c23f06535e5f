using CineCast.Web.Audio;
using CineCast.Web.Synthesis;

namespace CineCast.Web.Api;

/// <summary>
/// Streams a planned synthesis as an audio file: headers from the pipeline's <c>start</c> item (what really speaks),
/// then each frame through the format's encoder as it is made. A failure after the first byte aborts the response,
/// so a client never mistakes a truncated file for a complete one.
/// </summary>
public sealed partial class SpeechAudioResult(SynthesisPlan plan, string format) : IResult
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
        response.ContentType = AudioFormats.ContentType(format);
        using var admitted = plan;
        await using var encoder = services.GetRequiredService<AudioFormats>().Create(format, response.Body);
        try
        {
            await foreach (var item in pipeline.StreamAsync(plan, cancellationToken))
            {
                if (item.Kind == SpeechItemKinds.Start)
                {
                    response.Headers[EngineHeader] = item.Engine;
                    response.Headers[VoiceHeader] = DescribeVoice(item.VoiceId!, item.VoiceName!);
                    await response.StartAsync(cancellationToken);
                }
                else if (item.Kind == SpeechItemKinds.Audio)
                {
                    await encoder.WriteAsync(item.Pcm, cancellationToken);
                }
            }
            await encoder.CompleteAsync(cancellationToken);
        }
        catch (Exception exception) when (exception is Refusals.RefusedException or IOException)
        {
            LogAborted(logger, plan.Voice.Id, exception.Message);
            httpContext.Abort();
        }
    }

    /// <summary><c>id; name="…"</c>, the name percent-encoded because header values must be ASCII.</summary>
    public static string DescribeVoice(string id, string name) => $"{id}; name=\"{Uri.EscapeDataString(name)}\"";

    [LoggerMessage(Level = LogLevel.Warning, Message = "Speech for voice {VoiceId} stopped mid-stream; the response was aborted: {Reason}")]
    private static partial void LogAborted(ILogger logger, string voiceId, string reason);
}
