using System.Diagnostics;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace CineCast.Engines.Basic;

/// <summary>
/// Finds espeak-ng and its data, and keeps an overlay of that data under the data directory where per-voice
/// variant files can be added: espeak-ng reads voice variants only from its data folder, never from a path.
/// </summary>
public sealed partial class EspeakInstallation(IOptions<EnginesOptions> options, EngineLocations locations, ILogger<EspeakInstallation> logger)
{
    public const string VariantPrefix = "cc-";

    private readonly Lazy<Probe> probe = new(() => Discover(options.Value.Basic.EspeakPath, locations, logger));
    private readonly Lock variantLock = new();

    public string Program => options.Value.Basic.EspeakPath;

    public TimeSpan RunTimeout => TimeSpan.FromSeconds(options.Value.Basic.RunTimeoutSeconds);

    /// <summary>Whether the engine times words and sentences (<see cref="BasicEngineOptions.WordMarks"/>).</summary>
    public bool WordMarks => options.Value.Basic.WordMarks;

    /// <summary>Null when usable; otherwise a sentence saying what is missing.</summary>
    public string? Problem => probe.Value.Problem;

    public string? Version => probe.Value.Version;

    /// <summary>The folder passed to <c>--path</c>: it holds the <c>espeak-ng-data</c> overlay.</summary>
    public string OverlayRoot => Path.Combine(locations.CacheDirectory, "espeak");

    /// <summary>Writes (or rewrites) a voice variant file and returns the name to use after <c>+</c> in <c>-v</c>.</summary>
    /// <remarks>
    /// espeak-ng truncates variant names it looks up (to fewer than 40 characters) and then quietly speaks with its
    /// default voice, so the file is named by a short hash of the key rather than by the key itself.
    /// </remarks>
    public string WriteVariant(string key, string contents)
    {
        // The overlay is built by the probe; a variant written before anything asked for the status needs it too.
        if (Problem is { } problem)
        {
            throw new EngineFailedException(problem);
        }
        var name = VariantPrefix + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(key)))[..16];
        var path = Path.Combine(OverlayRoot, "espeak-ng-data", "voices", "!v", name);
        lock (variantLock)
        {
            var temp = path + ".tmp";
            File.WriteAllText(temp, contents);
            File.Move(temp, path, overwrite: true);
        }
        return name;
    }

    private static Probe Discover(string program, EngineLocations locations, ILogger logger)
    {
        string output;
        try
        {
            using var process = Process.Start(new ProcessStartInfo(program, "--version")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            }) ?? throw new InvalidOperationException("espeak-ng did not start.");
            output = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
        }
        catch (Exception exception) when (exception is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            return new Probe($"espeak-ng was not found ('{program}'): install the Debian package espeak-ng (scripts/run does) or set CineCast:Engines:Basic:EspeakPath.", null);
        }

        var match = VersionLine().Match(output);
        if (!match.Success || !Directory.Exists(match.Groups["data"].Value))
        {
            return new Probe($"espeak-ng answered '{output.Trim()}', which does not name its data folder.", null);
        }

        try
        {
            BuildOverlay(match.Groups["data"].Value, Path.Combine(locations.CacheDirectory, "espeak", "espeak-ng-data"));
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return new Probe($"The espeak-ng data overlay could not be made under the data directory: {exception.Message}", null);
        }
        LogFound(logger, match.Groups["version"].Value, match.Groups["data"].Value);
        return new Probe(null, match.Groups["version"].Value);
    }

    // Links every system entry into the overlay except the variants folder, which is real so ours can sit beside
    // the shipped ones. Rebuilt at each start, so an upgraded espeak-ng is picked up.
    private static void BuildOverlay(string systemData, string overlay)
    {
        if (Directory.Exists(overlay))
        {
            Directory.Delete(overlay, recursive: true);
        }
        Directory.CreateDirectory(overlay);
        foreach (var entry in Directory.EnumerateFileSystemEntries(systemData))
        {
            var name = Path.GetFileName(entry);
            if (name != "voices")
            {
                Link(entry, Path.Combine(overlay, name));
            }
        }

        var voices = Path.Combine(overlay, "voices");
        Directory.CreateDirectory(voices);
        foreach (var entry in Directory.EnumerateFileSystemEntries(Path.Combine(systemData, "voices")))
        {
            var name = Path.GetFileName(entry);
            if (name != "!v")
            {
                Link(entry, Path.Combine(voices, name));
            }
        }

        var variants = Path.Combine(voices, "!v");
        Directory.CreateDirectory(variants);
        foreach (var file in Directory.EnumerateFiles(Path.Combine(systemData, "voices", "!v")))
        {
            Link(file, Path.Combine(variants, Path.GetFileName(file)));
        }
    }

    private static void Link(string target, string link)
    {
        if (Directory.Exists(target))
        {
            Directory.CreateSymbolicLink(link, target);
        }
        else
        {
            File.CreateSymbolicLink(link, target);
        }
    }

    [GeneratedRegex(@"eSpeak NG text-to-speech:\s*(?<version>\S+).*Data at:\s*(?<data>\S+)", RegexOptions.Singleline)]
    private static partial Regex VersionLine();

    [LoggerMessage(Level = LogLevel.Information, Message = "Basic engine: espeak-ng {Version}, data at {DataPath}.")]
    private static partial void LogFound(ILogger logger, string version, string dataPath);

    private sealed record Probe(string? Problem, string? Version);
}
