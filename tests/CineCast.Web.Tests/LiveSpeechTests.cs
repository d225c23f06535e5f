using System.Runtime.CompilerServices;
using System.Threading.Channels;
using CineCast.Web.Synthesis;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;

namespace CineCast.Web.Tests;

/// <summary>
/// <c>SynthesizeLive</c>: text streamed in as a language model writes it, spoken sentence by sentence, over the real
/// SignalR client. The limits are set low here so each can be reached.
/// </summary>
[Collection(EspeakSerial.Name)]
public sealed class LiveSpeechTests : IDisposable
{
    private const string Answer = "Sure. The museum opens at 9.30 on Sundays, and Dr. Patel gives the tour! Tickets cost $12 each.";

    private readonly CineCastApp app = new(settings: new()
    {
        ["CineCast:Synthesis:MaxLiveTextLength"] = "400",
        ["CineCast:Synthesis:LiveTextIdleSeconds"] = "2",
    });

    public void Dispose() => app.Dispose();

    [Theory]
    [InlineData("a word at a time")]
    [InlineData("a character at a time")]
    public async Task Text_streamed_in_pieces_is_spoken_as_one_utterance_with_marks_counted_in_the_whole_text(string pieces)
    {
        await using var hub = await ConnectAsync($"live-{pieces.Replace(' ', '-')}@cinecast.test");
        var text = pieces == "a word at a time" ? Tokens(Answer) : Characters(Answer);

        var items = await CollectAsync(hub.StreamAsync<SpeechItem>("SynthesizeLive", new SynthesisRequest(null, "aiden"), text));
        var whole = await hub.SpeakAsync(new SynthesisRequest(Answer, "aiden"));

        Assert.Equal(SpeechItemKinds.Start, items[0].Kind);
        Assert.Equal(("basic", "aiden"), (items[0].Engine, items[0].VoiceId));
        Assert.Single(items, i => i.Kind == SpeechItemKinds.Start);
        Assert.Equal(SpeechItemKinds.End, items[^1].Kind);
        var audio = items.Where(i => i.Kind == SpeechItemKinds.Audio).ToList();
        Assert.Equal(Enumerable.Range(0, audio.Count), audio.Select(a => a.Sequence!.Value));
        // Each sentence is planned on its own, so a long one may be said in two parts (cut at its comma), each marked.
        Assert.Equal(Joined(Marks(whole, SpeechMarks.Sentence, Answer)), Joined(Marks(items, SpeechMarks.Sentence, Answer)));
        Assert.Equal("Sure", Marks(items, SpeechMarks.Sentence, Answer)[0]);
        Assert.Equal(Marks(whole, SpeechMarks.Word, Answer), Marks(items, SpeechMarks.Word, Answer));
        var samples = items.Where(i => i.Kind == SpeechItemKinds.Mark).Select(m => m.Sample!.Value).ToList();
        Assert.Equal(samples.Order(), samples);
        Assert.Equal(whole[^1].DurationSeconds!.Value, items[^1].DurationSeconds!.Value, 0.5);
    }

    [Fact]
    public async Task The_first_sentence_is_heard_while_the_rest_of_the_text_has_not_been_written()
    {
        await using var hub = await ConnectAsync("live-first@cinecast.test");
        var text = Channel.CreateUnbounded<string>();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await text.Writer.WriteAsync("Hello there. And", deadline.Token);
        var heardBeforeTheRest = 0;
        var items = new List<SpeechItem>();

        await foreach (var item in hub.StreamAsync<SpeechItem>("SynthesizeLive", new SynthesisRequest(null, "ava"), text.Reader.ReadAllAsync(deadline.Token), deadline.Token))
        {
            items.Add(item);
            if (item.Kind == SpeechItemKinds.Audio && heardBeforeTheRest++ == 10)
            {
                await text.Writer.WriteAsync(" then the rest.", deadline.Token);
                text.Writer.Complete();
            }
        }

        Assert.True(heardBeforeTheRest > 10, "audio of the first sentence arrived before the text went on");
        Assert.Equal(["Hello there", "And then the rest"], Marks(items, SpeechMarks.Sentence, "Hello there. And then the rest."));
        Assert.Equal(SpeechItemKinds.End, items[^1].Kind);
    }

    [Fact]
    public async Task Text_past_the_limit_ends_the_utterance_with_the_reason_and_the_connection_serves_on()
    {
        await using var hub = await ConnectAsync("live-long@cinecast.test");
        var endless = Repeat("This sentence goes on and on. ");

        var refused = await Assert.ThrowsAsync<HubException>(() =>
            CollectAsync(hub.StreamAsync<SpeechItem>("SynthesizeLive", new SynthesisRequest(null, "aiden"), endless)));
        var next = await hub.SpeakAsync(new SynthesisRequest("Still here.", "aiden"));

        Assert.EndsWith("[live.text-too-long]", refused.Message, StringComparison.Ordinal);
        Assert.Equal(SpeechItemKinds.End, next[^1].Kind);
    }

    [Fact]
    public async Task Text_that_stops_arriving_ends_the_utterance_after_the_idle_limit()
    {
        await using var hub = await ConnectAsync("live-idle@cinecast.test");
        var text = Channel.CreateUnbounded<string>();
        await text.Writer.WriteAsync("Hello there. I was about to say");
        var items = new List<SpeechItem>();

        var refused = await Assert.ThrowsAsync<HubException>(async () =>
        {
            await foreach (var item in hub.StreamAsync<SpeechItem>("SynthesizeLive", new SynthesisRequest(null, "aiden"), text.Reader.ReadAllAsync()))
            {
                items.Add(item);
            }
        });

        Assert.EndsWith("[live.text-idle]", refused.Message, StringComparison.Ordinal);
        Assert.Equal(["Hello there"], Marks(items, SpeechMarks.Sentence, "Hello there. I was about to say"));
    }

    [Fact]
    public async Task A_text_stream_that_fails_on_the_client_ends_the_utterance_with_the_reason()
    {
        await using var hub = await ConnectAsync("live-broken@cinecast.test");

        var refused = await Assert.ThrowsAsync<HubException>(() =>
            CollectAsync(hub.StreamAsync<SpeechItem>("SynthesizeLive", new SynthesisRequest(null, "aiden"), Failing())));

        Assert.EndsWith("[live.text-aborted]", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cancelling_the_speech_stops_the_utterance_and_the_connection_serves_the_next_request()
    {
        await using var hub = await ConnectAsync("live-cancel@cinecast.test");
        using var cancel = new CancellationTokenSource();
        var frames = 0;

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var item in hub.StreamAsync<SpeechItem>("SynthesizeLive", new SynthesisRequest(null, "aiden"), Repeat("One more sentence to say. "), cancel.Token))
            {
                if (item.Kind == SpeechItemKinds.Audio && ++frames == 5)
                {
                    await cancel.CancelAsync();
                }
            }
        });

        await EspeakProcesses.AssertOnlyIdleOnesRemainAsync(app);
        var next = await hub.SpeakAsync(new SynthesisRequest("Still here.", "ava"));
        Assert.Equal(SpeechItemKinds.End, next[^1].Kind);
    }

    [Theory]
    [InlineData("nobody", 1.0, "voice.unknown")]
    [InlineData("aiden", 3.0, "speed.out-of-range")]
    public async Task A_bad_request_is_refused_before_any_text_is_read(string voice, double speed, string reason)
    {
        await using var hub = await ConnectAsync($"live-bad-{reason}@cinecast.test");

        var refused = await Assert.ThrowsAsync<HubException>(() =>
            CollectAsync(hub.StreamAsync<SpeechItem>("SynthesizeLive", new SynthesisRequest(null, voice, speed), Tokens("Hello."))));

        Assert.EndsWith($"[{reason}]", refused.Message, StringComparison.Ordinal);
    }

    private async Task<HubConnection> ConnectAsync(string email) => await SpeechClient.ConnectAsync(app, await app.SignedInClientAsync(email));

    private static async Task<List<SpeechItem>> CollectAsync(IAsyncEnumerable<SpeechItem> stream)
    {
        var items = new List<SpeechItem>();
        await foreach (var item in stream)
        {
            items.Add(item);
        }
        return items;
    }

    /// <summary>What each mark of a kind points at in the text that was sent.</summary>
    private static List<string> Marks(List<SpeechItem> items, string mark, string text) =>
        [.. items.Where(i => i.Kind == SpeechItemKinds.Mark && i.Mark == mark).Select(m => text.Substring(m.Offset!.Value, m.Length!.Value))];

    private static string Joined(IEnumerable<string> spans) => string.Join(" ", spans).Replace(",", "", StringComparison.Ordinal);

    /// <summary>As a language model writes: a word at a time, each after the space before it, a little apart.</summary>
    private static async IAsyncEnumerable<string> Tokens(string text, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var words = text.Split(' ');
        for (var i = 0; i < words.Length; i++)
        {
            await Task.Delay(5, cancellationToken);
            yield return i == 0 ? words[i] : " " + words[i];
        }
    }

    private static async IAsyncEnumerable<string> Characters(string text)
    {
        foreach (var c in text)
        {
            await Task.Yield();
            yield return c.ToString();
        }
    }

    /// <summary>Text that never ends; the server's limits (or the test's cancellation) stop it.</summary>
    private static async IAsyncEnumerable<string> Repeat(string sentence, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        for (var i = 0; i < 100_000; i++)
        {
            await Task.Delay(1, cancellationToken);
            yield return sentence;
        }
    }

    private static async IAsyncEnumerable<string> Failing([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        yield return "Hello there. ";
        await Task.Delay(50, cancellationToken);
        throw new InvalidOperationException("the model crashed");
    }
}
