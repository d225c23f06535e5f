using CineCast.Web.Data;
using CineCast.Web.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using CineCast.Web.Refusals;

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
                throw Refuse.CloneBytesQuota.With(Megabytes(myBytes), Megabytes(bytes), Megabytes(limits.MaxCloneBytesPerUser));
            }
            if (total + bytes > limits.MaxTotalCloneBytes)
            {
                throw Refuse.CloneStorageFull.With(Megabytes(total), Megabytes(limits.MaxTotalCloneBytes));
            }
            return await insert();
        }, cancellationToken);

    private RefusedException TooManyClones(int count) => Refuse.TooManyClones.With(count, Limits.MaxClonesPerUser);

    private static string Megabytes(long bytes) => $"{bytes / (1024.0 * 1024):0.0} MiB";
}
