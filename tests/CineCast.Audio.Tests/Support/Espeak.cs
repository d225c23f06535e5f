using System.Diagnostics;

namespace CineCast.Audio.Tests.Support;

/// <summary>Runs espeak-ng and reads the 16-bit mono WAV it writes to stdout.</summary>
internal static class Espeak
{
    public const string Paragraph =
        "The quick brown fox jumps over the lazy dog. She sells sea shells by the sea shore, and the shells she sells are surely sea shells. " +
        "Nobody knows how long the journey will take, but we will find out tomorrow morning.";

    /// <summary>espeak-ng's stdout WAV, decoded (its streaming placeholder sizes are read to the end of the data).</summary>
    public static (float[] Samples, int SampleRate) Speak(string text, int wordsPerMinute = 175, string voice = "en-us")
    {
        var start = new ProcessStartInfo("espeak-ng") { RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var argument in new[] { "-v", voice, "-s", wordsPerMinute.ToString(System.Globalization.CultureInfo.InvariantCulture), "--stdout", text })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        using var wav = new MemoryStream();
        process.StandardOutput.BaseStream.CopyTo(wav);
        process.WaitForExit();
        var audio = Fixtures.Decode(wav.ToArray());
        return (audio.Samples, audio.SampleRate);
    }
}
