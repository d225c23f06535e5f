namespace CineCast.Web.Audio;

/// <summary>Raw signed 16-bit little-endian samples, exactly as synthesized.</summary>
public sealed class RawPcmEncoder(Stream output) : IAudioEncoder
{
    public ValueTask WriteAsync(ReadOnlyMemory<byte> pcm16, CancellationToken cancellationToken) => output.WriteAsync(pcm16, cancellationToken);

    public ValueTask CompleteAsync(CancellationToken cancellationToken) => new(output.FlushAsync(cancellationToken));

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
