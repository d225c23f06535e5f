using System.Runtime.CompilerServices;
using CineCast.Web.Accounts;
using CineCast.Web.Refusals;
using Microsoft.AspNetCore.SignalR;

namespace CineCast.Web.Synthesis;

/// <summary>Streams speech to signed-in clients: <c>start</c>, <c>audio</c> frames and marks as they are made, <c>end</c>.</summary>
public sealed class SpeechHub(SynthesisPipeline pipeline) : Hub
{
    public const string Path = "/hubs/speech";

    public IAsyncEnumerable<SpeechItem> Synthesize(SynthesisRequest request, CancellationToken cancellationToken) =>
        RelayAsync(
            () => pipeline.PlanInteractiveAsync(request, Context.User!.UserId(), cancellationToken),
            plan => pipeline.StreamAsync(plan, cancellationToken),
            cancellationToken);

    /// <summary>
    /// One utterance whose <paramref name="text"/> streams in as it is written (a language model's output): the
    /// request is the usual one, its text left out. Sentences are spoken as soon as each is complete.
    /// </summary>
    public IAsyncEnumerable<SpeechItem> SynthesizeLive(SynthesisRequest request, IAsyncEnumerable<string> text, CancellationToken cancellationToken) =>
        RelayAsync(
            () => pipeline.PlanLiveAsync(request, Context.User!.UserId(), cancellationToken),
            plan => pipeline.StreamLiveAsync(plan, text, cancellationToken),
            cancellationToken);

    private static async IAsyncEnumerable<SpeechItem> RelayAsync(
        Func<Task<SynthesisPlan>> planAsync, Func<SynthesisPlan, IAsyncEnumerable<SpeechItem>> stream, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        SynthesisPlan plan;
        try
        {
            plan = await planAsync();
        }
        catch (RefusedException refused)
        {
            throw refused.ToHubException();
        }

        using var admitted = plan;
        await using var items = stream(plan).GetAsyncEnumerator(cancellationToken);
        while (true)
        {
            try
            {
                if (!await items.MoveNextAsync())
                {
                    yield break;
                }
            }
            catch (RefusedException failed)
            {
                throw failed.ToHubException();
            }
            yield return items.Current;
        }
    }
}
