using System.Collections.Concurrent;

namespace CineCast.Engines;

/// <summary>What an engine cache needs to be trimmed: a build that may still be running, and when it was last used.</summary>
public interface ICachedBuild<T>
{
    Lazy<Task<T>> Build { get; }

    long LastUsed { get; }
}

public static class LeastRecentlyUsed
{
    /// <summary>
    /// The finished entries to drop so that at most <paramref name="keep"/> remain, least recently used first. Builds
    /// still running are never picked: someone is waiting for them.
    /// </summary>
    public static List<KeyValuePair<TKey, TEntry>> Excess<TKey, TEntry, T>(ConcurrentDictionary<TKey, TEntry> entries, int keep)
        where TKey : notnull
        where TEntry : ICachedBuild<T>
    {
        var excess = entries.Count - keep;
        if (excess <= 0)
        {
            return [];
        }
        var finished = entries.Where(pair => pair.Value.Build.IsValueCreated && pair.Value.Build.Value.IsCompleted).ToList();
        finished.Sort((a, b) => a.Value.LastUsed.CompareTo(b.Value.LastUsed));
        return finished.Take(excess).ToList();
    }
}
