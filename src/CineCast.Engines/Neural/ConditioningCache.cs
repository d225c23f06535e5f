using System.Collections.Concurrent;
using CineCast.Neural.PocketTts;

namespace CineCast.Engines.Neural;

/// <summary>
/// Each clone's Pocket TTS conditioning (its voice prompt run through the backbone: native memory, tens of MB with the
/// real model), built once and kept for the next request. Streams lease an entry; an entry dropped while leased
/// (trimmed, or its clone deleted) is disposed by the last stream to give it back, never under a running stream.
/// </summary>
public sealed class ConditioningCache : IDisposable
{
    private readonly ConcurrentDictionary<(string VoiceId, DateTime Version), Entry> entries = new();

    public int Count => entries.Count;

    /// <summary>The conditioning of a voice, built by <paramref name="build"/> on first use; dispose the lease when the stream ends.</summary>
    public async Task<Lease> LeaseAsync(string voiceId, DateTime version, Func<Task<PocketVoice>> build, CancellationToken cancellationToken)
    {
        while (true)
        {
            var entry = entries.GetOrAdd((voiceId, version), _ => new Entry(new Lazy<Task<PocketVoice>>(build)));
            if (!entry.TryAcquire())
            {
                continue; // Dropped between the lookup and the lease: build a fresh one.
            }
            try
            {
                var voice = await entry.Build.Value.WaitAsync(cancellationToken);
                return new Lease(entry, voice);
            }
            catch
            {
                entry.Release();
                if (entry.Build.Value.IsFaulted)
                {
                    Drop(new KeyValuePair<(string, DateTime), Entry>((voiceId, version), entry));
                }
                throw;
            }
        }
    }

    /// <summary>Builds a voice's conditioning ahead of its first stream.</summary>
    public async Task PrepareAsync(string voiceId, DateTime version, Func<Task<PocketVoice>> build, CancellationToken cancellationToken)
    {
        using var lease = await LeaseAsync(voiceId, version, build, cancellationToken);
    }

    public void Forget(string voiceId)
    {
        foreach (var pair in entries.Where(pair => pair.Key.VoiceId == voiceId))
        {
            Drop(pair);
        }
    }

    /// <summary>Drops the least recently used finished entries past <paramref name="maxVoices"/>; returns how many.</summary>
    public int Trim(int maxVoices) =>
        LeastRecentlyUsed.Excess<(string, DateTime), Entry, PocketVoice>(entries, maxVoices).Count(Drop);

    public void Dispose()
    {
        foreach (var pair in entries)
        {
            Drop(pair);
        }
    }

    private bool Drop(KeyValuePair<(string VoiceId, DateTime Version), Entry> pair)
    {
        if (!entries.TryRemove(pair))
        {
            return false;
        }
        pair.Value.Retire();
        return true;
    }

    public sealed class Lease(Entry entry, PocketVoice voice) : IDisposable
    {
        private int released;

        public PocketVoice Voice { get; } = voice;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref released, 1) == 0)
            {
                entry.Release();
            }
        }
    }

    /// <summary>One voice's conditioning and who is using it; its state changes under its own lock.</summary>
    public sealed class Entry(Lazy<Task<PocketVoice>> build) : ICachedBuild<PocketVoice>
    {
        private readonly Lock gate = new();
        private int users;
        private bool retired;
        private bool disposed;

        public Lazy<Task<PocketVoice>> Build { get; } = build;

        public long LastUsed { get; private set; } = Environment.TickCount64;

        public bool TryAcquire()
        {
            lock (gate)
            {
                if (retired)
                {
                    return false;
                }
                users++;
                LastUsed = Environment.TickCount64;
                return true;
            }
        }

        public void Release()
        {
            lock (gate)
            {
                users--;
                DisposeIfUnused();
            }
        }

        public void Retire()
        {
            lock (gate)
            {
                retired = true;
                DisposeIfUnused();
            }
        }

        private void DisposeIfUnused()
        {
            if (retired && users == 0 && !disposed && Build.IsValueCreated && Build.Value.IsCompletedSuccessfully)
            {
                disposed = true;
                Build.Value.Result.Dispose();
            }
        }
    }
}
