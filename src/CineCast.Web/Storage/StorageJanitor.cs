using CineCast.Web.Hosting;
using Microsoft.Extensions.Options;

namespace CineCast.Web.Storage;

/// <summary>
/// Periodic cleanup of what can be rebuilt: temp files no request is writing any more, and the least recently used
/// voice profiles and neural conditionings past their cache limits. Clone audio is never touched here. (Finished batch audio past its retention
/// is removed by the batch runner's own sweep.)
/// </summary>
public sealed partial class StorageJanitor(
    AppLocations locations,
    BasicVoiceProfiles profiles,
    NeuralEngine neural,
    IOptions<StorageOptions> options,
    TimeProvider clock,
    ILogger<StorageJanitor> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // The start-up sweep has just emptied the temp folder, so the first pass waits a tick.
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(options.Value.CleanupIntervalSeconds), clock);
        while (await NextTickAsync(timer, stoppingToken))
        {
            CleanUp();
        }
    }

    /// <summary>One pass; returns what it removed.</summary>
    public CleanupResult CleanUp()
    {
        var limits = options.Value;
        var staleBefore = clock.GetUtcNow().UtcDateTime - limits.TempFileMaxAge;
        var removedFiles = 0;
        long removedBytes = 0;
        foreach (var entry in new DirectoryInfo(locations.TempDirectory).EnumerateFileSystemInfos())
        {
            // A file still being written has a fresh write time, however long its request or batch has been running.
            if (entry.LastWriteTimeUtc >= staleBefore)
            {
                continue;
            }
            try
            {
                var bytes = entry is FileInfo file ? file.Length : 0;
                if (entry is DirectoryInfo directory)
                {
                    directory.Delete(recursive: true);
                }
                else
                {
                    entry.Delete();
                }
                removedFiles++;
                removedBytes += bytes;
                LogRemovedTemp(entry.Name, bytes);
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                LogCouldNotRemove(entry.Name, exception.Message);
            }
        }
        var droppedProfiles = profiles.Trim(limits.MaxCachedVoiceProfiles);
        if (droppedProfiles > 0)
        {
            LogDroppedProfiles(droppedProfiles, limits.MaxCachedVoiceProfiles);
        }
        var droppedConditionings = neural.Trim(limits.MaxCachedNeuralVoices);
        if (droppedConditionings > 0)
        {
            LogDroppedConditionings(droppedConditionings, limits.MaxCachedNeuralVoices);
        }
        return new CleanupResult(removedFiles, removedBytes, droppedProfiles, droppedConditionings);
    }

    private static async Task<bool> NextTickAsync(PeriodicTimer timer, CancellationToken stoppingToken)
    {
        try
        {
            return await timer.WaitForNextTickAsync(stoppingToken);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Cleanup removed the stale temp file {File} ({Bytes} bytes).")]
    private partial void LogRemovedTemp(string file, long bytes);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cleanup could not remove {File}: {Reason}. It retries next time.")]
    private partial void LogCouldNotRemove(string file, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Cleanup dropped {Count} least recently used voice profiles (limit {Limit}).")]
    private partial void LogDroppedProfiles(int count, int limit);

    [LoggerMessage(Level = LogLevel.Information, Message = "Cleanup dropped {Count} least recently used neural voice conditionings (limit {Limit}).")]
    private partial void LogDroppedConditionings(int count, int limit);
}

public sealed record CleanupResult(int TempFilesRemoved, long TempBytesRemoved, int VoiceProfilesDropped, int NeuralVoicesDropped);
