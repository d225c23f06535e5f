using CineCast.Audio;
using CineCast.Web.Data;
using CineCast.Web.Hosting;
using Microsoft.EntityFrameworkCore;

namespace CineCast.Web.Voices;

public sealed record NewClone(string OwnerId, string Name, string? RefText, string ConsentBy, DateTime ConsentAt);

/// <summary>
/// Keeps clone files and rows in step: a clone exists when both do, and no failure leaves one without the other.
/// The WAV is written beside its final name (same file system, so the rename is atomic even on a shared folder),
/// flushed to disk and renamed into place inside the database transaction.
/// </summary>
public sealed partial class CloneStore(
    CineCastDb db, AppLocations locations, Storage.CloneQuota quota, Engines.EngineCatalog engines, TimeProvider clock, ILogger<CloneStore> logger)
{
    private const string PartialSuffix = ".partial";

    public async Task<Voice> SaveAsync(NewClone clone, PreparedClip clip, CancellationToken cancellationToken)
    {
        var id = Voice.NewId();
        var final = locations.CloneAudioPath(id);
        var pending = final + PartialSuffix;
        var moved = false;
        try
        {
            await using (var file = new FileStream(pending, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920))
            {
                WavWriter.WritePcm16(file, clip.Samples, clip.SampleRate);
                file.Flush(flushToDisk: true);
            }

            var voice = new Voice
            {
                Id = id,
                OwnerId = clone.OwnerId,
                Name = clone.Name,
                RefText = clone.RefText,
                SampleRate = clip.SampleRate,
                DurationSeconds = clip.DurationSeconds,
                Bytes = new FileInfo(pending).Length,
                MedianF0Hz = clip.Facts.MedianF0Hz,
                F0SpreadSemitones = clip.Facts.F0SpreadSemitones,
                VoicedFraction = clip.Facts.VoicedFraction,
                LoudnessDbfs = clip.LoudnessDbfs,
                ConsentBy = clone.ConsentBy,
                ConsentAt = clone.ConsentAt,
                CreatedAt = clock.GetUtcNow().UtcDateTime,
            };

            return await quota.AdmitAsync(db, clone.OwnerId, voice.Bytes, async () =>
            {
                await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
                db.Voices.Add(voice);
                try
                {
                    await db.SaveChangesAsync(cancellationToken);
                }
                catch (DbUpdateException exception) when (exception.IsUniqueViolation())
                {
                    throw VoiceLibrary.NameTaken(clone.Name);
                }
                File.Move(pending, final);
                moved = true;
                // Past the rename the clone is as good as stored: a late cancellation must not split file and row.
                await transaction.CommitAsync(CancellationToken.None);
                return voice;
            }, cancellationToken);
        }
        catch
        {
            DeleteQuietly(moved ? final : pending);
            db.ChangeTracker.Clear();
            throw;
        }
    }

    /// <summary>Removes the row, then the file; a file left behind by a crash is swept at the next start.</summary>
    public async Task DeleteAsync(Voice voice, CancellationToken cancellationToken)
    {
        db.Voices.Remove(voice);
        await db.SaveChangesAsync(cancellationToken);
        DeleteQuietly(locations.CloneAudioPath(voice.Id));
        engines.ForgetVoice(voice.Id);
    }

    public string AudioPath(Voice voice) => locations.CloneAudioPath(voice.Id);

    /// <summary>
    /// Start-up sweep: temp files are leftovers of interrupted work, files without rows are clones whose save never
    /// committed (on a shared folder, once older than <see cref="AppLocations.SharedSettleTime"/>), rows without files cannot
    /// speak. Each removal is logged.
    /// </summary>
    public async Task ReconcileAsync(CancellationToken cancellationToken)
    {
        foreach (var leftover in Directory.EnumerateFileSystemEntries(locations.TempDirectory))
        {
            DeleteQuietly(leftover);
            var name = Path.GetFileName(leftover);
            LogRemovedTempFile(name);
        }

        var rowIds = (await db.Voices.Select(v => v.Id).ToListAsync(cancellationToken)).ToHashSet(StringComparer.Ordinal);
        var fileIds = new HashSet<string>(StringComparer.Ordinal);
        var now = clock.GetUtcNow().UtcDateTime;
        foreach (var file in Directory.EnumerateFiles(locations.ClonesDirectory))
        {
            var id = Path.GetFileNameWithoutExtension(file);
            if (Path.GetExtension(file) == ".wav" && rowIds.Contains(id))
            {
                fileIds.Add(id);
                continue;
            }
            if (!locations.IsSettled(file, now))
            {
                continue;
            }
            DeleteQuietly(file);
            var name = Path.GetFileName(file);
            LogRemovedOrphanFile(name);
        }

        var missing = rowIds.Where(id => !fileIds.Contains(id)).ToList();
        if (missing.Count > 0)
        {
            await db.Voices.Where(v => missing.Contains(v.Id)).ExecuteDeleteAsync(cancellationToken);
            foreach (var id in missing)
            {
                LogRemovedRowWithoutFile(id);
            }
        }
    }

    private void DeleteQuietly(string path)
    {
        try
        {
            if (Directory.Exists(path))
            {
                Directory.Delete(path, recursive: true);
            }
            else
            {
                File.Delete(path);
            }
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            LogCouldNotDelete(path, exception.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Start-up sweep removed the temp file {File}.")]
    private partial void LogRemovedTempFile(string file);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Start-up sweep removed {File}: no voice row refers to it.")]
    private partial void LogRemovedOrphanFile(string file);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Start-up sweep removed voice {VoiceId}: its audio file is missing.")]
    private partial void LogRemovedRowWithoutFile(string voiceId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not delete {Path}: {Reason}. The next start-up sweep retries.")]
    private partial void LogCouldNotDelete(string path, string reason);
}
