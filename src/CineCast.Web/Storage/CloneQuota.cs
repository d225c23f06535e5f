using CineCast.Web.Data;
using CineCast.Web.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CineCast.Web.Storage;

/// <summary>
/// Decides whether one more clone fits its owner's quota and the global cap. Check and insert run under one gate,
/// shared by every instance on the database, so racing uploads cannot both squeeze into the last place.
/// </summary>
public sealed class CloneQuota(IOptions<StorageOptions> options, DatabaseGate gate)
{
    public StorageOptions Limits => options.Value;

    /// <summary>The cheap check before any audio is decoded: is there room for one more clone at all?</summary>
    public async Task CheckCountAsync(CineCastDb db, string ownerId, CancellationToken cancellationToken)
    {
        var count = await db.Voices.CountAsync(v => v.OwnerId == ownerId, cancellationToken);
        if (count >= Limits.MaxClonesPerUser)
        {
            throw TooManyClones(count);
        }
    }

    /// <summary>Runs <paramref name="insert"/> only when a clone of <paramref name="bytes"/> fits every limit, with no other check in between.</summary>
    public Task<T> AdmitAsync<T>(CineCastDb db, string ownerId, long bytes, Func<Task<T>> insert, CancellationToken cancellationToken) =>
        gate.RunAsync(db, DatabaseGate.CloneQuota, async () =>
        {
            var mine = db.Voices.Where(v => v.OwnerId == ownerId);
            var myCount = await mine.CountAsync(cancellationToken);
            var myBytes = await mine.SumAsync(v => v.Bytes, cancellationToken);
            var total = await db.Voices.SumAsync(v => v.Bytes, cancellationToken);
            var limits = Limits;
            if (myCount >= limits.MaxClonesPerUser)
            {
                throw TooManyClones(myCount);
            }
            if (myBytes + bytes > limits.MaxCloneBytesPerUser)
            {
                throw new RequestRejectedException(StatusCodes.Status409Conflict, "quota.user-bytes",
                    $"Your clones take {Megabytes(myBytes)}; this one needs {Megabytes(bytes)} and your limit is {Megabytes(limits.MaxCloneBytesPerUser)} (CineCast:Storage:MaxCloneBytesPerUser). Delete a clone or use a shorter clip.");
            }
            if (total + bytes > limits.MaxTotalCloneBytes)
            {
                throw new RequestRejectedException(StatusCodes.Status409Conflict, "quota.server-full",
                    $"The server's clone storage is full: {Megabytes(total)} of {Megabytes(limits.MaxTotalCloneBytes)} (CineCast:Storage:MaxTotalCloneBytes). Ask an administrator to make room.");
            }
            return await insert();
        }, cancellationToken);

    private RequestRejectedException TooManyClones(int count) =>
        new(StatusCodes.Status409Conflict, "quota.user-clones",
            $"You have {count} clones; the limit is {Limits.MaxClonesPerUser} per user (CineCast:Storage:MaxClonesPerUser). Delete one to add another.");

    private static string Megabytes(long bytes) => $"{bytes / (1024.0 * 1024):0.0} MiB";
}
