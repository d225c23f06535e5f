using System.Buffers;
using System.IO.Pipelines;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace CineCast.Web.Wyoming;

/// <summary>One Wyoming event: its type, its data (the header's <c>data</c> with the data block merged over it) and its payload.</summary>
public sealed record WyomingEvent(string Type, JsonObject Data, byte[]? Payload = null)
{
    public WyomingEvent(string type)
        : this(type, [])
    {
    }

    public string? Text(string key) => TextOf(Data, key);

    /// <summary>A string field of event data (or of an object inside it, such as <c>voice</c>), or null when absent or not a string.</summary>
    public static string? TextOf(JsonObject? data, string key) => data?[key] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    /// <summary>A refusal as Wyoming tells it: its sentence as <c>text</c>, its code as <c>code</c>.</summary>
    public static WyomingEvent Error(Refusals.RefusedException refused) =>
        new("error", new JsonObject { ["text"] = refused.Message, ["code"] = refused.Reason });
}

/// <summary>What breaks the framing (not JSON, no type, lengths past the limits, the stream cut mid-event): the connection ends.</summary>
public sealed class WyomingProtocolException(string message) : Exception(message);

/// <summary>
/// Reads events as the protocol frames them: a JSON header line (<c>type</c>, optional <c>data</c>,
/// <c>data_length</c>, <c>payload_length</c>; other keys such as <c>version</c> are ignored), then
/// <c>data_length</c> bytes of JSON merged over the header's data, then <c>payload_length</c> bytes of payload.
/// Every length is checked against its limit before anything is read for it.
/// </summary>
public sealed class WyomingReader(PipeReader input, WyomingOptions limits)
{
    private static readonly JsonDocumentOptions Json = new() { MaxDepth = 16 };

    /// <summary>The next event, or null when the client closed the connection between events.</summary>
    public async ValueTask<WyomingEvent?> ReadAsync(CancellationToken cancellationToken)
    {
        if (await ReadHeaderLineAsync(cancellationToken) is not { } line)
        {
            return null;
        }
        var header = ParseObject(line, "the header line");
        if (header["type"] is not JsonValue typeValue || !typeValue.TryGetValue<string>(out var type) || type.Length is 0 or > 100)
        {
            throw new WyomingProtocolException("the header has no 'type' (a string of 1 to 100 characters).");
        }
        var data = header["data"] switch
        {
            null => [],
            JsonObject given => (JsonObject)given.DeepClone(),
            _ => throw new WyomingProtocolException("the header's 'data' is not an object."),
        };
        var dataLength = Length(header, "data_length", limits.MaxDataBytes);
        var payloadLength = Length(header, "payload_length", limits.MaxPayloadBytes);
        if (dataLength > 0)
        {
            foreach (var (key, value) in ParseObject(await ReadExactlyAsync(dataLength, cancellationToken), "the data block"))
            {
                data[key] = value?.DeepClone();
            }
        }
        var payload = payloadLength > 0 ? await ReadExactlyAsync(payloadLength, cancellationToken) : null;
        return new WyomingEvent(type, data, payload);
    }

    private async ValueTask<byte[]?> ReadHeaderLineAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var result = await input.ReadAsync(cancellationToken);
            var buffer = result.Buffer;
            if (buffer.PositionOf((byte)'\n') is { } newline)
            {
                var line = buffer.Slice(0, newline);
                if (line.Length > limits.MaxHeaderBytes)
                {
                    throw HeaderTooLong();
                }
                var bytes = line.ToArray();
                input.AdvanceTo(buffer.GetPosition(1, newline));
                return bytes;
            }
            if (buffer.Length > limits.MaxHeaderBytes)
            {
                throw HeaderTooLong();
            }
            if (result.IsCompleted)
            {
                return buffer.IsEmpty ? null : throw new WyomingProtocolException("the connection ended inside a header line.");
            }
            input.AdvanceTo(buffer.Start, buffer.End);
        }
    }

    private async ValueTask<byte[]> ReadExactlyAsync(int count, CancellationToken cancellationToken)
    {
        var result = await input.ReadAtLeastAsync(count, cancellationToken);
        if (result.Buffer.Length < count)
        {
            throw new WyomingProtocolException($"the connection ended {count - result.Buffer.Length} bytes short of the length the header gave.");
        }
        var bytes = result.Buffer.Slice(0, count).ToArray();
        input.AdvanceTo(result.Buffer.GetPosition(count));
        return bytes;
    }

    private WyomingProtocolException HeaderTooLong() =>
        new($"a header line is longer than {limits.MaxHeaderBytes} bytes (CineCast:Wyoming:MaxHeaderBytes).");

    private static int Length(JsonObject header, string key, int limit)
    {
        if (header[key] is null)
        {
            return 0;
        }
        if (header[key] is not JsonValue value || !value.TryGetValue<long>(out var length) || length < 0)
        {
            throw new WyomingProtocolException($"'{key}' is not a whole number of bytes.");
        }
        return length <= limit ? (int)length : throw new WyomingProtocolException($"'{key}' is {length} bytes; this server takes at most {limit}.");
    }

    private static JsonObject ParseObject(byte[] json, string what)
    {
        try
        {
            return JsonNode.Parse(json, documentOptions: Json) as JsonObject ?? throw new WyomingProtocolException($"{what} is not a JSON object.");
        }
        catch (JsonException exception)
        {
            throw new WyomingProtocolException($"{what} is not valid JSON: {exception.Message}");
        }
    }
}

/// <summary>
/// Writes events as the reference library does: the header line carries <c>type</c>, <c>version</c> and the
/// lengths; the data follows as its own JSON block, then the payload. Writes from several tasks go out whole, one at a time.
/// </summary>
public sealed class WyomingWriter(Stream output) : IDisposable
{
    /// <summary>The protocol version these events follow (streaming synthesis came with 1.8).</summary>
    public const string ProtocolVersion = "1.8.0";

    private static readonly byte[] Newline = [(byte)'\n'];
    private readonly SemaphoreSlim gate = new(1, 1);

    public Task WriteAsync(string type, CancellationToken cancellationToken) => WriteAsync(new WyomingEvent(type), cancellationToken);

    public async Task WriteAsync(WyomingEvent wyomingEvent, CancellationToken cancellationToken)
    {
        var data = wyomingEvent.Data.Count > 0 ? Encoding.UTF8.GetBytes(wyomingEvent.Data.ToJsonString()) : null;
        var payload = wyomingEvent.Payload ?? [];
        var header = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(header))
        {
            json.WriteStartObject();
            json.WriteString("type", wyomingEvent.Type);
            json.WriteString("version", ProtocolVersion);
            if (data is not null)
            {
                json.WriteNumber("data_length", data.Length);
            }
            if (payload.Length > 0)
            {
                json.WriteNumber("payload_length", payload.Length);
            }
            json.WriteEndObject();
        }
        await gate.WaitAsync(cancellationToken);
        try
        {
            await output.WriteAsync(header.WrittenMemory, cancellationToken);
            await output.WriteAsync(Newline, cancellationToken);
            if (data is not null)
            {
                await output.WriteAsync(data, cancellationToken);
            }
            if (payload.Length > 0)
            {
                await output.WriteAsync(payload, cancellationToken);
            }
            await output.FlushAsync(cancellationToken);
        }
        finally
        {
            gate.Release();
        }
    }

    public void Dispose() => gate.Dispose();
}
