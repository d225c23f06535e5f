using MessagePack;
using CineCast.Web.Synthesis;

namespace CineCast.Web.Tests;

/// <summary>Speech items on the wire: only the fields of their kind, with the same names in JSON and MessagePack.</summary>
public sealed class SpeechItemProtocolTests : IClassFixture<AppFixture>
{
    private readonly AppFixture fixture;

    public SpeechItemProtocolTests(AppFixture fixture) => this.fixture = fixture;

    [Fact]
    public void An_audio_frame_in_messagepack_carries_its_kind_sequence_and_pcm_and_nothing_else()
    {
        var frame = new SpeechItem { Kind = SpeechItemKinds.Audio, Sequence = 7, Pcm = new byte[1920] };

        var bytes = MessagePackSerializer.Serialize(frame);
        var keys = MessagePackSerializer.Deserialize<Dictionary<string, object?>>(bytes).Keys;

        Assert.Equal(["kind", "sequence", "pcm"], keys);
        Assert.True(bytes.Length < 1920 + 32, $"{bytes.Length} bytes for 1,920 bytes of audio");
        Assert.Equal(frame with { Pcm = null }, MessagePackSerializer.Deserialize<SpeechItem>(bytes) with { Pcm = null });
    }

    [Fact]
    public void Start_and_end_items_round_trip_through_messagepack()
    {
        var start = new SpeechItem
        {
            Kind = SpeechItemKinds.Start, Engine = "basic", EngineDescription = "d", VoiceId = "v", VoiceName = "n", VoiceKind = "clone",
            SampleRate = 24000, Encoding = "pcm_s16le", Channels = 1,
        };
        var end = new SpeechItem { Kind = SpeechItemKinds.End, DurationSeconds = 1.5, FirstAudioMs = 120.5, RealTimeFactor = 0.25 };

        Assert.Equal(start, MessagePackSerializer.Deserialize<SpeechItem>(MessagePackSerializer.Serialize(start)));
        Assert.Equal(end, MessagePackSerializer.Deserialize<SpeechItem>(MessagePackSerializer.Serialize(end)));
    }

    [Fact]
    public async Task The_hub_streams_the_same_items_over_messagepack_as_the_browser_receives_them()
    {
        var user = await fixture.NewUserAsync();
        await using var hub = await SpeechClient.ConnectAsync(fixture.App, user, messagePack: true);

        var items = await hub.SpeakAsync(new SynthesisRequest("Hello there.", "aiden"));

        Assert.Equal(("basic", "aiden", 24000), (items[0].Engine, items[0].VoiceId, items[0].SampleRate));
        Assert.All(items.Where(i => i.Kind == SpeechItemKinds.Audio), i => Assert.Equal(1920, i.Pcm!.Length));
        Assert.NotNull(items[^1].DurationSeconds);
    }
}
