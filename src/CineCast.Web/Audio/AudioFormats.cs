using System.Diagnostics;

namespace CineCast.Web.Audio;

/// <summary>
/// The output formats speech can be delivered in. WAV and raw PCM are written here; compressed formats are encoded
/// by ffmpeg (a well-kept encoder for each of them), and are offered only when ffmpeg is installed.
/// </summary>
public sealed class AudioFormats
{
    public const int SampleRate = 24000;

    private static readonly Dictionary<string, (string ContentType, string[] FfmpegArguments)> Compressed = new(StringComparer.OrdinalIgnoreCase)
    {
        ["mp3"] = ("audio/mpeg", ["-f", "mp3", "-c:a", "libmp3lame", "-b:a", "64k"]),
        ["opus"] = ("audio/ogg", ["-f", "ogg", "-c:a", "libopus", "-b:a", "32k", "-page_duration", "20000"]),
        ["aac"] = ("audio/aac", ["-f", "adts", "-c:a", "aac", "-b:a", "64k"]),
        ["flac"] = ("audio/flac", ["-f", "flac", "-c:a", "flac"]),
    };

    private readonly Lazy<bool> ffmpegPresent = new(FindFfmpeg);

    public IReadOnlyList<string> Supported =>
        ffmpegPresent.Value ? ["mp3", "opus", "aac", "flac", "wav", "pcm"] : ["wav", "pcm"];

    public bool IsSupported(string format) => Supported.Contains(format, StringComparer.OrdinalIgnoreCase);

    public static string ContentType(string format) => format.ToLowerInvariant() switch
    {
        "wav" => "audio/wav",
        "pcm" => "audio/L16; rate=24000; channels=1",
        var other => Compressed[other].ContentType,
    };

    public static string FileExtension(string format) => format.ToLowerInvariant() switch
    {
        "opus" => "ogg",
        var other => other,
    };

    /// <summary>An encoder writing <paramref name="format"/> to <paramref name="output"/> as 16-bit 24 kHz mono PCM arrives.</summary>
    public IAudioEncoder Create(string format, Stream output) => format.ToLowerInvariant() switch
    {
        "wav" => new WavStreamEncoder(output, SampleRate),
        "pcm" => new RawPcmEncoder(output),
        var other when ffmpegPresent.Value && Compressed.TryGetValue(other, out var codec) => FfmpegEncoder.Start(output, SampleRate, codec.FfmpegArguments),
        _ => throw new ArgumentException($"Unsupported format '{format}'.", nameof(format)),
    };

    private static bool FindFfmpeg()
    {
        try
        {
            using var probe = Process.Start(new ProcessStartInfo("ffmpeg", "-hide_banner -version") { RedirectStandardOutput = true, UseShellExecute = false });
            if (probe is null)
            {
                return false;
            }
            probe.StandardOutput.ReadToEnd();
            probe.WaitForExit();
            return probe.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }
}

/// <summary>Turns 16-bit PCM into one output format, streaming; disposal releases whatever it runs.</summary>
public interface IAudioEncoder : IAsyncDisposable
{
    ValueTask WriteAsync(ReadOnlyMemory<byte> pcm16, CancellationToken cancellationToken);

    /// <summary>Ends the stream: trailing data is written and, where the output can seek, sizes are patched.</summary>
    ValueTask CompleteAsync(CancellationToken cancellationToken);
}
