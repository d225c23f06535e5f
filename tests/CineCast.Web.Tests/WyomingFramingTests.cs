using System.IO.Pipelines;
using System.Text;
using System.Text.Json.Nodes;
using CineCast.Web.Wyoming;

namespace CineCast.Web.Tests;

/// <summary>
/// The Wyoming framing held to the reference library's own bytes (tests/fixtures/wyoming, written by make.py with
/// OHF-Voice/wyoming): what it writes, CineCast reads to the same events; what CineCast writes has the same header
/// fields, data and payload as the reference's frame for the same event.
/// </summary>
public sealed class WyomingFramingTests
{
    [Fact]
    public async Task The_reference_clients_requests_read_as_the_events_it_meant()
    {
        var streaming = await ReadAllAsync(Fixture("streaming.bin"));
        var synthesize = Assert.Single(await ReadAllAsync(Fixture("synthesize.bin")));
        var describe = Assert.Single(await ReadAllAsync(Fixture("describe.bin")));

        Assert.Equal(["synthesize-start", "synthesize-chunk", "synthesize-chunk", "synthesize-chunk", "synthesize-chunk", "synthesize", "synthesize-stop"], streaming.Select(e => e.Type));
        Assert.Equal("aiden", (string?)streaming[0].Data["voice"]!["name"]);
        Assert.Equal("Hello there. This is streamed text from a model. Bye.", string.Concat(streaming.Skip(1).Take(4).Select(e => e.Text("text"))));
        Assert.Equal(("Hello from Home Assistant.", "ava"), (synthesize.Text("text"), (string?)synthesize.Data["voice"]!["name"]));
        Assert.Equal(("describe", 0), (describe.Type, describe.Data.Count));
    }

    [Fact]
    public async Task Data_in_the_header_is_merged_under_the_data_block_as_the_reference_reader_merges_it()
    {
        var merged = Assert.Single(await ReadAllAsync(Fixture("merged.bin")));
        var expected = JsonNode.Parse(Fixture("merged.expected.json"))!;

        Assert.Equal((string?)expected["type"], merged.Type);
        Assert.True(JsonNode.DeepEquals(expected["data"], merged.Data), merged.Data.ToJsonString());
    }

    [Fact]
    public async Task What_the_server_writes_matches_the_reference_frame_for_frame()
    {
        var reference = Fixture("server-events.bin");
        var events = await ReadAllAsync(reference);

        using var written = new MemoryStream();
        using (var writer = new WyomingWriter(written))
        {
            foreach (var wyomingEvent in events)
            {
                await writer.WriteAsync(wyomingEvent, CancellationToken.None);
            }
        }
        var ours = written.ToArray();

        Assert.Equal(["audio-start", "audio-chunk", "audio-stop", "synthesize-stopped", "error"], events.Select(e => e.Type));
        Assert.Equal(new byte[] { 1, 2, 3, 4 }, events[1].Payload);
        var theirFrames = Frames(reference);
        var ourFrames = Frames(ours);
        Assert.Equal(theirFrames.Count, ourFrames.Count);
        foreach (var (theirs, mine) in theirFrames.Zip(ourFrames))
        {
            Assert.Equal(Keys(theirs.Header), Keys(mine.Header));
            Assert.Equal((string?)theirs.Header["type"], (string?)mine.Header["type"]);
            Assert.True(JsonNode.DeepEquals(theirs.Data, mine.Data), $"{theirs.Data?.ToJsonString()} != {mine.Data?.ToJsonString()}");
            Assert.Equal(theirs.Payload, mine.Payload);
        }
    }

    /// <summary>A file of tests/fixtures/wyoming, written by the reference library.</summary>
    internal static byte[] Fixture(string name) => File.ReadAllBytes(Path.Combine(Fixtures.RepositoryRootPath, "tests", "fixtures", "wyoming", name));

    private static async Task<List<WyomingEvent>> ReadAllAsync(byte[] bytes) =>
        await new WyomingReader(PipeReader.Create(new MemoryStream(bytes)), new WyomingOptions()).ReadAllAsync();

    private static IEnumerable<string> Keys(JsonObject header) => header.Select(p => p.Key).Where(k => k != "version").Order(StringComparer.Ordinal);

    /// <summary>Splits a byte stream into frames by hand, straight from the protocol's description, without the reader under test.</summary>
    private static List<(JsonObject Header, JsonNode? Data, byte[] Payload)> Frames(byte[] bytes)
    {
        var frames = new List<(JsonObject, JsonNode?, byte[])>();
        var at = 0;
        while (at < bytes.Length)
        {
            var newline = Array.IndexOf(bytes, (byte)'\n', at);
            var header = JsonNode.Parse(Encoding.UTF8.GetString(bytes, at, newline - at))!.AsObject();
            at = newline + 1;
            var dataLength = (int?)header["data_length"] ?? 0;
            var data = dataLength > 0 ? JsonNode.Parse(Encoding.UTF8.GetString(bytes, at, dataLength)) : null;
            at += dataLength;
            var payloadLength = (int?)header["payload_length"] ?? 0;
            frames.Add((header, data, bytes[at..(at + payloadLength)]));
            at += payloadLength;
        }
        return frames;
    }
}
