namespace CineCast.Neural.Tests;

/// <summary>
/// The real small files of the Pocket TTS export in ../shared/models/pocket-tts/real beside the repository:
/// byte-exact copies of the English tokenizer.model and of the bundle.json of each pinned language bundle.
/// </summary>
public static class RealFiles
{
    private static readonly Lazy<string> Root = new(() =>
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "CineCast.Web.sln")))
            {
                var real = Path.GetFullPath(Path.Combine(directory.FullName, "..", "shared", "models", "pocket-tts", "real"));
                return Directory.Exists(real)
                    ? real
                    : throw new DirectoryNotFoundException($"The real Pocket TTS files are expected at {real} (../shared beside the repository).");
            }
        }

        throw new InvalidOperationException("The repository root (with CineCast.Web.sln) was not found above " + AppContext.BaseDirectory);
    });

    public static string Tokenizer => Path.Combine(Root.Value, "tokenizer.model");

    public static string BundleFolder(string bundle) => Path.Combine(Root.Value, "bundles", bundle);

    public static IReadOnlyList<string> Bundles => [.. Directory.GetDirectories(Path.Combine(Root.Value, "bundles")).Select(Path.GetFileName).Order()!];
}
