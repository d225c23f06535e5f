using CineCast.Web.Data;
using CineCast.Web.Hosting;
using CineCast.Web.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CineCast.Web.Admin;

public sealed record UserStorage(string UserId, string Email, int Clones, long Bytes);

/// <summary>The configured limits that stored clones are measured against.</summary>
public sealed record StorageLimits(int MaxClonesPerUser, long MaxCloneBytesPerUser, long MaxTotalCloneBytes, int MaxCachedVoiceProfiles, int MaxCachedNeuralVoices);

/// <summary>What can be rebuilt or is in flight: the cache folder, temp files, finished batch audio, profiles in memory.</summary>
public sealed record RebuildableStorage(long CacheBytes, long TempBytes, long BatchAudioBytes, int CachedVoiceProfiles, int CachedNeuralVoices);

public sealed record StorageSummary(
    int TotalClones, long TotalBytes, long DatabaseBytes, long? FreeDiskBytes, IReadOnlyList<UserStorage> Users, StorageLimits Limits, RebuildableStorage Rebuildable);

/// <summary>How much the clones take, per user and in total, against the limits; and how much room is left on the data disk.</summary>
public sealed class StorageReport(
    CineCastDb db, AppLocations locations, BasicVoiceProfiles profiles, NeuralEngine neural, Batches.BatchFiles batchFiles, IOptions<StorageOptions> options)
{
    public async Task<StorageSummary> BuildAsync(CancellationToken cancellationToken)
    {
        var perUser = await db.Voices.AsNoTracking()
            .GroupBy(v => new { v.OwnerId, v.Owner!.Email })
            .Select(g => new UserStorage(g.Key.OwnerId, g.Key.Email ?? "", g.Count(), g.Sum(v => v.Bytes)))
            .ToListAsync(cancellationToken);
        perUser.Sort((a, b) => b.Bytes.CompareTo(a.Bytes));
        var limits = options.Value;
        return new StorageSummary(
            perUser.Sum(u => u.Clones),
            perUser.Sum(u => u.Bytes),
            await DatabaseBytesAsync(cancellationToken),
            FreeDiskBytes(),
            perUser,
            new StorageLimits(limits.MaxClonesPerUser, limits.MaxCloneBytesPerUser, limits.MaxTotalCloneBytes, limits.MaxCachedVoiceProfiles, limits.MaxCachedNeuralVoices),
            new RebuildableStorage(
                FolderBytes(locations.CacheDirectory),
                FolderBytes(locations.TempDirectory),
                FolderBytes(batchFiles.Folder),
                profiles.Count,
                neural.CachedVoices));
    }

    private static readonly string[] DatabaseFileSuffixes = ["", "-wal", "-shm"];

    private async Task<long> DatabaseBytesAsync(CancellationToken cancellationToken) =>
        db.Database.IsSqlite()
            ? DatabaseFileSuffixes
                .Select(suffix => new FileInfo(locations.DatabaseFile + suffix))
                .Where(file => file.Exists)
                .Sum(file => file.Length)
            : await db.Database.SqlQueryRaw<long>("SELECT pg_database_size(current_database()) AS \"Value\"").SingleAsync(cancellationToken);

    // Links are not followed: the espeak-ng overlay links to the system's data, which is not ours to count.
    private static long FolderBytes(string folder)
    {
        if (!Directory.Exists(folder))
        {
            return 0;
        }
        var options = new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true, AttributesToSkip = FileAttributes.ReparsePoint };
        long total = 0;
        foreach (var file in new DirectoryInfo(folder).EnumerateFiles("*", options))
        {
            try
            {
                total += file.Length;
            }
            catch (FileNotFoundException)
            {
                // Caches write to a temporary name and rename it: a file listed a moment ago may be gone.
            }
        }
        return total;
    }

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
