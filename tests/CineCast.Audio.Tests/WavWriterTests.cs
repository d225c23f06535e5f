using System.Buffers.Binary;
using CineCast.Audio.Tests.Support;

namespace CineCast.Audio.Tests;

public sealed class WavWriterTests
{
    [Fact]
    public void Written_audio_decodes_back_to_the_same_samples()
    {
        var samples = Signals.Sine(440, 24000, 0.5, amplitude: 0.9);
        using var stream = new MemoryStream();

        WavWriter.WritePcm16(stream, samples, 24000);

        var decoded = Fixtures.Decode(stream.ToArray());
        Assert.Equal(44 + (2 * samples.Length), stream.Length);
        Assert.Equal((24000, 1, samples.Length), (decoded.SampleRate, decoded.Channels, decoded.FrameCount));
        // Written with a scale of 32767 (so +1 fits) and read back with 32768: at most 1.5 steps apart.
        for (var i = 0; i < samples.Length; i++)
        {
            Assert.Equal(samples[i], decoded.Samples[i], 1.5 / 32767);
        }
    }

    [Fact]
    public void Out_of_range_and_invalid_samples_are_clamped_rather_than_wrapped()
    {
        using var stream = new MemoryStream();

        WavWriter.WritePcm16(stream, [2f, -3f, float.NaN, 0.5f], 16000);

        var data = stream.ToArray().AsSpan(44);
        Assert.Equal(short.MaxValue, BinaryPrimitives.ReadInt16LittleEndian(data));
        Assert.Equal(-short.MaxValue, BinaryPrimitives.ReadInt16LittleEndian(data[2..]));
        Assert.Equal(0, BinaryPrimitives.ReadInt16LittleEndian(data[4..]));
        Assert.Equal(16384, BinaryPrimitives.ReadInt16LittleEndian(data[6..]));
    }
}
