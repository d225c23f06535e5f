using Microsoft.Extensions.Options;

namespace CineCast.Web.Hosting;

/// <summary>Stops the app at start when a folder cannot be used, naming the setting to fix.</summary>
public sealed class CineCastOptionsValidator : IValidateOptions<CineCastOptions>
{
    public ValidateOptionsResult Validate(string? name, CineCastOptions options)
    {
        var failures = new List<string>();
        AppLocations locations;
        try
        {
            locations = new AppLocations(options);
        }
        catch (Exception exception) when (exception is ArgumentException or NotSupportedException or PathTooLongException)
        {
            return ValidateOptionsResult.Fail($"CineCast:DataDirectory or CineCast:ModelsDirectory is not a valid path: {exception.Message}");
        }

        CheckWritable("CineCast:DataDirectory (env CineCast__DataDirectory)", locations.DataDirectory, failures);
        CheckWritable("CineCast:ModelsDirectory (env CineCast__ModelsDirectory)", locations.ModelsDirectory, failures);
        if (locations.SharedDirectory is { } shared)
        {
            CheckWritable("CineCast:SharedDirectory (env CineCast__SharedDirectory)", shared, failures);
        }
        if (!File.Exists(Path.Combine(locations.PresetsDirectory, PresetManifestFile)))
        {
            failures.Add($"CineCast:PresetsDirectory: no {PresetManifestFile} in '{locations.PresetsDirectory}'.");
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    public const string PresetManifestFile = "presets.json";

    private static void CheckWritable(string setting, string directory, List<string> failures)
    {
        try
        {
            Directory.CreateDirectory(directory);
            var probe = Path.Combine(directory, $".write-probe-{Guid.NewGuid():N}");
            File.WriteAllBytes(probe, []);
            File.Delete(probe);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            failures.Add($"{setting}: '{directory}' cannot be created or written ({exception.Message}).");
        }
    }
}
