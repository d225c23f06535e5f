using System.IO.Pipelines;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CineCast.Web.Synthesis;
using CineCast.Web.Wyoming;
using Microsoft.Extensions.DependencyInjection;

namespace CineCast.Web.Tests;

/// <summary>
/// The Wyoming server over real TCP on loopback. Requests are the bytes the reference library (OHF-Voice/wyoming)
/// writes as a client (tests/fixtures/wyoming, made by its make.py); answers are read with the server's own reader,
/// which the framing tests hold to the reference's bytes and merging rules. Limits are set low so each can be reached.
/// </summary>
[Collection(EspeakSerial.Name)]
public sealed class WyomingTests : IAsyncLifetime
{
    private const string Account = "home@wyoming.test";
    private static readonly string[] OtherServices = ["asr", "handle", "intent", "wake", "mic", "snd"];

    private readonly CineCastApp app = new(settings: new()
    {
        ["CineCast:Wyoming:Port"] = "0",
        ["CineCast:Wyoming:User"] = Account,
        ["CineCast:Wyoming:MaxConnections"] = "3",
        ["CineCast:Wyoming:IdleSeconds"] = "3",
        ["CineCast:Wyoming:MaxHeaderBytes"] = "2048",
        ["CineCast:Wyoming:MaxDataBytes"] = "8192",
        ["CineCast:Wyoming:MaxPayloadBytes"] = "16",
        ["CineCast:Wyoming:WriteTimeoutSeconds"] = "2",
    });

    private HttpClient owner = default!;
    private IPEndPoint server = default!;

    public async Task InitializeAsync()
    {
        owner = await app.SignedInClientAsync(Account);
        server = await app.Services.GetRequiredService<WyomingServer>().Listening;
    }

    public Task DisposeAsync()
    {
        app.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Describe_offers_one_streaming_program_with_the_presets_and_only_the_clones_switched_on()
    {
        var hidden = await SpeechClient.CloneIdAsync(owner, SpeechFiles.Clip24k, "Kept private");
        var offered = await SpeechClient.CloneIdAsync(owner, SpeechFiles.Clip24k, "Kitchen voice");
        var switched = await owner.PatchAsJsonAsync($"/api/voices/{offered}", new { wyoming = true });

        await using var client = await WyomingClient.ConnectAsync(server);
        await client.SendFixtureAsync("describe.bin");
        var info = await client.ReadAsync();

        Assert.Equal(HttpStatusCode.OK, switched.StatusCode);
        Assert.Equal("info", info.Type);
        Assert.All(OtherServices, key => Assert.Empty(info.Data[key]!.AsArray()));
        var program = Assert.Single(info.Data["tts"]!.AsArray())!.AsObject();
        Assert.Equal("cinecast", (string?)program["name"]);
        Assert.True((bool)program["supports_synthesize_streaming"]!);
        Assert.True((bool)program["installed"]!);
        Assert.Contains("basic engine", (string?)program["description"], StringComparison.Ordinal);
        Assert.Contains("approximate", (string?)program["description"], StringComparison.Ordinal);
        var voices = program["voices"]!.AsArray().Select(v => v!.AsObject()).ToList();
        var aiden = Assert.Single(voices, v => (string?)v["name"] == "aiden");
        Assert.Equal(["en"], aiden["languages"]!.AsArray().Select(l => (string?)l));
        Assert.Single(voices, v => (string?)v["name"] == "Kitchen voice");
        Assert.DoesNotContain(voices, v => (string?)v["name"] == "Kept private");
        Assert.NotEmpty(hidden);
    }

    [Fact]
    public async Task Synthesize_answers_with_audio_in_the_named_voice_and_says_what_really_spoke()
    {
        var reference = await SpeechClient.ConnectAsync(app, owner);
        var hub = await reference.SpeakAsync(new SynthesisRequest("Hello from Home Assistant.", "ava"));
        await reference.DisposeAsync();

        await using var client = await WyomingClient.ConnectAsync(server);
        await client.SendFixtureAsync("synthesize.bin");
        var events = await client.ReadUntilAsync("audio-stop");

        var start = events[0];
        Assert.Equal("audio-start", start.Type);
        Assert.Equal((24000, 2, 1), ((int)start.Data["rate"]!, (int)start.Data["width"]!, (int)start.Data["channels"]!));
        Assert.Equal(("basic", "ava"), ((string?)start.Data["engine"], (string?)start.Data["voice"]));
        var chunks = events.Where(e => e.Type == "audio-chunk").ToList();
        Assert.All(chunks, c => Assert.Equal(24000, (int)c.Data["rate"]!));
        Assert.Equal(SpeechClient.Samples(hub).Length * 2, chunks.Sum(c => c.Payload!.Length));
        Assert.Equal(events.Count - 2, chunks.Count);
    }

    [Fact]
    public async Task A_language_without_a_name_picks_a_voice_that_speaks_it()
    {
        await using var client = await WyomingClient.ConnectAsync(server);
        await client.SendFixtureAsync("synthesize-in-language.bin");
        var start = await client.ReadAsync();

        Assert.Equal("audio-start", start.Type);
        Assert.Equal("wei", (string?)start.Data["voice"]);
    }

    [Fact]
    public async Task Streaming_synthesis_speaks_while_chunks_arrive_ignores_the_compatibility_synthesize_and_ends_with_stopped()
    {
        await using var client = await WyomingClient.ConnectAsync(server);
        var frames = Fixture("streaming.bin");
        var events = await new WyomingReader(PipeReader.Create(new MemoryStream(frames)), new WyomingOptions()).ReadAllAsync();
        var firstChunk = Frames(events.Take(2));

        await client.SendAsync(firstChunk);
        var early = await client.ReadUntilAsync("audio-chunk");
        await client.SendAsync(Frames(events.Skip(2)));
        var rest = await client.ReadUntilAsync("synthesize-stopped");

        Assert.Equal(["audio-start", "audio-chunk"], early.Select(e => e.Type));
        Assert.Equal("aiden", (string?)early[0].Data["voice"]);
        Assert.Equal(["audio-stop", "synthesize-stopped"], rest.TakeLast(2).Select(e => e.Type));
        Assert.DoesNotContain(rest, e => e.Type is "audio-start" or "error");
        var seconds = (early.Concat(rest).Where(e => e.Type == "audio-chunk").Sum(c => c.Payload!.Length) / 2) / 24000.0;
        Assert.InRange(seconds, 2.0, 6.0);
    }

    [Fact]
    public async Task A_voice_that_is_not_offered_is_an_error_event_never_another_voice()
    {
        var privateClone = await SpeechClient.CloneIdAsync(owner, SpeechFiles.Clip24k, "Not for the kitchen");
        await using var client = await WyomingClient.ConnectAsync(server);

        await client.SendAsync(Frame("synthesize", new JsonObject { ["text"] = "Hi.", ["voice"] = new JsonObject { ["name"] = "Not for the kitchen" } }));
        var byName = await client.ReadAsync();
        await client.SendAsync(Frame("synthesize", new JsonObject { ["text"] = "Hi.", ["voice"] = new JsonObject { ["name"] = privateClone } }));
        var byId = await client.ReadAsync();
        await client.SendAsync(Frame("synthesize", new JsonObject { ["text"] = "Hi.", ["voice"] = new JsonObject { ["language"] = "fr" } }));
        var byLanguage = await client.ReadAsync();

        Assert.Equal(("error", "wyoming.voice-not-offered"), (byName.Type, (string?)byName.Data["code"]));
        Assert.Contains("aiden", (string?)byName.Data["text"], StringComparison.Ordinal);
        Assert.Equal(("error", "wyoming.voice-not-offered"), (byId.Type, (string?)byId.Data["code"]));
        Assert.Equal(("error", "wyoming.no-voice-for-language"), (byLanguage.Type, (string?)byLanguage.Data["code"]));
    }

    [Fact]
    public async Task Refusals_of_the_speech_itself_come_as_error_events_with_their_codes()
    {
        await using var client = await WyomingClient.ConnectAsync(server);

        await client.SendAsync(Frame("synthesize", new JsonObject { ["text"] = "  " }));
        var empty = await client.ReadAsync();
        await client.SendAsync(Frame("synthesize", new JsonObject { ["text"] = new string('a', 5001) }));
        var tooLong = await client.ReadAsync();
        await client.SendFixtureAsync("ping.bin");
        var pong = await client.ReadAsync();

        Assert.Equal(("error", "text.empty"), (empty.Type, (string?)empty.Data["code"]));
        Assert.Equal(("error", "text.too-long"), (tooLong.Type, (string?)tooLong.Data["code"]));
        Assert.Equal(("pong", "are you there"), (pong.Type, (string?)pong.Data["text"]));
    }

    [Fact]
    public async Task An_unknown_event_is_answered_with_an_error_and_the_connection_carries_on()
    {
        await using var client = await WyomingClient.ConnectAsync(server);

        await client.SendAsync(Frame("transcribe", []));
        var unknown = await client.ReadAsync();
        await client.SendFixtureAsync("describe.bin");
        var info = await client.ReadAsync();

        Assert.Equal(("error", "wyoming.unknown-event"), (unknown.Type, (string?)unknown.Data["code"]));
        Assert.Equal("info", info.Type);
    }

    public static TheoryData<string, byte[]> BrokenFrames => new()
    {
        { "not JSON", "this is not json\n"u8.ToArray() },
        { "no type", "{\"data\": {}}\n"u8.ToArray() },
        { "data that is not an object", "{\"type\": \"describe\", \"data\": [1, 2]}\n"u8.ToArray() },
        { "a negative length", "{\"type\": \"describe\", \"data_length\": -5}\n"u8.ToArray() },
        { "data longer than the limit", "{\"type\": \"synthesize\", \"data_length\": 999999999}\n"u8.ToArray() },
        { "a payload longer than the limit", "{\"type\": \"audio-chunk\", \"payload_length\": 17}\n"u8.ToArray() },
        { "a header line longer than the limit", Encoding.UTF8.GetBytes("{\"type\": \"" + new string('x', 3000)) },
        { "a data block that is not JSON", "{\"type\": \"synthesize\", \"data_length\": 5}\nhello"u8.ToArray() },
        { "a nesting bomb", Encoding.UTF8.GetBytes("{\"type\": \"synthesize\", \"data\": " + new string('[', 500) + new string(']', 500) + "}\n") },
    };

    [Theory]
    [MemberData(nameof(BrokenFrames))]
    public async Task A_broken_frame_closes_only_its_own_connection_with_the_reason(string what, byte[] frame)
    {
        await using var bystander = await WyomingClient.ConnectAsync(server);
        await using var client = await WyomingClient.ConnectAsync(server);

        await client.SendAsync(frame);
        var error = await client.ReadAsync();
        var closed = await client.IsClosedAsync();
        await bystander.SendFixtureAsync("describe.bin");
        var info = await bystander.ReadAsync();

        Assert.True(("error", "wyoming.bad-frame") == (error.Type, (string?)error.Data["code"]), $"{what}: {error.Type} {error.Data.ToJsonString()}");
        Assert.True(closed, what);
        Assert.Equal("info", info.Type);
    }

    [Fact]
    public async Task A_length_that_lies_and_a_client_that_vanishes_mid_speech_leave_nothing_running()
    {
        await using (var liar = await WyomingClient.ConnectAsync(server))
        {
            await liar.SendAsync("{\"type\": \"synthesize\", \"data_length\": 4000}\n{\"text\": \"short\"}"u8.ToArray());
        }
        await using (var vanishing = await WyomingClient.ConnectAsync(server))
        {
            var longText = string.Join(" ", Enumerable.Repeat("This sentence is here to make the text long enough to take a while.", 60));
            await vanishing.SendAsync(Frame("synthesize", new JsonObject { ["text"] = longText }));
            await vanishing.ReadUntilAsync("audio-chunk");
        }

        await EspeakProcesses.AssertOnlyIdleOnesRemainAsync(app);
        await using var next = await WyomingClient.ConnectAsync(server);
        await next.SendFixtureAsync("synthesize.bin");
        Assert.Equal("audio-stop", (await next.ReadUntilAsync("audio-stop"))[^1].Type);
    }

    [Fact]
    public async Task A_client_that_stops_reading_is_dropped_before_its_speech_ends_and_the_server_serves_on()
    {
        var longText = string.Join(" ", Enumerable.Repeat("This sentence is here to make the speech far longer than any socket can hold.", 60));
        await using (var stalled = await WyomingClient.ConnectAsync(server, receiveBuffer: 4096))
        {
            await stalled.SendAsync(Frame("synthesize", new JsonObject { ["text"] = longText }));
            await Task.Delay(TimeSpan.FromSeconds(5));

            var types = await stalled.ReadToEndAsync();

            Assert.Contains("audio-chunk", types);
            Assert.DoesNotContain("audio-stop", types);
        }
        await EspeakProcesses.AssertOnlyIdleOnesRemainAsync(app);
        await using var next = await WyomingClient.ConnectAsync(server);
        await next.SendFixtureAsync("synthesize.bin");
        Assert.Equal("audio-stop", (await next.ReadUntilAsync("audio-stop"))[^1].Type);
    }

    [Fact]
    public async Task Connections_past_the_limit_are_told_the_server_is_busy_and_a_silent_client_is_let_go()
    {
        await using var first = await WyomingClient.ConnectAsync(server);
        await using var second = await WyomingClient.ConnectAsync(server);
        await using var third = await WyomingClient.ConnectAsync(server);
        await first.SendFixtureAsync("describe.bin");
        await first.ReadAsync();

        await using var fourth = await WyomingClient.ConnectAsync(server);
        var busy = await fourth.ReadAsync();
        var silentOneClosed = await second.IsClosedAsync();

        Assert.Equal(("error", "wyoming.busy"), (busy.Type, (string?)busy.Data["code"]));
        Assert.True(await fourth.IsClosedAsync());
        Assert.True(silentOneClosed, "a client that sends nothing is closed after CineCast:Wyoming:IdleSeconds");
    }

    [Fact]
    public async Task An_account_that_does_not_exist_and_a_used_up_rate_limit_are_error_events()
    {
        using var strict = new CineCastApp(settings: new()
        {
            ["CineCast:Wyoming:Port"] = "0",
            ["CineCast:Wyoming:User"] = "not-registered@wyoming.test",
            ["CineCast:RateLimits:Synthesis:PermitLimit"] = "1",
        });
        var endpoint = await strict.Services.GetRequiredService<WyomingServer>().Listening;
        await using var client = await WyomingClient.ConnectAsync(endpoint);
        await client.SendFixtureAsync("describe.bin");
        var unknown = await client.ReadAsync();
        await strict.SignedInClientAsync("not-registered@wyoming.test");

        await client.SendFixtureAsync("synthesize.bin");
        var spoken = await client.ReadUntilAsync("audio-stop");
        await client.SendFixtureAsync("synthesize.bin");
        var limited = await client.ReadAsync();

        Assert.Equal(("error", "wyoming.account-unknown"), (unknown.Type, (string?)unknown.Data["code"]));
        Assert.Contains("CineCast:Wyoming:User", (string?)unknown.Data["text"], StringComparison.Ordinal);
        Assert.Equal("audio-start", spoken[0].Type);
        Assert.Equal(("error", "rate-limit.synthesis"), (limited.Type, (string?)limited.Data["code"]));
    }

    [Fact]
    public async Task With_zeroconf_on_a_standard_resolver_finds_the_service_its_port_and_its_host()
    {
        using var announced = new CineCastApp(settings: new()
        {
            ["CineCast:Wyoming:Port"] = "0",
            ["CineCast:Wyoming:User"] = Account,
            ["CineCast:Wyoming:Zeroconf"] = "true",
            ["CineCast:Wyoming:ZeroconfName"] = "cinecast-test",
        });
        var endpoint = await announced.Services.GetRequiredService<WyomingServer>().Listening;

        // dig (BIND's resolver) asks as a one-shot legacy client, which RFC 6762 §6.7 says must be answered directly.
        var service = await DigAsync("_wyoming._tcp.local", "PTR");
        var srv = await DigAsync("cinecast-test._wyoming._tcp.local", "SRV");
        var host = await DigAsync("cinecast-test.local", "A");

        Assert.Equal("cinecast-test._wyoming._tcp.local.", service);
        Assert.Equal($"0 0 {endpoint.Port} cinecast-test.local.", srv);
        Assert.Equal("127.0.0.1", host);
    }

    /// <summary>The short answer of <c>dig</c> asking the mDNS port on loopback, retried while the announcer starts.</summary>
    private static async Task<string> DigAsync(string name, string type)
    {
        var answer = "";
        for (var attempt = 0; attempt < 20 && answer.Length == 0; attempt++)
        {
            var start = new System.Diagnostics.ProcessStartInfo("dig") { RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var argument in new[] { "+short", "+time=1", "+tries=1", "-p", "5353", "@127.0.0.1", name, type })
            {
                start.ArgumentList.Add(argument);
            }
            using var dig = System.Diagnostics.Process.Start(start)!;
            var output = await dig.StandardOutput.ReadToEndAsync();
            await dig.WaitForExitAsync();
            answer = dig.ExitCode == 0 && !output.StartsWith(";;", StringComparison.Ordinal) ? output.Trim() : "";
            if (answer.Length == 0)
            {
                await Task.Delay(250);
            }
        }
        return answer;
    }

    private static byte[] Fixture(string name) => WyomingFramingTests.Fixture(name);

    /// <summary>A frame as the reference writes one: header line with the lengths, then the data block.</summary>
    private static byte[] Frame(string type, JsonObject data)
    {
        var block = Encoding.UTF8.GetBytes(data.ToJsonString());
        var header = data.Count > 0 ? $"{{\"type\": \"{type}\", \"data_length\": {block.Length}}}\n" : $"{{\"type\": \"{type}\"}}\n";
        return [.. Encoding.UTF8.GetBytes(header), .. data.Count > 0 ? block : []];
    }

    private static byte[] Frames(IEnumerable<WyomingEvent> events) => [.. events.SelectMany(e => Frame(e.Type, e.Data))];

    /// <summary>A plain TCP client that sends raw bytes and reads events back.</summary>
    private sealed class WyomingClient : IAsyncDisposable
    {
        private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
        private readonly TcpClient tcp;
        private readonly NetworkStream stream;
        private readonly WyomingReader reader;

        private WyomingClient(TcpClient tcp)
        {
            this.tcp = tcp;
            stream = tcp.GetStream();
            reader = new WyomingReader(PipeReader.Create(stream), new WyomingOptions { MaxPayloadBytes = 1024 * 1024 });
        }

        public static async Task<WyomingClient> ConnectAsync(IPEndPoint server, int? receiveBuffer = null)
        {
            var tcp = new TcpClient();
            if (receiveBuffer is { } size)
            {
                tcp.ReceiveBufferSize = size;
            }
            await tcp.ConnectAsync(server);
            return new WyomingClient(tcp);
        }

        /// <summary>The types of every event up to the end of the connection (or the first frame cut off by it).</summary>
        public async Task<List<string>> ReadToEndAsync()
        {
            var types = new List<string>();
            using var timeout = new CancellationTokenSource(Patience);
            try
            {
                while (await reader.ReadAsync(timeout.Token) is { } next)
                {
                    types.Add(next.Type);
                }
            }
            catch (Exception exception) when (exception is IOException or WyomingProtocolException)
            {
                // The server dropped the connection mid-frame.
            }
            return types;
        }

        public Task SendFixtureAsync(string name) => SendAsync(Fixture(name));

        public async Task SendAsync(byte[] bytes)
        {
            await stream.WriteAsync(bytes);
            await stream.FlushAsync();
        }

        public async Task<WyomingEvent> ReadAsync()
        {
            using var timeout = new CancellationTokenSource(Patience);
            return await reader.ReadAsync(timeout.Token) ?? throw new InvalidOperationException("the server closed the connection");
        }

        public async Task<List<WyomingEvent>> ReadUntilAsync(string type)
        {
            var events = new List<WyomingEvent>();
            do
            {
                events.Add(await ReadAsync());
                Assert.True(events[^1].Type != "error" || type == "error", events[^1].Data.ToJsonString());
            }
            while (events[^1].Type != type);
            return events;
        }

        /// <summary>Whether the server ends the connection (within the test's patience) rather than sending more.</summary>
        public async Task<bool> IsClosedAsync()
        {
            using var timeout = new CancellationTokenSource(Patience);
            try
            {
                return await reader.ReadAsync(timeout.Token) is null;
            }
            catch (Exception exception) when (exception is IOException or WyomingProtocolException)
            {
                return true;
            }
        }

        public async ValueTask DisposeAsync()
        {
            await stream.DisposeAsync();
            tcp.Dispose();
        }
    }
}

internal static class WyomingReaderTestExtensions
{
    public static async Task<List<WyomingEvent>> ReadAllAsync(this WyomingReader reader)
    {
        var events = new List<WyomingEvent>();
        while (await reader.ReadAsync(CancellationToken.None) is { } next)
        {
            events.Add(next);
        }
        return events;
    }
}
