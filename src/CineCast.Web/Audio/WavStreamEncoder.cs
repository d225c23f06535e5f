using CineCast.Audio;

namespace CineCast.Web.Audio;

/// <summary>
/// WAV that can be played while it streams: the header goes out first with the "unknown length" sizes streaming
/// players accept, and is patched with the real sizes when the output is a file.
/// </summary>
public sealed class WavStreamEncoder(Stream output, int sampleRate) : IAudioEncoder
{
    private readonly NAudio.Wave.WaveFormat format = new(sampleRate, 16, 1);
    private long dataBytes;
    private bool headerWritten;

    public async ValueTask WriteAsync(ReadOnlyMemory<byte> pcm16, CancellationToken cancellationToken)
    {
        if (!headerWritten)
        {
            await output.WriteAsync(Header(PcmWavHeader.UnknownSize), cancellationToken);
            headerWritten = true;
        }
        await output.WriteAsync(pcm16, cancellationToken);
        dataBytes += pcm16.Length;
    }

    public async ValueTask CompleteAsync(CancellationToken cancellationToken)
    {
        if (!headerWritten)
        {
            await output.WriteAsync(Header(0), cancellationToken);
            headerWritten = true;
        }
        else if (output.CanSeek && dataBytes <= uint.MaxValue - 36)
        {
            var end = output.Position;
            output.Position = 0;
            await output.WriteAsync(Header((uint)dataBytes), cancellationToken);
            output.Position = end;
        }
        await output.FlushAsync(cancellationToken);
    }

    private byte[] Header(uint dataBytes)
    {
        var header = new byte[PcmWavHeader.Length];
        PcmWavHeader.Write(header, format, dataBytes);
        return header;
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
