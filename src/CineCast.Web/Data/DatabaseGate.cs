using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;

namespace CineCast.Web.Data;

/// <summary>
/// Serialises one kind of check-then-write (is this the first account? does this clone fit the quota?) across every
/// instance that shares the database: a semaphore within this process and, on PostgreSQL, a session advisory lock
/// held on the context's connection, which the server releases by itself should the process die.
/// SQLite has one writer machine by design, so the semaphore is all it needs.
/// </summary>
public sealed class DatabaseGate : IDisposable
{
    public const long FirstAccount = 0x4343_0001;
    public const long CloneQuota = 0x4343_0002;

    private readonly ConcurrentDictionary<long, SemaphoreSlim> local = new();

    public async Task<T> RunAsync<T>(CineCastDb db, long gate, Func<Task<T>> work, CancellationToken cancellationToken)
    {
        var semaphore = local.GetOrAdd(gate, _ => new SemaphoreSlim(1, 1));
        await semaphore.WaitAsync(cancellationToken);
        try
        {
            if (!db.Database.IsNpgsql())
            {
                return await work();
            }
            await db.Database.OpenConnectionAsync(cancellationToken);
            try
            {
                await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_lock({gate})", cancellationToken);
                try
                {
                    return await work();
                }
                finally
                {
                    // A pooled connection must not carry the lock to its next user.
                    await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_unlock({gate})", CancellationToken.None);
                }
            }
            finally
            {
                await db.Database.CloseConnectionAsync();
            }
        }
        finally
        {
            semaphore.Release();
        }
    }

    public void Dispose()
    {
        foreach (var semaphore in local.Values)
        {
            semaphore.Dispose();
        }
    }
}
