using CineCast.Web.Data;
using CineCast.Web.Hosting;
using Microsoft.EntityFrameworkCore;

namespace CineCast.Web.Admin;

public sealed record UserStorage(string UserId, string Email, int Clones, long Bytes);

public sealed record StorageSummary(int TotalClones, long TotalBytes, long DatabaseBytes, long? FreeDiskBytes, IReadOnlyList<UserStorage> Users);

/// <summary>How much the clones take, per user and in total, and how much room is left on the data disk.</summary>
public sealed class StorageReport(CineCastDb db, AppLocations locations)
{
    public async Task<StorageSummary> BuildAsync(CancellationToken cancellationToken)
    {
        var perUser = await db.Voices.AsNoTracking()
            .GroupBy(v => new { v.OwnerId, v.Owner!.Email })
            .Select(g => new UserStorage(g.Key.OwnerId, g.Key.Email ?? "", g.Count(), g.Sum(v => v.Bytes)))
            .ToListAsync(cancellationToken);
        perUser.Sort((a, b) => b.Bytes.CompareTo(a.Bytes));
        return new StorageSummary(
            perUser.Sum(u => u.Clones),
            perUser.Sum(u => u.Bytes),
            DatabaseBytes(),
            FreeDiskBytes(),
            perUser);
    }

    private static readonly string[] DatabaseFileSuffixes = ["", "-wal", "-shm"];

    private long DatabaseBytes() =>
        DatabaseFileSuffixes
            .Select(suffix => new FileInfo(locations.DatabaseFile + suffix))
            .Where(file => file.Exists)
            .Sum(file => file.Length);

    private long? FreeDiskBytes()
    {
        try
        {
            return new DriveInfo(locations.DataDirectory).AvailableFreeSpace;
        }
        catch (Exception exception) when (exception is IOException or ArgumentException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
