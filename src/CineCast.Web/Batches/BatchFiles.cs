using CineCast.Web.Audio;
using CineCast.Web.Hosting;

namespace CineCast.Web.Batches;

/// <summary>
/// A job's files: its finished audio in <c>batches/{id}.{ext}</c> and its captions in <c>batches/{id}.vtt</c>, and
/// both in progress in the temp folder. Paths come from row ids, never from a request.
/// </summary>
public sealed partial class BatchFiles(AppLocations locations, ILogger<BatchFiles> logger)
{
    public string Folder { get; } = locations.BatchesDirectory;

    public string OutputPath(string id, string format) => Path.Combine(Folder, $"{id}.{AudioFormats.FileExtension(format)}");

    public string PartialPath(string id, string format) => Path.Combine(locations.TempDirectory, $"batch-{id}.{AudioFormats.FileExtension(format)}.partial");

    public string CaptionsPath(string id) => Path.Combine(Folder, $"{id}.vtt");

    public string PartialCaptionsPath(string id) => Path.Combine(locations.TempDirectory, $"batch-{id}.vtt.partial");

    /// <summary>Removes a finished job's audio and captions.</summary>
    public void DeleteOutputs(string id, string format)
    {
        DeleteQuietly(OutputPath(id, format));
        DeleteQuietly(CaptionsPath(id));
    }

    public void DeleteQuietly(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            LogCouldNotDelete(path, exception.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not delete {Path}: {Reason}. The next start-up sweep retries.")]
    private partial void LogCouldNotDelete(string path, string reason);
}
