using Microsoft.EntityFrameworkCore;

namespace CineCast.Web.Batches;

/// <summary>
/// While a job renders, its instance holds a PostgreSQL advisory lock named by the job, so an instance that starts
/// can tell a job running elsewhere from one whose process died (the server drops a dead session's locks).
/// On SQLite there is one instance by design: every job found running at start was abandoned.
/// </summary>
public static class BatchJobLease
{
    // Two-key advisory locks live apart from the single-key ones the database gate uses.
    private const int LockSpace = 0x4342;

    /// <summary>
    /// Takes the job's lock on the context's connection, which stays open until <see cref="ReleaseAsync"/>; false,
    /// with nothing held, when another instance is rendering the job. It never waits for a lock.
    /// </summary>
    public static async Task<bool> TryHoldAsync(Data.CineCastDb db, string jobId)
    {
        if (!db.Database.IsNpgsql())
        {
            return true;
        }
        await db.Database.OpenConnectionAsync();
        var held = await db.Database.SqlQuery<bool>($"SELECT pg_try_advisory_lock({LockSpace}, {Key(jobId)}) AS \"Value\"").SingleAsync();
        if (!held)
        {
            await db.Database.CloseConnectionAsync();
        }
        return held;
    }

    /// <summary>Gives the lock back before the connection returns to the pool, where it would otherwise live on.</summary>
    public static async Task ReleaseAsync(Data.CineCastDb db, string jobId)
    {
        if (!db.Database.IsNpgsql())
        {
            return;
        }
        await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_unlock({LockSpace}, {Key(jobId)})");
        await db.Database.CloseConnectionAsync();
    }

    /// <summary>Whether another live instance is rendering the job right now.</summary>
    public static async Task<bool> IsHeldElsewhereAsync(Data.CineCastDb db, string jobId)
    {
        if (!await TryHoldAsync(db, jobId))
        {
            return true;
        }
        await ReleaseAsync(db, jobId);
        return false;
    }

    // FNV-1a: stable across processes and machines, unlike string.GetHashCode.
    private static int Key(string jobId)
    {
        var hash = 2166136261u;
        foreach (var c in jobId)
        {
            hash = (hash ^ c) * 16777619u;
        }
        return unchecked((int)hash);
    }
}
