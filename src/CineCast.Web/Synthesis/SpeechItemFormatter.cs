using MessagePack;
using MessagePack.Formatters;

namespace CineCast.Web.Synthesis;

/// <summary>
/// A <see cref="SpeechItem"/> in MessagePack as a map of only the fields its kind has: an audio frame carries
/// <c>kind</c>, <c>sequence</c> and <c>pcm</c>, not a dozen empty keys. The names are those of the JSON protocol.
/// </summary>
public sealed class SpeechItemFormatter : IMessagePackFormatter<SpeechItem?>
{
    public void Serialize(ref MessagePackWriter writer, SpeechItem? value, MessagePackSerializerOptions options)
    {
        if (value is null)
        {
            writer.WriteNil();
            return;
        }

        // Called for every 40 ms frame: counted and written field by field, with nothing allocated.
        var count = 1 + Present(value.Engine) + Present(value.EngineDescription) + Present(value.VoiceId) + Present(value.VoiceName)
            + Present(value.VoiceKind) + Present(value.Encoding) + Present(value.SampleRate) + Present(value.Channels) + Present(value.Provenance) + Present(value.Watermark) + Present(value.Sequence)
            + Present(value.Mark) + Present(value.Name) + Present(value.Offset) + Present(value.Length) + Present(value.Sample) + Present(value.Estimated)
            + Present(value.DurationSeconds) + Present(value.FirstAudioMs) + Present(value.RealTimeFactor) + Present(value.Pcm);
        writer.WriteMapHeader(count);
        Write(ref writer, "kind", value.Kind);
        Write(ref writer, "engine", value.Engine);
        Write(ref writer, "engineDescription", value.EngineDescription);
        Write(ref writer, "voiceId", value.VoiceId);
        Write(ref writer, "voiceName", value.VoiceName);
        Write(ref writer, "voiceKind", value.VoiceKind);
        Write(ref writer, "encoding", value.Encoding);
        Write(ref writer, "sampleRate", value.SampleRate);
        Write(ref writer, "channels", value.Channels);
        Write(ref writer, "provenance", value.Provenance);
        Write(ref writer, "watermark", value.Watermark);
        Write(ref writer, "sequence", value.Sequence);
        Write(ref writer, "mark", value.Mark);
        Write(ref writer, "name", value.Name);
        Write(ref writer, "offset", value.Offset);
        Write(ref writer, "length", value.Length);
        Write(ref writer, "sample", value.Sample);
        Write(ref writer, "estimated", value.Estimated);
        Write(ref writer, "durationSeconds", value.DurationSeconds);
        Write(ref writer, "firstAudioMs", value.FirstAudioMs);
        Write(ref writer, "realTimeFactor", value.RealTimeFactor);
        if (value.Pcm is { } pcm)
        {
            writer.Write("pcm");
            writer.Write(pcm);
        }
    }

    public SpeechItem? Deserialize(ref MessagePackReader reader, MessagePackSerializerOptions options)
    {
        if (reader.TryReadNil())
        {
            return null;
        }

        var item = new SpeechItem { Kind = "" };
        for (var count = reader.ReadMapHeader(); count > 0; count--)
        {
            item = reader.ReadString() switch
            {
                "kind" => item with { Kind = reader.ReadString() ?? "" },
                "engine" => item with { Engine = reader.ReadString() },
                "engineDescription" => item with { EngineDescription = reader.ReadString() },
                "voiceId" => item with { VoiceId = reader.ReadString() },
                "voiceName" => item with { VoiceName = reader.ReadString() },
                "voiceKind" => item with { VoiceKind = reader.ReadString() },
                "provenance" => item with { Provenance = reader.ReadString() },
                "watermark" => item with { Watermark = reader.ReadString() },
                "encoding" => item with { Encoding = reader.ReadString() },
                "sampleRate" => item with { SampleRate = reader.ReadInt32() },
                "channels" => item with { Channels = reader.ReadInt32() },
                "sequence" => item with { Sequence = reader.ReadInt32() },
                "mark" => item with { Mark = reader.ReadString() },
                "name" => item with { Name = reader.ReadString() },
                "offset" => item with { Offset = reader.ReadInt32() },
                "length" => item with { Length = reader.ReadInt32() },
                "sample" => item with { Sample = reader.ReadInt64() },
                "estimated" => item with { Estimated = reader.ReadBoolean() },
                "durationSeconds" => item with { DurationSeconds = reader.ReadDouble() },
                "firstAudioMs" => item with { FirstAudioMs = reader.ReadDouble() },
                "realTimeFactor" => item with { RealTimeFactor = reader.ReadDouble() },
                "pcm" => item with { Pcm = ReadBytes(ref reader) },
                _ => Skip(ref reader, item),
            };
        }

        return item;
    }

    private static int Present<T>(T? value)
        where T : class => value is null ? 0 : 1;

    private static int Present<T>(T? value)
        where T : struct => value.HasValue ? 1 : 0;

    private static void Write(ref MessagePackWriter writer, string key, string? value)
    {
        if (value is not null)
        {
            writer.Write(key);
            writer.Write(value);
        }
    }

    private static void Write(ref MessagePackWriter writer, string key, int? value)
    {
        if (value is { } number)
        {
            writer.Write(key);
            writer.Write(number);
        }
    }

    private static void Write(ref MessagePackWriter writer, string key, long? value)
    {
        if (value is { } number)
        {
            writer.Write(key);
            writer.Write(number);
        }
    }

    private static void Write(ref MessagePackWriter writer, string key, bool? value)
    {
        if (value is { } flag)
        {
            writer.Write(key);
            writer.Write(flag);
        }
    }

    private static void Write(ref MessagePackWriter writer, string key, double? value)
    {
        if (value is { } number)
        {
            writer.Write(key);
            writer.Write(number);
        }
    }

    private static byte[]? ReadBytes(ref MessagePackReader reader) =>
        reader.ReadBytes() is { } bytes ? System.Buffers.BuffersExtensions.ToArray(bytes) : null;

    private static SpeechItem Skip(ref MessagePackReader reader, SpeechItem item)
    {
        reader.Skip();
        return item;
    }
}
