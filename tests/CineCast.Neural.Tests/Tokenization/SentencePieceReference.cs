using System.Diagnostics;
using System.Text.Json;

namespace CineCast.Neural.Tests.Tokenization;

/// <summary>
/// Canonical SentencePiece through Debian's <c>python3-sentencepiece</c> (the test command installs it), driven by
/// <c>sentencepiece_reference.py</c>. Debian's interpreter is used by path: another python3 on PATH may not see it.
/// </summary>
public static class SentencePieceReference
{
    private const string Python = "/usr/bin/python3";
    private static readonly string Script = Path.Combine(AppContext.BaseDirectory, "Tokenization", "sentencepiece_reference.py");

    public static IReadOnlyList<int[]> Encode(string modelPath, IReadOnlyList<string> texts) =>
        RunWithJson<string, int[]>("encode", modelPath, texts);

    public static IReadOnlyList<string> Decode(string modelPath, IReadOnlyList<int[]> ids) =>
        RunWithJson<int[], string>("decode", modelPath, ids);

    /// <summary>Trains a model on <paramref name="corpusLines"/> with SentencePiece trainer options; returns the .model path.</summary>
    public static string Train(string folder, string name, IEnumerable<string> corpusLines, object options)
    {
        var corpus = Path.Combine(folder, name + ".txt");
        File.WriteAllLines(corpus, corpusLines);
        var prefix = Path.Combine(folder, name);
        Run("train", corpus, prefix, JsonSerializer.Serialize(options));
        return prefix + ".model";
    }

    private static TOut[] RunWithJson<TIn, TOut>(string command, string modelPath, IReadOnlyList<TIn> items)
    {
        var folder = Directory.CreateTempSubdirectory("spm-reference-").FullName;
        try
        {
            var input = Path.Combine(folder, "in.json");
            var output = Path.Combine(folder, "out.json");
            File.WriteAllText(input, JsonSerializer.Serialize(items));
            Run(command, modelPath, input, output);
            return JsonSerializer.Deserialize<TOut[]>(File.ReadAllText(output))!;
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static void Run(params string[] arguments)
    {
        if (!File.Exists(Python))
        {
            throw new InvalidOperationException($"{Python} is missing: the parity tests need Debian's python3 and python3-sentencepiece (scripts/test installs them).");
        }

        var start = new ProcessStartInfo(Python) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        start.ArgumentList.Add(Script);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var errors = process.StandardError.ReadToEndAsync();
        process.StandardOutput.ReadToEnd();
        if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("The SentencePiece reference did not finish in 2 minutes.");
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"The SentencePiece reference failed ({process.ExitCode}): {errors.Result}");
        }
    }
}
