using System.Diagnostics;

namespace CineCast.Web.Audio;

/// <summary>
/// ffmpeg encoding 16-bit PCM from its stdin to the output as it goes, copied out by a pump task so neither pipe
/// can fill and stall the other. The process is owned here: disposal kills it if it is still running.
/// </summary>
public sealed class FfmpegEncoder : IAudioEncoder
{
    private readonly Process process;
    private readonly Task pump;
    private readonly Task<string> errors;

    private FfmpegEncoder(Process process, Stream output)
    {
        this.process = process;
        errors = process.StandardError.ReadToEndAsync();
        pump = process.StandardOutput.BaseStream.CopyToAsync(output);
    }

    public static FfmpegEncoder Start(Stream output, int sampleRate, IEnumerable<string> codecArguments)
    {
        var start = new ProcessStartInfo("ffmpeg")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        string[] input = ["-hide_banner", "-loglevel", "error", "-nostdin", "-f", "s16le", "-ar", sampleRate.ToString(System.Globalization.CultureInfo.InvariantCulture), "-ac", "1", "-i", "pipe:0"];
        foreach (var argument in input.Concat(codecArguments).Concat(["-flush_packets", "1", "pipe:1"]))
        {
            start.ArgumentList.Add(argument);
        }
        return new FfmpegEncoder(Process.Start(start) ?? throw new InvalidOperationException("ffmpeg did not start."), output);
    }

    public async ValueTask WriteAsync(ReadOnlyMemory<byte> pcm16, CancellationToken cancellationToken)
    {
        await process.StandardInput.BaseStream.WriteAsync(pcm16, cancellationToken);
        await process.StandardInput.BaseStream.FlushAsync(cancellationToken);
    }

    public async ValueTask CompleteAsync(CancellationToken cancellationToken)
    {
        process.StandardInput.Close();
        await process.WaitForExitAsync(cancellationToken);
        await pump.WaitAsync(cancellationToken);
        if (process.ExitCode != 0)
        {
            throw new IOException($"ffmpeg failed (exit code {process.ExitCode}): {(await errors).Trim()}");
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
        }
        await process.WaitForExitAsync(CancellationToken.None);
        try
        {
            await pump;
        }
        catch (Exception exception) when (exception is IOException or ObjectDisposedException or OperationCanceledException)
        {
            // The response went away or the process was killed; nothing more to copy.
        }
        await errors;
        process.Dispose();
    }
}
