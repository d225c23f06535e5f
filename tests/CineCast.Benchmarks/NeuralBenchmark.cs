using System.Diagnostics;
using System.Globalization;
using System.Text;
using CineCast.Neural.PocketTts;

/// <summary>
/// The Pocket TTS runtime's own cost per generated frame on the tiny graphs (whose graphs take microseconds, so the
/// time is almost all ours), and, when POCKET_TTS_MODEL_DIR names a folder with the real english_2026-04 files,
/// first audio and real-time factor of the real model on this machine.
/// </summary>
internal static class NeuralBenchmark
{
    public const string RealModelVariable = "POCKET_TTS_MODEL_DIR";
    private const int Rounds = 20;
    private const string Text = "The rainbow is a division of white light into many beautiful colors. These take the shape of a long round arch.";

    public static async Task ReportAsync(StringBuilder report, string tinyBundle)
    {
        using var tiny = PocketModel.Load(tinyBundle);
        using var tinyVoice = tiny.CreateVoice(new float[tiny.Bundle.SamplesPerFrame * 40]);
        long frames = 0;
        var timer = Stopwatch.StartNew();
        for (var round = 0; round < Rounds; round++)
        {
            await foreach (var block in tiny.StreamAsync(tinyVoice, Text, new PocketGenerationOptions { Seed = round }))
            {
                frames += block.Length / tiny.Bundle.SamplesPerFrame;
            }
        }
        timer.Stop();
        report.AppendLine();
        report.AppendLine(CultureInfo.InvariantCulture,
            $"Pocket TTS runtime on the tiny graphs (plumbing only, says nothing about voice quality): {frames} frames in {timer.Elapsed.TotalMilliseconds:0} ms, " +
            $"{timer.Elapsed.TotalMilliseconds / frames:0.000} ms per frame including the graphs' own run time (goal: at most 1 ms of overhead per frame).");

        if (Environment.GetEnvironmentVariable(RealModelVariable) is not { Length: > 0 } realBundle)
        {
            report.AppendLine(CultureInfo.InvariantCulture, $"Real Pocket TTS weights: not measured ({RealModelVariable} is not set).");
            return;
        }
        using var real = PocketModel.Load(realBundle);
        using var voice = real.CreateVoice(Fixtures.Decode(await File.ReadAllBytesAsync(Fixtures.Shared("en_ls6880_6880-216547-0000.wav"))).Samples);
        var started = Stopwatch.StartNew();
        double? firstAudio = null;
        long samples = 0;
        await foreach (var block in real.StreamAsync(voice, Text))
        {
            firstAudio ??= started.Elapsed.TotalMilliseconds;
            samples += block.Length;
        }
        var seconds = (double)samples / real.Bundle.SampleRate;
        report.AppendLine(CultureInfo.InvariantCulture,
            $"Real Pocket TTS ({real.Precision}): first audio {firstAudio:0} ms, {seconds:0.0} s of audio in {started.Elapsed.TotalSeconds:0.00} s (real-time factor {started.Elapsed.TotalSeconds / seconds:0.000}).");
    }
}
