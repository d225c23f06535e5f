using System.Runtime.CompilerServices;
using CineCast.Web.Accounts;
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
            plan = await pipeline.PlanAsync(request, Context.User!.UserId(), cancellationToken);
        }
        catch (SynthesisRejectedException rejected)
        {
            throw new HubException(rejected.Message);
        }

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
            catch (SynthesisFailedException failed)
            {
                throw new HubException(failed.Message);
            }
            yield return items.Current;
        }
    }
}
