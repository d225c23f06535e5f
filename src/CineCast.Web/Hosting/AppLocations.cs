namespace CineCast.Web.Hosting;

/// <summary>Resolves the configured folders to absolute paths, once.</summary>
public sealed class AppLocations
{
    public AppLocations(CineCastOptions options)
    {
        var baseDirectory = SourceCheckoutRoot() ?? AppContext.BaseDirectory;
        DataDirectory = Path.GetFullPath(options.DataDirectory, baseDirectory);
        ModelsDirectory = Path.GetFullPath(options.ModelsDirectory, baseDirectory);
        SharedDirectory = string.IsNullOrWhiteSpace(options.SharedDirectory) ? null : Path.GetFullPath(options.SharedDirectory, baseDirectory);
        PresetsDirectory = Path.GetFullPath(options.PresetsDirectory, AppContext.BaseDirectory);
    }

    public string DataDirectory { get; }
    public string ModelsDirectory { get; }
    public string PresetsDirectory { get; }

    /// <summary>The folder several instances share, or null when this instance keeps everything in its data directory.</summary>
    public string? SharedDirectory { get; }

    /// <summary>Whether other instances may be writing clone audio and batch output beside this one.</summary>
    public bool IsShared => SharedDirectory is not null;

    /// <summary>
    /// On a shared folder another instance may be between writing a file and committing its row: a file without a
    /// row is only an orphan once it is older than this.
    /// </summary>
    public static readonly TimeSpan SharedSettleTime = TimeSpan.FromMinutes(10);

    /// <summary>Whether a start-up sweep may treat <paramref name="file"/>, which no row claims, as left over.</summary>
    public bool IsSettled(string file, DateTime utcNow) => !IsShared || File.GetLastWriteTimeUtc(file) < utcNow - SharedSettleTime;

    public string DatabaseFile => Path.Combine(DataDirectory, "cinecast.db");
    public string ClonesDirectory => Path.Combine(SharedDirectory ?? DataDirectory, "clones");
    public string TempDirectory => Path.Combine(DataDirectory, "tmp");

    /// <summary>Files derived from others and rebuilt at will (the engines' espeak-ng overlay).</summary>
    public string CacheDirectory => Path.Combine(DataDirectory, "cache");
    public string KeysDirectory => Path.Combine(SharedDirectory ?? DataDirectory, "keys");
    public string BatchesDirectory => Path.Combine(SharedDirectory ?? DataDirectory, "batches");

    public string CloneAudioPath(string voiceId) => Path.Combine(ClonesDirectory, voiceId + ".wav");

    public void CreateDirectories()
    {
        foreach (var directory in new[] { DataDirectory, ClonesDirectory, TempDirectory, KeysDirectory, ModelsDirectory })
        {
            Directory.CreateDirectory(directory);
        }
    }

    // Run from source, the binaries sit under the repository; its data/ folder is the documented default there.
    private static string? SourceCheckoutRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "CineCast.Web.sln")))
            {
                return directory.FullName;
            }
        }
        return null;
    }
}
