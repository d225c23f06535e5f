using CineCast.Audio;

namespace CineCast.Web.Tests;

/// <summary>Real speech clips: the shared set beside the repository and the encodings made from it in tests/fixtures.</summary>
public static class SpeechFiles
{
    public const string Clip24k = "en_ls1363_1363-135842-0000.wav";
    public const double ClipSeconds = 5.26;

    public static byte[] Shared(string file) => Fixtures.SharedBytes(file);

    public static byte[] Local(string file) => Fixtures.LocalBytes(file);

    /// <summary>The real clip as mono samples, to build variants (shorter, longer, louder) from real speech.</summary>
    public static float[] ClipSamples() => Fixtures.Decode(Shared(Clip24k)).Samples;

    public static byte[] Wav(ReadOnlySpan<float> mono, int sampleRate = 24000)
    {
        using var output = new MemoryStream();
        WavWriter.WritePcm16(output, mono, sampleRate);
        return output.ToArray();
    }
}
