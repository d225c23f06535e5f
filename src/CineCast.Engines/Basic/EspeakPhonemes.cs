using System.Diagnostics;

namespace CineCast.Engines.Basic;

/// <summary>What espeak-ng would say for a text, as IPA (<c>-q --ipa</c>: phonemes only, no sound).</summary>
public static class EspeakPhonemes
{
    public static async Task<string> ReadAsync(EspeakInstallation espeak, string language, string text, CancellationToken cancellationToken)
    {
        if (espeak.Problem is { } problem)
        {
            throw new EngineFailedException(problem);
        }

        var start = new ProcessStartInfo(espeak.Program)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "-q", "--ipa", "-v", language, "-b", "1", "--stdin" })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new EngineFailedException("espeak-ng did not start.");
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(espeak.RunTimeout);
        try
        {
            var output = process.StandardOutput.ReadToEndAsync(timeout.Token);
            var errors = process.StandardError.ReadToEndAsync(timeout.Token);
            await process.StandardInput.WriteAsync(text.AsMemory(), timeout.Token);
            process.StandardInput.Close();
            await process.WaitForExitAsync(timeout.Token);
            return process.ExitCode == 0
                ? string.Join(' ', (await output).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
                : throw new EngineFailedException($"espeak-ng could not read the text: {(await errors).Trim()}");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new EngineFailedException($"espeak-ng took longer than {espeak.RunTimeout.TotalSeconds:0} s to read the text.");
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
    }
}
