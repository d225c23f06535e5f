using CineCast.Neural.PocketTts;

namespace CineCast.Neural.Tests;

/// <summary>The generated tiny bundle (tests/assets/pocket-tts-tiny) and the constants its graphs were built with.</summary>
public static class TinyBundle
{
    public static string Directory { get; } = Path.Combine(AppContext.BaseDirectory, "pocket-tts-tiny");

    // Values from make_tiny_pocket_tts.py.
    public const int EosStepOffset = 24;
    public const float StepGain = 0.125f;
    public const float BosLatent = 0.25f;
    public const string Layer0 = "transformer.layers.0.self_attn";
    public const string Layer1 = "transformer.layers.1.self_attn";

    /// <summary>A clip of <paramref name="samples"/> samples: the tiny encoder makes ceil(samples / 16) frames.</summary>
    public static float[] Clip(int samples) => Enumerable.Range(0, samples).Select(i => MathF.Sin(i * 0.3f) * 0.5f).ToArray();

    /// <summary>A copy of the bundle in a fresh temp folder, without the files named.</summary>
    public static string CopyWithout(params string[] leaveOut)
    {
        var target = Path.Combine(Path.GetTempPath(), "pocket-tiny-" + Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(target);
        foreach (var file in System.IO.Directory.GetFiles(Directory))
        {
            if (!leaveOut.Contains(Path.GetFileName(file)))
            {
                File.Copy(file, Path.Combine(target, Path.GetFileName(file)));
            }
        }

        return target;
    }
}

public sealed class TinyModelFixture : IDisposable
{
    public PocketModel Model { get; } = PocketModel.Load(TinyBundle.Directory);

    public void Dispose() => Model.Dispose();
}
