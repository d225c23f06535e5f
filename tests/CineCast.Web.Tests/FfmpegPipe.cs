using System.Diagnostics;

namespace CineCast.Web.Tests;

/// <summary>ffmpeg from bytes to bytes: what a listener's tools do to audio (re-encode, cut, resample), and formats our decoder does not read.</summary>
public static class FfmpegPipe
{
    private static readonly string[] Quiet = ["-hide_banner", "-loglevel", "error"];
    private static readonly string[] Input = ["-i", "pipe:0"];

    /// <summary>Runs <c>ffmpeg -i pipe:0 {output options} pipe:1</c>; the options must name the output format (<c>-f</c>).</summary>
    public static byte[] Run(byte[] input, params string[] outputOptions) => Run(input, [], outputOptions);

    /// <summary>As <see cref="Run(byte[], string[])"/>, for input that needs describing (raw PCM: <c>-f f32le -ar 24000 -ac 1</c>).</summary>
    public static byte[] Run(byte[] input, string[] inputOptions, string[] outputOptions)
    {
        var start = new ProcessStartInfo("ffmpeg") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in Quiet.Concat(inputOptions).Concat(Input).Concat(outputOptions).Append("pipe:1"))
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start)!;
        var output = new MemoryStream();
        var pump = process.StandardOutput.BaseStream.CopyToAsync(output);
        _ = process.StandardError.ReadToEndAsync();
        process.StandardInput.BaseStream.Write(input);
        process.StandardInput.Close();
        pump.Wait();
        process.WaitForExit();
        return output.ToArray();
    }
}
