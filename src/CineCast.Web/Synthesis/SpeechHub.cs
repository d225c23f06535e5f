using System.Runtime.CompilerServices;
using CineCast.Web.Accounts;
using CineCast.Web.Refusals;
using Microsoft.AspNetCore.SignalR;

namespace CineCast.Web.Synthesis;

/// <summary>Streams speech to signed-in clients: <c>start</c>, <c>audio</c> frames as they are made, <c>end</c>.</summary>
public sealed class SpeechHub(SynthesisPipeline pipeline) : Hub
{
    public const string Path = "/hubs/speech";

    public async IAsyncEnumerable<SpeechItem> Synthesize(SynthesisRequest request, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        SynthesisPlan plan;
        try
        {
            plan = await pipeline.PlanInteractiveAsync(request, Context.User!.UserId(), cancellationToken);
        }
        catch (RefusedException refused)
        {
            throw refused.ToHubException();
        }

        using var admitted = plan;
        await using var items = pipeline.StreamAsync(plan, cancellationToken).GetAsyncEnumerator(cancellationToken);
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
