using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;

namespace CineCast.Engines.Neural;

/// <summary>Where model files come from: a base URL (a mirror works) or a folder of files already downloaded.</summary>
public abstract record ModelSource
{
    public sealed record Web(Uri BaseUrl) : ModelSource;

    public sealed record Folder(string Path) : ModelSource;

    /// <summary>A URL (http/https) or a local folder.</summary>
    public static ModelSource Parse(string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
            ? new Web(value.EndsWith('/') ? uri : new Uri(value + "/"))
            : new Folder(value);
}

public sealed record InstallProgress(string File, long BytesDone, long BytesTotal, double BytesPerSecond, TimeSpan? Remaining)
{
    public double Percent => BytesTotal == 0 ? 100 : 100.0 * BytesDone / BytesTotal;
}

/// <summary>A file could not be installed; the message says which and why. Nothing unverified is left in place.</summary>
public sealed class ModelInstallException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// Installs a pinned bundle into the models directory: each file is fetched (resuming a partial download where the
/// server allows ranges) or copied, checked against its pinned size and SHA-256, and only then moved into place.
/// A wrong hash deletes the file and says so.
/// </summary>
public sealed partial class ModelInstaller(HttpClient http, ILogger<ModelInstaller> logger)
{
    private const int BufferBytes = 1 << 16;
    private static readonly TimeSpan ProgressInterval = TimeSpan.FromMilliseconds(200);

    public static string BundleDirectory(string modelsDirectory, ModelBundle bundle) => Path.Combine(modelsDirectory, bundle.Id, bundle.Folder);

    /// <summary>True when every file is in place with its pinned size (hashes were checked when they were installed).</summary>
    public static bool IsInstalled(string modelsDirectory, ModelBundle bundle)
    {
        var folder = BundleDirectory(modelsDirectory, bundle);
        return bundle.Files.All(f => new FileInfo(Path.Combine(folder, f.Name)) is { Exists: true } info && info.Length == f.Bytes);
    }

    /// <summary>The files text planning needs: bundle.json and the tokenizer it names.</summary>
    private static readonly string[] TextFiles = ["bundle.json", "tokenizer.model"];

    /// <summary>Why the installed text files cannot be used (missing, or not their pinned size and SHA-256), or null.</summary>
    public static string? TextFilesProblem(string modelsDirectory, ModelBundle bundle)
    {
        var folder = BundleDirectory(modelsDirectory, bundle);
        foreach (var file in bundle.Files.Where(f => TextFiles.Contains(f.Name)))
        {
            var path = Path.Combine(folder, file.Name);
            if (!File.Exists(path))
            {
                return $"{file.Name} of the Pocket TTS model is not installed.";
            }

            if (new FileInfo(path).Length != file.Bytes || Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path))) != file.Sha256)
            {
                return $"The installed {file.Name} is not the pinned file (size {file.Bytes:N0}, SHA-256 {file.Sha256}); install the model again.";
            }
        }

        return null;
    }

    public async Task InstallAsync(ModelBundle bundle, ModelSource source, string modelsDirectory, IProgress<InstallProgress> progress, CancellationToken cancellationToken)
    {
        var folder = BundleDirectory(modelsDirectory, bundle);
        Directory.CreateDirectory(folder);
        var meter = new ProgressMeter(bundle.TotalBytes, progress);
        foreach (var file in bundle.Files)
        {
            var target = Path.Combine(folder, file.Name);
            if (new FileInfo(target) is { Exists: true } existing && existing.Length == file.Bytes && await HashAsync(target, cancellationToken) == file.Sha256)
            {
                meter.Completed(file);
                continue;
            }
            var partial = target + ".partial";
            if (source is ModelSource.Web web)
            {
                await DownloadAsync(new Uri(web.BaseUrl, file.Remote), file, partial, meter, cancellationToken);
            }
            else
            {
                await CopyAsync(Path.Combine(((ModelSource.Folder)source).Path, file.Name), file, partial, meter, cancellationToken);
            }
            await VerifyAsync(file, partial, cancellationToken);
            File.Move(partial, target, overwrite: true);
            LogInstalled(logger, file.Name, file.Bytes);
        }
    }

    private async Task DownloadAsync(Uri url, ModelFile file, string partial, ProgressMeter meter, CancellationToken cancellationToken)
    {
        var have = File.Exists(partial) ? new FileInfo(partial).Length : 0;
        if (have > file.Bytes)
        {
            File.Delete(partial);
            have = 0;
        }
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (have > 0)
        {
            request.Headers.Range = new RangeHeaderValue(have, null);
        }
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        if (response.StatusCode == HttpStatusCode.RequestedRangeNotSatisfiable && have == file.Bytes)
        {
            meter.Completed(file);
            return;
        }
        if (!response.IsSuccessStatusCode)
        {
            throw new ModelInstallException($"Downloading {file.Name} from {url} failed: HTTP {(int)response.StatusCode} {response.ReasonPhrase}.");
        }
        var resumed = response.StatusCode == HttpStatusCode.PartialContent && have > 0;
        if (resumed)
        {
            LogResumed(logger, file.Name, have);
        }
        await using var source = await response.Content.ReadAsStreamAsync(cancellationToken);
        await using var target = new FileStream(partial, resumed ? FileMode.Append : FileMode.Create, FileAccess.Write, FileShare.None, BufferBytes, useAsync: true);
        await CopyWithProgressAsync(source, target, file, resumed ? have : 0, meter, cancellationToken);
    }

    private static async Task CopyAsync(string sourcePath, ModelFile file, string partial, ProgressMeter meter, CancellationToken cancellationToken)
    {
        if (!File.Exists(sourcePath))
        {
            throw new ModelInstallException($"{file.Name} is not in the folder '{Path.GetDirectoryName(sourcePath)}'.");
        }
        await using var source = new FileStream(sourcePath, FileMode.Open, FileAccess.Read, FileShare.Read, BufferBytes, useAsync: true);
        await using var target = new FileStream(partial, FileMode.Create, FileAccess.Write, FileShare.None, BufferBytes, useAsync: true);
        await CopyWithProgressAsync(source, target, file, 0, meter, cancellationToken);
    }

    private static async Task CopyWithProgressAsync(Stream source, FileStream target, ModelFile file, long already, ProgressMeter meter, CancellationToken cancellationToken)
    {
        var buffer = new byte[BufferBytes];
        var written = already;
        meter.Report(file, written);
        int read;
        while ((read = await source.ReadAsync(buffer, cancellationToken)) > 0)
        {
            written += read;
            if (written > file.Bytes)
            {
                throw new ModelInstallException($"{file.Name} is larger than its pinned size of {file.Bytes:N0} bytes; it is not the expected file.");
            }
            await target.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
            meter.Report(file, written);
        }
        await target.FlushAsync(cancellationToken);
        target.Flush(flushToDisk: true);
    }

    private static async Task VerifyAsync(ModelFile file, string partial, CancellationToken cancellationToken)
    {
        var length = new FileInfo(partial).Length;
        if (length != file.Bytes)
        {
            throw new ModelInstallException($"{file.Name} has {length:N0} bytes, not the pinned {file.Bytes:N0}; the download is incomplete. Run the install again to resume.");
        }
        var hash = await HashAsync(partial, cancellationToken);
        if (hash != file.Sha256)
        {
            File.Delete(partial);
            throw new ModelInstallException($"{file.Name} has SHA-256 {hash}, not the pinned {file.Sha256}; the file was deleted.");
        }
    }

    private static async Task<string> HashAsync(string path, CancellationToken cancellationToken)
    {
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, BufferBytes, useAsync: true);
        return Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, cancellationToken));
    }

    /// <summary>Bytes, rate and time left over the whole bundle, reported a few times a second.</summary>
    private sealed class ProgressMeter(long totalBytes, IProgress<InstallProgress> progress)
    {
        private readonly Stopwatch clock = Stopwatch.StartNew();
        private long finishedFiles;
        private long transferredThisRun;
        private long lastFileBytes;
        private TimeSpan? lastReport;

        public void Completed(ModelFile file)
        {
            finishedFiles += file.Bytes;
            lastFileBytes = 0;
            Publish(file.Name, force: true);
        }

        public void Report(ModelFile file, long fileBytes)
        {
            transferredThisRun += Math.Max(0, fileBytes - lastFileBytes);
            lastFileBytes = fileBytes;
            if (fileBytes == file.Bytes)
            {
                finishedFiles += file.Bytes;
                lastFileBytes = 0;
                Publish(file.Name, force: true);
                return;
            }
            Publish(file.Name, force: false, fileBytes);
        }

        private void Publish(string file, bool force, long currentFileBytes = 0)
        {
            var elapsed = clock.Elapsed;
            if (!force && lastReport is { } last && elapsed - last < ProgressInterval)
            {
                return;
            }
            lastReport = elapsed;
            var done = finishedFiles + currentFileBytes;
            var rate = elapsed.TotalSeconds > 0 ? transferredThisRun / elapsed.TotalSeconds : 0;
            TimeSpan? remaining = rate > 0 ? TimeSpan.FromSeconds((totalBytes - done) / rate) : null;
            progress.Report(new InstallProgress(file, done, totalBytes, rate, remaining));
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Installed model file {File} ({Bytes} bytes, size and SHA-256 checked).")]
    private static partial void LogInstalled(ILogger logger, string file, long bytes);

    [LoggerMessage(Level = LogLevel.Information, Message = "Resuming the download of {File} at byte {Offset}.")]
    private static partial void LogResumed(ILogger logger, string file, long offset);
}
