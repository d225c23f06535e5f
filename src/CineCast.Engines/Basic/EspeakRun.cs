using System.Buffers.Binary;
using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace CineCast.Engines.Basic;

/// <summary>
/// One espeak-ng process speaking one chunk of text, streamed as it is produced. The process is owned here:
/// cancellation or disposal kills it, so no run outlives the request that started it.
/// </summary>
/// <remarks>
/// A process per chunk rather than libespeak-ng in-process: measured here, a run reaches its first audio in about
/// 10 ms and speaks ~250× faster than real time, while the library keeps global state (one synthesis at a time per
/// process) and a crash in it would take the server down. Processes run in parallel on every core and are killed
/// cleanly on cancel.
/// </remarks>
public sealed class EspeakRun : IAsyncDisposable
{
    private const int WavHeaderBytes = 44;
    private const int ReadBytes = 8192;

    private readonly Process process;
    private readonly Task<string> errors;
    private bool spoken;

    private EspeakRun(Process process)
    {
        this.process = process;
        errors = process.StandardError.ReadToEndAsync();
    }

    /// <summary>Starts espeak-ng with its voice loaded, waiting for text on standard input.</summary>
    public static EspeakRun Launch(EspeakInstallation espeak, string voice, int wordsPerMinute)
    {
        var start = new ProcessStartInfo(espeak.Program)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { $"--path={espeak.OverlayRoot}", "-v", voice, "-s", wordsPerMinute.ToString(System.Globalization.CultureInfo.InvariantCulture), "-b", "1", "--stdout", "--stdin" })
        {
            start.ArgumentList.Add(argument);
        }
        var process = Process.Start(start) ?? throw new EngineFailedException("espeak-ng did not start.");
        return new EspeakRun(process);
    }

    public static EspeakRun Start(EspeakInstallation espeak, string voice, int wordsPerMinute, string text) =>
        Launch(espeak, voice, wordsPerMinute).Speak(text);

    /// <summary>Still waiting for its text (it has not exited while idle).</summary>
    public bool IsWaiting => !spoken && !process.HasExited;

    /// <summary>Gives the process its text; it speaks once standard input closes.</summary>
    public EspeakRun Speak(string text)
    {
        spoken = true;
        process.StandardInput.Write(text);
        process.StandardInput.Close();
        return this;
    }

    /// <summary>The speech as float samples; <paramref name="sampleRate"/> is set from the WAV header before the first block.</summary>
    public async IAsyncEnumerable<ReadOnlyMemory<float>> ReadAsync(StrongBox<int> sampleRate, TimeSpan timeout, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        await using var kill = deadline.Token.Register(Kill);

        var output = process.StandardOutput.BaseStream;
        var bytes = new byte[ReadBytes + 1];
        var samples = new float[ReadBytes / 2];
        var header = await ReadHeaderAsync(output, bytes, deadline.Token);
        sampleRate.Value = header;

        var carried = 0;
        int read;
        while ((read = await ReadOrKilledAsync(output, bytes.AsMemory(carried, ReadBytes), deadline.Token)) > 0)
        {
            var available = carried + read;
            var count = available / 2;
            for (var i = 0; i < count; i++)
            {
                samples[i] = BinaryPrimitives.ReadInt16LittleEndian(bytes.AsSpan(2 * i)) / 32768f;
            }
            carried = available - (2 * count);
            if (carried == 1)
            {
                bytes[0] = bytes[available - 1];
            }
            if (count > 0)
            {
                yield return samples.AsMemory(0, count);
            }
        }

        await process.WaitForExitAsync(deadline.Token);
        if (process.ExitCode != 0)
        {
            throw new EngineFailedException($"espeak-ng stopped with exit code {process.ExitCode}: {(await errors).Trim()}");
        }
    }

    private async Task<int> ReadHeaderAsync(Stream output, byte[] buffer, CancellationToken cancellationToken)
    {
        var got = await output.ReadAtLeastAsync(buffer.AsMemory(0, WavHeaderBytes), WavHeaderBytes, throwOnEndOfStream: false, cancellationToken);
        cancellationToken.ThrowIfCancellationRequested();
        if (got < WavHeaderBytes || !buffer.AsSpan(0, 4).SequenceEqual("RIFF"u8) || BinaryPrimitives.ReadInt16LittleEndian(buffer.AsSpan(34)) != 16)
        {
            await process.WaitForExitAsync(CancellationToken.None);
            throw new EngineFailedException($"espeak-ng produced no 16-bit WAV (exit code {process.ExitCode}): {(await errors).Trim()}");
        }
        return BinaryPrimitives.ReadInt32LittleEndian(buffer.AsSpan(24));
    }

    // A killed process closes its pipe, which ends the read quietly; the token tells the two apart.
    private static async Task<int> ReadOrKilledAsync(Stream output, Memory<byte> buffer, CancellationToken cancellationToken)
    {
        var read = await output.ReadAsync(buffer, cancellationToken);
        cancellationToken.ThrowIfCancellationRequested();
        return read;
    }

    private void Kill()
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already exited.
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            Kill();
        }
        await process.WaitForExitAsync(CancellationToken.None);
        await errors;
        process.Dispose();
    }
}
