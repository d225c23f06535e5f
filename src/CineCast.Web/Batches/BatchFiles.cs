using System.Text.Json;
using CineCast.Web.Audio;
using CineCast.Web.Hosting;

namespace CineCast.Web.Batches;

/// <summary>What a job needs that its row has no column for; kept beside the output until the job ends.</summary>
public sealed record BatchTicket(double Speed, int Interruptions);

/// <summary>
/// A job's files: its finished audio in <c>batches/{id}.{ext}</c>, its ticket in <c>batches/{id}.ticket.json</c>
/// while it is queued or running, and its audio in progress in the temp folder. Paths come from row ids, never
/// from a request.
/// </summary>
public sealed partial class BatchFiles(AppLocations locations, ILogger<BatchFiles> logger)
{
    private const string TicketSuffix = ".ticket.json";

    public string Folder { get; } = locations.BatchesDirectory;

    public string OutputPath(string id, string format) => Path.Combine(Folder, $"{id}.{AudioFormats.FileExtension(format)}");

    public string PartialPath(string id, string format) => Path.Combine(locations.TempDirectory, $"batch-{id}.{AudioFormats.FileExtension(format)}.partial");

    public string TicketPath(string id) => Path.Combine(Folder, id + TicketSuffix);

    /// <summary>Written to the temp folder and renamed into place, so a crash never leaves half a ticket.</summary>
    public async Task WriteTicketAsync(string id, BatchTicket ticket, CancellationToken cancellationToken)
    {
        var pending = Path.Combine(locations.TempDirectory, $"batch-{id}{TicketSuffix}.partial");
        await using (var file = new FileStream(pending, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            await JsonSerializer.SerializeAsync(file, ticket, cancellationToken: cancellationToken);
            file.Flush(flushToDisk: true);
        }
        File.Move(pending, TicketPath(id), overwrite: true);
    }

    /// <summary>The ticket, or null when it is missing or unreadable.</summary>
    public async Task<BatchTicket?> ReadTicketAsync(string id, CancellationToken cancellationToken)
    {
        try
        {
            await using var file = File.OpenRead(TicketPath(id));
            return await JsonSerializer.DeserializeAsync<BatchTicket>(file, cancellationToken: cancellationToken);
        }
        catch (Exception exception) when (exception is IOException or JsonException)
        {
            return null;
        }
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
