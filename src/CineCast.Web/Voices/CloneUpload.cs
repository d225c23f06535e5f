using System.Text;
using CineCast.Web.Hosting;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;
using CineCast.Web.Refusals;

namespace CineCast.Web.Voices;

/// <summary>
/// The fields of a clone upload, read straight from the multipart stream: the clip goes to a temp file under the
/// data directory with a server-made name (the client's file name is never used), nothing is buffered whole, and
/// the size limit is enforced while reading.
/// </summary>
public sealed class CloneUpload : IDisposable
{
    public const string FileField = "file";
    private const int MaxTextFieldBytes = 16 * 1024;

    private CloneUpload(string tempFile) => TempFile = tempFile;

    public string TempFile { get; }
    public long FileBytes { get; private set; }
    public bool HasFile { get; private set; }
    public Dictionary<string, string> Fields { get; } = new(StringComparer.OrdinalIgnoreCase);

    public string? Field(string name) => Fields.GetValueOrDefault(name);

    public static async Task<CloneUpload> ReadAsync(HttpRequest request, string tempDirectory, long maxBytes, CancellationToken cancellationToken)
    {
        if (!BodyLimit.TryLimit(request, maxBytes))
        {
            throw TooLarge(maxBytes);
        }
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var contentType)
            || !contentType.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase)
            || HeaderUtilities.RemoveQuotes(contentType.Boundary).Value is not { Length: > 0 and <= 200 } boundary)
        {
            throw Refuse.UploadNotMultipart.With();
        }

        var upload = new CloneUpload(Path.Combine(tempDirectory, $"upload-{Guid.NewGuid():N}.part"));
        try
        {
            await upload.ReadSectionsAsync(new MultipartReader(boundary, request.Body), maxBytes, cancellationToken);
            return upload;
        }
        catch (BadHttpRequestException exception) when (exception.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            upload.Dispose();
            throw TooLarge(maxBytes);
        }
        catch (Exception exception) when (Storage.StorageFailures.Explain(exception) is { } storageFailure)
        {
            upload.Dispose();
            throw storageFailure;
        }
        catch (Exception exception) when (exception is IOException or InvalidDataException or BadHttpRequestException)
        {
            upload.Dispose();
            throw Refuse.UploadMalformed.With(exception.Message);
        }
        catch
        {
            upload.Dispose();
            throw;
        }
    }

    private async Task ReadSectionsAsync(MultipartReader reader, long maxBytes, CancellationToken cancellationToken)
    {
        while (await reader.ReadNextSectionAsync(cancellationToken) is { } section)
        {
            if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition)
                || !disposition.DispositionType.Equals("form-data", StringComparison.OrdinalIgnoreCase)
                || HeaderUtilities.RemoveQuotes(disposition.Name).Value is not { Length: > 0 } name)
            {
                throw Refuse.UploadMalformed.With("every section needs a Content-Disposition: form-data header with a name.");
            }

            if (name.Equals(FileField, StringComparison.OrdinalIgnoreCase))
            {
                if (HasFile)
                {
                    throw Refuse.UploadManyFiles.With();
                }
                HasFile = true;
                await using var target = new FileStream(TempFile, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, FileOptions.Asynchronous);
                FileBytes = await CopyBoundedAsync(section.Body, target, maxBytes, cancellationToken);
            }
            else
            {
                Fields[name] = await ReadTextAsync(section.Body, name, cancellationToken);
            }
        }
    }

    private static async Task<long> CopyBoundedAsync(Stream source, Stream target, long maxBytes, CancellationToken cancellationToken)
    {
        var buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(81920);
        try
        {
            long total = 0;
            int read;
            while ((read = await source.ReadAsync(buffer, cancellationToken)) > 0)
            {
                total += read;
                if (total > maxBytes)
                {
                    throw TooLarge(maxBytes);
                }
                await target.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
            }
            return total;
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static async Task<string> ReadTextAsync(Stream body, string name, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[4096];
        int read;
        while ((read = await body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > MaxTextFieldBytes)
            {
                throw Refuse.UploadFieldTooLong.With(Quote.Shown(name), MaxTextFieldBytes / 1024);
            }
            buffer.Write(chunk, 0, read);
        }
        try
        {
            return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
        }
        catch (DecoderFallbackException)
        {
            throw Refuse.UploadFieldNotUtf8.With(Quote.Shown(name));
        }
    }

    private static RefusedException TooLarge(long maxBytes) => Refuse.UploadTooLarge.With(maxBytes / (1024 * 1024.0));

    public void Dispose()
    {
        try
        {
            File.Delete(TempFile);
        }
        catch (IOException)
        {
            // The start-up sweep of the temp folder removes what could not be removed now.
        }
    }
}
