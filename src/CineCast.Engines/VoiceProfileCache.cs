using System.Collections.Concurrent;

namespace CineCast.Engines;

/// <summary>
/// The one cache of what engines derive from a voice — the basic engine's calibrated profile per language, Pocket's
/// conditioning per bundle (native memory, tens of MB with the real model) — built once, on first use, and kept for
/// the next request. Each entry is an engine's, a variant of it (a language, a bundle) and a version of the voice's
/// clip. Users lease an entry; one dropped while leased (trimmed, or its voice deleted) is disposed by the last
/// lease to end, never under a running stream. Trimming drops the least recently used finished entries.
/// </summary>
public sealed class VoiceProfileCache : IDisposable
{
    private readonly ConcurrentDictionary<Key, Entry> entries = new();
    private readonly TimeProvider clock;

    public VoiceProfileCache(TimeProvider? clock = null) => this.clock = clock ?? TimeProvider.System;

    /// <summary>The engine's entry for this voice and variant, built by <paramref name="build"/> on first use; dispose the lease when done with it.</summary>
    public async Task<Lease<T>> LeaseAsync<T>(string engine, string variant, SpeakingVoice voice, Func<Task<T>> build, CancellationToken cancellationToken)
        where T : class
    {
        var key = new Key(engine, variant, voice.Id, voice.ClipVersion);
        while (true)
        {
            var entry = entries.GetOrAdd(key, _ => new Entry(new Lazy<Task<object>>(async () => await build()), clock));
            if (!entry.TryAcquire())
            {
                continue; // Dropped between the lookup and the lease: build a fresh one.
            }
            try
            {
                var profile = (T)await entry.Build.Value.WaitAsync(cancellationToken);
                return new Lease<T>(entry, profile);
            }
            catch
            {
                entry.Release();
                if (entry.Build.Value.IsFaulted)
                {
                    Drop(new KeyValuePair<Key, Entry>(key, entry));
                }
                throw;
            }
        }
    }

    /// <summary>For entries that are never disposed (plain data): the profile, with nothing to give back.</summary>
    public async Task<T> GetAsync<T>(string engine, string variant, SpeakingVoice voice, Func<Task<T>> build, CancellationToken cancellationToken)
        where T : class
    {
        using var lease = await LeaseAsync(engine, variant, voice, build, cancellationToken);
        return lease.Profile;
    }

    /// <summary>An entry already built, or null; builds nothing.</summary>
    public T? Peek<T>(string engine, string variant, SpeakingVoice voice)
        where T : class =>
        entries.TryGetValue(new Key(engine, variant, voice.Id, voice.ClipVersion), out var entry)
            && entry.Build.IsValueCreated && entry.Build.Value.IsCompletedSuccessfully
            ? entry.Build.Value.Result as T
            : null;

    /// <summary>How many entries the engine holds.</summary>
    public int Count(string engine) => entries.Keys.Count(key => key.Engine == engine);

    /// <summary>Drops every entry of a voice, for every engine (its clip changed or it was deleted).</summary>
    public void Forget(string voiceId)
    {
        foreach (var pair in entries.Where(pair => pair.Key.VoiceId == voiceId))
        {
            Drop(pair);
        }
    }

    /// <summary>
    /// Drops the engine's least recently used finished entries past <paramref name="keep"/>; returns how many. Builds
    /// still running are never dropped: someone is waiting for them.
    /// </summary>
    public int Trim(string engine, int keep)
    {
        var mine = entries.Where(pair => pair.Key.Engine == engine).ToList();
        var excess = mine.Count - keep;
        if (excess <= 0)
        {
            return 0;
        }
        var finished = mine.Where(pair => pair.Value.Build.IsValueCreated && pair.Value.Build.Value.IsCompleted).ToList();
        finished.Sort((a, b) => a.Value.LastUsed.CompareTo(b.Value.LastUsed));
        return finished.Take(excess).Count(Drop);
    }

    /// <summary>Drops every entry of an engine, disposing each as its last lease ends.</summary>
    public void Clear(string engine)
    {
        foreach (var pair in entries.Where(pair => pair.Key.Engine == engine))
        {
            Drop(pair);
        }
    }

    /// <summary>Waits for builds still running, so nothing an engine writes outlives its host.</summary>
    public async Task SettleAsync()
    {
        try
        {
            await Task.WhenAll(entries.Values.Where(entry => entry.Build.IsValueCreated).Select(entry => (Task)entry.Build.Value));
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            // Their callers saw these failures already; here it only matters that nothing is still running.
        }
    }

    public void Dispose()
    {
        foreach (var pair in entries)
        {
            Drop(pair);
        }
    }

    private bool Drop(KeyValuePair<Key, Entry> pair)
    {
        if (!entries.TryRemove(pair))
        {
            return false;
        }
        pair.Value.Retire();
        return true;
    }

    private readonly record struct Key(string Engine, string Variant, string VoiceId, DateTime Version);

    public sealed class Lease<T>(Entry entry, T profile) : IDisposable
    {
        private int released;

        public T Profile { get; } = profile;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref released, 1) == 0)
            {
                entry.Release();
            }
        }
    }

    /// <summary>One voice's profile and who is using it; its state changes under its own lock.</summary>
    public sealed class Entry(Lazy<Task<object>> build, TimeProvider clock)
    {
        private readonly Lock gate = new();
        private int users;
        private bool retired;
        private bool disposed;

        public Lazy<Task<object>> Build { get; } = build;

        public long LastUsed { get; private set; } = clock.GetTimestamp();

        public bool TryAcquire()
        {
            lock (gate)
            {
                if (retired)
                {
                    return false;
                }
                users++;
                LastUsed = clock.GetTimestamp();
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
                (Build.Value.Result as IDisposable)?.Dispose();
            }
        }
    }
}
