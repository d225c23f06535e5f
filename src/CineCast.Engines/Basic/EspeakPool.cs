namespace CineCast.Engines.Basic;

/// <summary>
/// Keeps an espeak-ng process started, with its voice loaded, for each recently used voice and pace, so a request
/// pays only for speaking and not for starting the program and loading its data (most of espeak-ng's own time to
/// first audio). Idle processes wait on standard input and use no CPU; the pool is bounded and killed on shutdown.
/// </summary>
public sealed class EspeakPool(EspeakInstallation espeak) : IAsyncDisposable
{
    private const int MaxIdle = 16;

    private readonly Lock gate = new();
    private readonly LinkedList<(string Key, EspeakRun Run)> idle = new();
    private bool disposed;

    public int IdleCount
    {
        get
        {
            lock (gate)
            {
                return idle.Count;
            }
        }
    }

    /// <summary>A process for this voice and pace, already started when one was waiting; another is started to wait for the next request.</summary>
    public EspeakRun Rent(string voice, int wordsPerMinute)
    {
        var key = $"{voice}|{wordsPerMinute}";
        var run = TakeIdle(key) ?? EspeakRun.Launch(espeak, voice, wordsPerMinute);
        ThreadPool.QueueUserWorkItem(_ => AddIdle(key, voice, wordsPerMinute));
        return run;
    }

    private EspeakRun? TakeIdle(string key)
    {
        lock (gate)
        {
            for (var node = idle.First; node is not null; node = node.Next)
            {
                if (node.Value.Key == key)
                {
                    idle.Remove(node);
                    if (node.Value.Run.IsWaiting)
                    {
                        return node.Value.Run;
                    }
                    _ = node.Value.Run.DisposeAsync().AsTask();
                    return null;
                }
            }
        }
        return null;
    }

    private void AddIdle(string key, string voice, int wordsPerMinute)
    {
        EspeakRun run;
        try
        {
            run = EspeakRun.Launch(espeak, voice, wordsPerMinute);
        }
        catch (Exception exception) when (exception is EngineFailedException or System.ComponentModel.Win32Exception)
        {
            return;
        }

        EspeakRun? evicted = null;
        lock (gate)
        {
            if (disposed)
            {
                evicted = run;
            }
            else
            {
                idle.AddFirst((key, run));
                if (idle.Count > MaxIdle)
                {
                    evicted = idle.Last!.Value.Run;
                    idle.RemoveLast();
                }
            }
        }
        if (evicted is not null)
        {
            _ = evicted.DisposeAsync().AsTask();
        }
    }

    public async ValueTask DisposeAsync()
    {
        List<EspeakRun> runs;
        lock (gate)
        {
            disposed = true;
            runs = [.. idle.Select(entry => entry.Run)];
            idle.Clear();
        }
        foreach (var run in runs)
        {
            await run.DisposeAsync();
        }
    }
}
