using System.Buffers.Binary;

namespace CineCast.Web.Audio;

/// <summary>
/// WAV that can be played while it streams: the header goes out first with the "unknown length" sizes streaming
/// players accept, and is patched with the real sizes when the output is a file.
/// </summary>
public sealed class WavStreamEncoder(Stream output, int sampleRate) : IAudioEncoder
{
    private const uint UnknownSize = uint.MaxValue;
    private long dataBytes;
    private bool headerWritten;

    public async ValueTask WriteAsync(ReadOnlyMemory<byte> pcm16, CancellationToken cancellationToken)
    {
        if (!headerWritten)
        {
            await output.WriteAsync(Header(UnknownSize, UnknownSize), cancellationToken);
            headerWritten = true;
        }
        await output.WriteAsync(pcm16, cancellationToken);
        dataBytes += pcm16.Length;
    }

    public async ValueTask CompleteAsync(CancellationToken cancellationToken)
    {
        if (!headerWritten)
        {
            await output.WriteAsync(Header(0, 36), cancellationToken);
            headerWritten = true;
        }
        else if (output.CanSeek && dataBytes <= uint.MaxValue - 36)
        {
            var end = output.Position;
            output.Position = 0;
            await output.WriteAsync(Header((uint)dataBytes, (uint)dataBytes + 36), cancellationToken);
            output.Position = end;
        }
        await output.FlushAsync(cancellationToken);
    }

    private byte[] Header(uint dataSize, uint riffSize)
    {
        var header = new byte[44];
        "RIFF"u8.CopyTo(header);
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(4), riffSize);
        "WAVEfmt "u8.CopyTo(header.AsSpan(8));
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(16), 16);
        BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(20), 1);
        BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(22), 1);
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(24), (uint)sampleRate);
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(28), (uint)sampleRate * 2);
        BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(32), 2);
        BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(34), 16);
        "data"u8.CopyTo(header.AsSpan(36));
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(40), dataSize);
        return header;
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
