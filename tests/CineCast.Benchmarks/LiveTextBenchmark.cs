using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Threading.Channels;
using CineCast.Web.Synthesis;
using Microsoft.AspNetCore.SignalR.Client;

/// <summary>
/// Live text as a language model writes it: a word every 50 ms (20 tokens per second) into <c>SynthesizeLive</c>
/// over the real SignalR client. Measured per sentence: from the moment the word that completes it is sent to the
/// moment its first audio frame arrives. The first sentence's figure is the wait before anything is heard; the
/// worst of all sentences shows whether audio ever waited for text the server already had.
/// </summary>
internal static class LiveTextBenchmark
{
    private const int Rounds = 10;
    private const int SamplesPerFrame = 960;
    private static readonly TimeSpan TokenInterval = TimeSpan.FromMilliseconds(50);

    // Sentences short enough to be planned whole, so each sentence mark stands for one sentence of the text.
    private const string Answer =
        "Sure, here is the short answer. The museum opens at nine on weekdays. On Sundays it opens at ten. " +
        "Guided tours start every hour from the main hall. Tickets cost twelve dollars for adults. Enjoy your visit!";

    public static async Task ReportAsync(StringBuilder report, HubConnection hub, string voice)
    {
        var first = new List<double>();
        var every = new List<double>();
        for (var round = 0; round < Rounds; round++)
        {
            var delays = await SpeakOnceAsync(hub, voice);
            first.Add(delays[0]);
            every.AddRange(delays);
        }
        var firstP50 = SpeechBenchmark.Percentile(first, 0.5);
        var worst = every.Max();
        report.AppendLine();
        report.AppendLine(CultureInfo.InvariantCulture,
            $"Live text ({Rounds} rounds, a word every {TokenInterval.TotalMilliseconds:0} ms into SynthesizeLive, preset voice): first audio comes " +
            $"{firstP50:0.0} ms (p50; p90 {SpeechBenchmark.Percentile(first, 0.9):0.0} ms) after the word that ends the first sentence is sent (goal: at most 50 ms: {(firstP50 <= 50 ? "met" : "NOT met")}); " +
            $"over all {every.Count} sentences, a sentence's first audio follows the word that completes it by {SpeechBenchmark.Percentile(every, 0.5):0.0} ms (p50), " +
            $"{SpeechBenchmark.Percentile(every, 0.9):0.0} ms (p90), {worst:0.0} ms at worst (goal: the audio never waits for text the server has, at most 50 ms: {(worst <= 50 ? "met" : "NOT met")}).");
    }

    /// <summary>For each sentence in order: milliseconds from the send of the word completing it to its first audio frame.</summary>
    private static async Task<List<double>> SpeakOnceAsync(HubConnection hub, string voice)
    {
        var tokens = Answer.Split(' ').Select((word, i) => i == 0 ? word : " " + word).ToList();
        var sentAt = new double[tokens.Count];
        var tokenEnds = new int[tokens.Count];
        var text = Channel.CreateUnbounded<string>();
        var clock = Stopwatch.StartNew();
        var writer = Task.Run(async () =>
        {
            var end = 0;
            for (var i = 0; i < tokens.Count; i++)
            {
                var due = TokenInterval * i;
                if (due > clock.Elapsed)
                {
                    await Task.Delay(due - clock.Elapsed);
                }
                end += tokens[i].Length;
                tokenEnds[i] = end;
                sentAt[i] = clock.Elapsed.TotalMilliseconds;
                await text.Writer.WriteAsync(tokens[i]);
            }
            text.Writer.Complete();
        });

        var frameArrivals = new List<double>();
        var sentences = new List<(int Offset, int Length, long Sample)>();
        await foreach (var item in hub.StreamAsync<SpeechItem>("SynthesizeLive", new SynthesisRequest(null, voice), text.Reader.ReadAllAsync()))
        {
            if (item.Kind == SpeechItemKinds.Audio)
            {
                frameArrivals.Add(clock.Elapsed.TotalMilliseconds);
            }
            else if (item is { Kind: SpeechItemKinds.Mark, Mark: SpeechMarks.Sentence })
            {
                sentences.Add((item.Offset!.Value, item.Length!.Value, item.Sample!.Value));
            }
        }
        await writer;

        return [.. sentences.Select(sentence =>
        {
            // The sentence is complete with the word that carries its closing mark, just past its span.
            var closing = Math.Min(sentence.Offset + sentence.Length, Answer.Length - 1);
            var completedBy = Array.FindIndex(tokenEnds, end => end > closing);
            var frame = (int)Math.Min(sentence.Sample / SamplesPerFrame, frameArrivals.Count - 1);
            return frameArrivals[frame] - sentAt[completedBy];
        })];
    }
}
