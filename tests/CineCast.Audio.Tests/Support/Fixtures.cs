namespace CineCast.Audio.Tests.Support;

/// <summary>Locates the speech fixtures: the shared set beside the repository and the encoded ones inside it.</summary>
internal static class Fixtures
{
    private static readonly Lazy<string> RepositoryRoot = new(FindRepositoryRoot);

    public static string Shared(string fileName) => Path.Combine(RepositoryRoot.Value, "..", "shared", "fixtures", "speech", fileName);

    public static string Local(string fileName) => Path.Combine(RepositoryRoot.Value, "tests", "fixtures", "speech", fileName);

    public static byte[] SharedBytes(string fileName) => File.ReadAllBytes(Shared(fileName));

    public static byte[] LocalBytes(string fileName) => File.ReadAllBytes(Local(fileName));

    public static PcmAudio Decode(byte[] bytes, double maxSeconds = 180) =>
        AudioDecoder.Decode(new MemoryStream(bytes), new DecodeLimits(maxSeconds));

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
