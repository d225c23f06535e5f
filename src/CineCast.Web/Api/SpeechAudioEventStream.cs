using System.Buffers;
using System.Buffers.Text;
using System.Text.Json;
using CineCast.Web.Refusals;

namespace CineCast.Web.Api;

/// <summary>
/// OpenAI's <c>stream_format: "sse"</c> for speech: whatever an audio encoder writes goes out at once as a
/// <c>speech.audio.delta</c> event of base64 audio; the stream ends with <c>speech.audio.done</c>, or with an
/// <c>error</c> event when speaking fails part way, never with a silent end.
/// </summary>
public sealed class SpeechAudioEventStream(Stream body) : Stream
{
    public const string ContentType = "text/event-stream";

    private static readonly byte[] DeltaPrefix = "data: {\"type\":\"speech.audio.delta\",\"audio\":\""u8.ToArray();
    private static readonly byte[] DeltaSuffix = "\"}\n\n"u8.ToArray();
    private static readonly byte[] EventPrefix = "data: "u8.ToArray();
    private static readonly byte[] EventEnd = "\n\n"u8.ToArray();

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    /// <summary>The last event: what spoke, and how much, for clients that cannot read response headers.</summary>
    public Task WriteDoneAsync(string engine, string voiceId, double seconds, CancellationToken cancellationToken) =>
        WriteEventAsync(new { type = "speech.audio.done", engine, voice = voiceId, duration_seconds = Math.Round(seconds, 3) }, cancellationToken);

    /// <summary>An error after the first event: the refusal in OpenAI's error shape, as an event.</summary>
    public Task WriteErrorAsync(RefusedException refused, CancellationToken cancellationToken) =>
        WriteEventAsync(new { type = "error", error = RefusalAnswers.OpenAiErrorOf(refused) }, cancellationToken);

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (buffer.IsEmpty)
        {
            return;
        }
        var length = DeltaPrefix.Length + Base64.GetMaxEncodedToUtf8Length(buffer.Length) + DeltaSuffix.Length;
        var chunk = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            DeltaPrefix.CopyTo(chunk, 0);
            Base64.EncodeToUtf8(buffer.Span, chunk.AsSpan(DeltaPrefix.Length), out _, out var written);
            DeltaSuffix.CopyTo(chunk, DeltaPrefix.Length + written);
            await body.WriteAsync(chunk.AsMemory(0, DeltaPrefix.Length + written + DeltaSuffix.Length), cancellationToken);
            await body.FlushAsync(cancellationToken);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Write(byte[] buffer, int offset, int count) => WriteAsync(buffer, offset, count).GetAwaiter().GetResult();

    public override Task FlushAsync(CancellationToken cancellationToken) => body.FlushAsync(cancellationToken);

    public override void Flush() => body.Flush();

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    private async Task WriteEventAsync(object payload, CancellationToken cancellationToken)
    {
        await body.WriteAsync(EventPrefix, cancellationToken);
        await body.WriteAsync(JsonSerializer.SerializeToUtf8Bytes(payload, JsonSerializerOptions.Web), cancellationToken);
        await body.WriteAsync(EventEnd, cancellationToken);
        await body.FlushAsync(cancellationToken);
    }
}
