using CineCast.Web.Refusals;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.Data.Sqlite;

namespace CineCast.Web.Storage;

/// <summary>
/// Writes that fail because the data disk is full or cannot be written are the server's condition, not a bug:
/// the client is told so plainly (507 or 503 with a reason), whatever was half-written has been removed by the
/// code that wrote it, and reads go on working.
/// </summary>
public static partial class StorageFailures
{
    // Linux errno values, which .NET carries as the HResult of the IOException it raises.
    private const int NoSpace = 28;
    private const int ReadOnlyFileSystem = 30;
    private const int QuotaExceeded = 122;
    private const int SqliteFull = 13;
    private const int SqliteReadOnly = 8;

    /// <summary>The refusal that explains <paramref name="exception"/>, or null when it is not a storage failure.</summary>
    public static RefusedException? Explain(Exception exception) => exception switch
    {
        IOException { HResult: NoSpace or QuotaExceeded } or SqliteException { SqliteErrorCode: SqliteFull } => Refuse.DiskFull.With(),
        IOException { HResult: ReadOnlyFileSystem } or UnauthorizedAccessException or SqliteException { SqliteErrorCode: SqliteReadOnly } => Refuse.DataUnwritable.With(),
        Microsoft.EntityFrameworkCore.DbUpdateException { InnerException: { } inner } => Explain(inner),
        _ => null,
    };

    /// <summary>Turns storage failures that reach the exception handler into ProblemDetails (or OpenAI's shape under /v1).</summary>
    public sealed partial class Handler(ILogger<Handler> logger) : IExceptionHandler
    {
        public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
        {
            if (Explain(exception) is not { } refusal || httpContext.Response.HasStarted)
            {
                return false;
            }
            LogStorageFailure(httpContext.Request.Path, exception.Message);
            httpContext.Response.StatusCode = refusal.Status;
            await refusal.ToHttp(httpContext.Request).ExecuteAsync(httpContext);
            return true;
        }

        [LoggerMessage(Level = LogLevel.Error, Message = "A write for {Path} failed on the data disk: {Reason}")]
        private partial void LogStorageFailure(PathString path, string reason);
    }
}
