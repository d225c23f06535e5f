namespace CineCast.Audio.Tests.Support;

/// <summary>Locates the speech fixtures: the shared set beside the repository and the encoded ones inside it.</summary>
internal static class Fixtures
{
    private static readonly Lazy<string> RepositoryRoot = new(FindRepositoryRoot);

    public static string RepositoryRootPath => RepositoryRoot.Value;

    public static string Shared(string fileName) => Path.Combine(RepositoryRoot.Value, "..", "shared", "fixtures", "speech", fileName);

    public static string Local(string fileName) => Path.Combine(RepositoryRoot.Value, "tests", "fixtures", "speech", fileName);

    public static byte[] SharedBytes(string fileName) => File.ReadAllBytes(Shared(fileName));

    public static byte[] LocalBytes(string fileName) => File.ReadAllBytes(Local(fileName));

    public static PcmAudio Decode(byte[] bytes, double maxSeconds = 180) =>
        AudioDecoder.Decode(new MemoryStream(bytes), new DecodeLimits(maxSeconds));

    /// <summary>
    /// Deletes a test's temp folder; a server that has just stopped may still be finishing its last file write,
    /// so a folder that is not yet empty gets a few short retries.
    /// </summary>
    public static void DeleteDirectory(string path)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                if (Directory.Exists(path))
                {
                    Directory.Delete(path, recursive: true);
                }
                return;
            }
            catch (IOException) when (attempt < 10)
            {
                Thread.Sleep(100);
            }
        }
    }

    private static string FindRepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "CineCast.Web.sln")) || File.Exists(Path.Combine(directory.FullName, "Directory.Build.props")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("The repository root (with Directory.Build.props) was not found above " + AppContext.BaseDirectory);
    }
}
