using System.IO.Pipelines;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using System.Threading.RateLimiting;
using CineCast.Web.Hosting;
using CineCast.Web.Refusals;
using CineCast.Web.Synthesis;

namespace CineCast.Web.Wyoming;

/// <summary>
/// One client connection (Home Assistant opens one per request): <c>describe</c> → <c>info</c>;
/// <c>synthesize</c> → <c>audio-start</c>, <c>audio-chunk</c>s, <c>audio-stop</c>; and the streaming form,
/// <c>synthesize-start</c> / <c>synthesize-chunk</c>s / <c>synthesize-stop</c> → audio as sentences complete, then
/// <c>synthesize-stopped</c> (the <c>synthesize</c> a streaming client also sends, for older servers, is ignored).
/// A refusal is an <c>error</c> event with the refusal's code; a broken frame, a silent or slow client ends only
/// this connection.
/// </summary>
public sealed partial class WyomingSession(
    Stream connection, IServiceScopeFactory scopes, SynthesisPipeline pipeline, RateLimiter speechLimit, WyomingOptions options, ILogger logger)
{
    public async Task RunAsync(CancellationToken serverStopping)
    {
        using var session = CancellationTokenSource.CreateLinkedTokenSource(serverStopping);
        using var writer = new WyomingWriter(connection);
        var reader = new WyomingReader(PipeReader.Create(connection), options);
        LiveUtterance? live = null;
        try
        {
            while (await ReadAsync(reader, session.Token) is { } next)
            {
                switch (next.Type)
                {
                    case "describe":
                        await AnswerAsync(writer, () => DescribeAsync(writer, session.Token), session.Token);
                        break;
                    case "synthesize" when live is null:
                        await AnswerAsync(writer, () => SynthesizeAsync(next, writer, session.Token), session.Token);
                        break;
                    case "synthesize":
                        break;
                    case "synthesize-start":
                        await (live?.StopAsync() ?? Task.CompletedTask);
                        live = await StartLiveAsync(next, writer, session.Token);
                        break;
                    case "synthesize-chunk":
                        live?.Add(next.Text("text"));
                        break;
                    case "synthesize-stop":
                        await (live?.StopAsync() ?? Task.CompletedTask);
                        live = null;
                        await WriteAsync(writer, new WyomingEvent("synthesize-stopped"), session.Token);
                        break;
                    case "ping":
                        await WriteAsync(writer, new WyomingEvent("pong", new JsonObject { ["text"] = next.Text("text") }), session.Token);
                        break;
                    default:
                        await WriteErrorAsync(writer, Refuse.WyomingUnknownEvent.With(next.Type), session.Token);
                        break;
                }
            }
        }
        catch (WyomingProtocolException broken)
        {
            LogClosed(logger, broken.Message);
            await TryWriteErrorAsync(writer, Refuse.WyomingBadFrame.With(broken.Message));
        }
        catch (Exception exception) when (exception is IOException or OperationCanceledException or ObjectDisposedException)
        {
            // The client went away, went quiet past the idle limit, stopped reading, or the server is stopping.
            LogClosed(logger, exception.Message);
        }
        finally
        {
            await session.CancelAsync();
            if (live is not null)
            {
                await live.AbandonAsync();
            }
        }
    }

    private async Task<WyomingEvent?> ReadAsync(WyomingReader reader, CancellationToken cancellationToken)
    {
        using var idle = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        idle.CancelAfter(TimeSpan.FromSeconds(options.IdleSeconds));
        return await reader.ReadAsync(idle.Token);
    }

    private async Task DescribeAsync(WyomingWriter writer, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var voices = scope.ServiceProvider.GetRequiredService<WyomingVoices>();
        var account = await voices.AccountAsync(cancellationToken);
        await WriteAsync(writer, WyomingInfo.Describe(account, scope.ServiceProvider.GetRequiredService<Engines.EngineCatalog>().Get(voices.EngineId)), cancellationToken);
    }

    private async Task SynthesizeAsync(WyomingEvent request, WyomingWriter writer, CancellationToken cancellationToken)
    {
        using var plan = await PlanAsync(request, (synthesis, userId) => pipeline.PlanInteractiveAsync(synthesis with { Text = request.Text("text") }, userId, cancellationToken), cancellationToken);
        await SendAudioAsync(pipeline.StreamAsync(plan, cancellationToken), writer, cancellationToken);
    }

    /// <summary>Starts speaking text that will arrive in chunks; a refusal is told at once and the chunks that follow are dropped.</summary>
    private async Task<LiveUtterance> StartLiveAsync(WyomingEvent start, WyomingWriter writer, CancellationToken cancellationToken)
    {
        SynthesisPlan plan;
        try
        {
            plan = await PlanAsync(start, (synthesis, userId) => pipeline.PlanLiveAsync(synthesis, userId, cancellationToken), cancellationToken);
        }
        catch (RefusedException refused)
        {
            await WriteErrorAsync(writer, refused, cancellationToken);
            return LiveUtterance.Refused;
        }
        var text = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
        var speaking = Task.Run(async () =>
        {
            using var admitted = plan;
            await AnswerAsync(writer, () => SendAudioAsync(pipeline.StreamLiveAsync(plan, text.Reader.ReadAllAsync(CancellationToken.None), cancellationToken), writer, cancellationToken), cancellationToken);
        }, CancellationToken.None);
        return new LiveUtterance(text.Writer, speaking);
    }

    /// <summary>The voice and engine a request names, checked against what the account offers and its rate limit, then planned.</summary>
    private async Task<SynthesisPlan> PlanAsync(WyomingEvent request, Func<SynthesisRequest, string, Task<SynthesisPlan>> plan, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var voices = scope.ServiceProvider.GetRequiredService<WyomingVoices>();
        var account = await voices.AccountAsync(cancellationToken);
        var asked = request.Data["voice"] as JsonObject;
        var voice = account.Choose(WyomingEvent.TextOf(asked, "name"), WyomingEvent.TextOf(asked, "language"), options.DefaultVoice);
        using var lease = speechLimit.AttemptAcquire();
        if (!lease.IsAcquired)
        {
            throw RateLimitSetup.Refusal(RateLimitSetup.Synthesis, lease);
        }
        return await plan(new SynthesisRequest(null, voice.Id, 1.0, voices.EngineId), account.UserId);
    }

    /// <summary>
    /// The pipeline's items as Wyoming audio: 16-bit mono at the stream's rate. <c>audio-start</c> also says which
    /// engine and voice really speak (fields Wyoming clients ignore and people can read).
    /// </summary>
    private async Task SendAudioAsync(IAsyncEnumerable<SpeechItem> items, WyomingWriter writer, CancellationToken cancellationToken)
    {
        await foreach (var item in items)
        {
            switch (item.Kind)
            {
                case SpeechItemKinds.Start:
                    var start = Format();
                    start["engine"] = item.Engine;
                    start["voice"] = item.VoiceId;
                    start["voice_name"] = item.VoiceName;
                    start["provenance"] = item.Provenance;
                    start["watermark"] = item.Watermark;
                    await WriteAsync(writer, new WyomingEvent("audio-start", start), cancellationToken);
                    break;
                case SpeechItemKinds.Audio:
                    await WriteAsync(writer, new WyomingEvent("audio-chunk", Format(), item.Pcm), cancellationToken);
                    break;
                case SpeechItemKinds.End:
                    await WriteAsync(writer, new WyomingEvent("audio-stop"), cancellationToken);
                    break;
            }
        }
    }

    private static JsonObject Format() => new() { ["rate"] = SynthesisPipeline.SampleRate, ["width"] = 2, ["channels"] = 1 };

    /// <summary>Runs one request; its refusal becomes an <c>error</c> event and the connection carries on.</summary>
    private async Task AnswerAsync(WyomingWriter writer, Func<Task> work, CancellationToken cancellationToken)
    {
        try
        {
            await work();
        }
        catch (RefusedException refused)
        {
            await WriteErrorAsync(writer, refused, cancellationToken);
        }
    }

    private Task WriteErrorAsync(WyomingWriter writer, RefusedException refused, CancellationToken cancellationToken) =>
        WriteAsync(writer, WyomingEvent.Error(refused), cancellationToken);

    private async Task TryWriteErrorAsync(WyomingWriter writer, RefusedException refused)
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(options.WriteTimeoutSeconds));
            await WriteErrorAsync(writer, refused, timeout.Token);
        }
        catch (Exception exception) when (exception is IOException or OperationCanceledException or ObjectDisposedException)
        {
            // The client is gone as well; there is nobody left to tell.
        }
    }

    /// <summary>Every write has a deadline: a client that stops reading is dropped instead of holding its stream slot.</summary>
    private async Task WriteAsync(WyomingWriter writer, WyomingEvent wyomingEvent, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(TimeSpan.FromSeconds(options.WriteTimeoutSeconds));
        await writer.WriteAsync(wyomingEvent, deadline.Token);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "A Wyoming connection ended: {Reason}")]
    private static partial void LogClosed(ILogger logger, string reason);

    /// <summary>Text arriving in <c>synthesize-chunk</c>s for one streaming utterance, and the task that speaks it.</summary>
    private sealed class LiveUtterance(ChannelWriter<string>? text, Task speaking)
    {
        public static readonly LiveUtterance Refused = new(null, Task.CompletedTask);

        public void Add(string? piece) => text?.TryWrite(piece ?? "");

        /// <summary>The text is complete: what is left is spoken, then the utterance is over.</summary>
        public Task StopAsync()
        {
            text?.TryComplete();
            return speaking;
        }

        /// <summary>The client is gone: the rest is not spoken, and nothing is left running.</summary>
        public async Task AbandonAsync()
        {
            text?.TryComplete();
            try
            {
                await speaking;
            }
            catch (Exception exception) when (exception is IOException or OperationCanceledException or ObjectDisposedException)
            {
                // Cut off with its connection, as it should be.
            }
        }
    }
}
