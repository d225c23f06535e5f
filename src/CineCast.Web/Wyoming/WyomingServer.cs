using System.Net;
using System.Net.Sockets;
using CineCast.Web.Hosting;
using CineCast.Web.Refusals;
using CineCast.Web.Synthesis;
using Microsoft.Extensions.Options;

namespace CineCast.Web.Wyoming;

/// <summary>
/// The Wyoming TCP server: accepts connections up to <see cref="WyomingOptions.MaxConnections"/> (one more is told
/// the server is busy and closed) and runs a <see cref="WyomingSession"/> for each. Every request counts against the
/// one rate-limit window of the account it speaks for, like its hub and HTTP requests do for theirs.
/// </summary>
public sealed partial class WyomingServer(
    IOptions<WyomingOptions> options,
    IOptions<RateLimitOptions> rateLimits,
    IServiceScopeFactory scopes,
    SynthesisPipeline pipeline,
    TimeProvider clock,
    ILogger<WyomingServer> logger) : BackgroundService
{
    private readonly TaskCompletionSource<IPEndPoint> listening = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Lock gate = new();
    private readonly HashSet<Task> sessions = [];
    private int connections;

    /// <summary>Where the server listens, once it does (the port is known only then when 0 was asked for).</summary>
    public Task<IPEndPoint> Listening => listening.Task;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        using var speechLimit = new FixedWindowLimiter(rateLimits.Value.Synthesis, clock);
        var listener = new TcpListener(IPAddress.Parse(settings.Address), settings.Port!.Value);
        try
        {
            listener.Start();
        }
        catch (SocketException exception)
        {
            listening.TrySetException(exception);
            throw;
        }
        var endpoint = (IPEndPoint)listener.LocalEndpoint;
        listening.TrySetResult(endpoint);
        LogListening(endpoint, settings.User!);
        try
        {
            while (true)
            {
                var client = await listener.AcceptTcpClientAsync(stoppingToken);
                Track(ServeAsync(client, speechLimit, settings, stoppingToken));
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The app is stopping.
        }
        finally
        {
            listener.Stop();
            Task[] running;
            lock (gate)
            {
                running = [.. sessions];
            }
            await Task.WhenAll(running);
        }
    }

    private void Track(Task session)
    {
        lock (gate)
        {
            sessions.Add(session);
        }
        session.ContinueWith(done =>
        {
            lock (gate)
            {
                sessions.Remove(done);
            }
        }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    private async Task ServeAsync(TcpClient client, FixedWindowLimiter speechLimit, WyomingOptions settings, CancellationToken stoppingToken)
    {
        await Task.Yield();
        using (client)
        {
            var stream = client.GetStream();
            await using (stream)
            {
                try
                {
                    if (Interlocked.Increment(ref connections) > settings.MaxConnections)
                    {
                        await TellBusyAsync(stream, settings);
                        return;
                    }
                    await new WyomingSession(stream, scopes, pipeline, speechLimit, settings, logger).RunAsync(stoppingToken);
                }
                catch (Exception exception) when (exception is IOException or SocketException or ObjectDisposedException or OperationCanceledException)
                {
                    LogDropped(exception.Message);
                }
                finally
                {
                    Interlocked.Decrement(ref connections);
                }
            }
        }
    }

    private static async Task TellBusyAsync(Stream stream, WyomingOptions settings)
    {
        using var writer = new WyomingWriter(stream);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(settings.WriteTimeoutSeconds));
        await writer.WriteAsync(WyomingEvent.Error(Refuse.WyomingBusy.With(settings.MaxConnections)), timeout.Token);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Wyoming server listening on {Endpoint}, speaking for {User}.")]
    private partial void LogListening(IPEndPoint endpoint, string user);

    [LoggerMessage(Level = LogLevel.Information, Message = "A Wyoming connection was dropped: {Reason}")]
    private partial void LogDropped(string reason);
}
