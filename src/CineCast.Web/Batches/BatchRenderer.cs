using CineCast.Speech.Text;
using CineCast.Web.Audio;
using CineCast.Web.Synthesis;
using Microsoft.Extensions.Options;

namespace CineCast.Web.Batches;

/// <summary>
/// Renders one job's text through the synthesis pipeline into an audio file, section by section, so progress is
/// the share of the text already spoken. The job is planned again from its row each run, so a voice deleted
/// meanwhile fails it rather than being replaced.
/// </summary>
public sealed class BatchRenderer(SynthesisPipeline pipeline, AudioFormats formats, IOptions<BatchOptions> options)
{
    /// <summary>Writes the job's audio to <paramref name="path"/>; returns its length and size.</summary>
    public async Task<(double Seconds, long Bytes)> RenderAsync(BatchJob job, string path, Func<int, Task> progressed, CancellationToken cancellationToken)
    {
        if (!formats.IsSupported(job.Format))
        {
            throw new BatchFailedException($"The {job.Format} format is no longer available on this server; formats: {string.Join(", ", formats.Supported)}.");
        }
        var plan = await pipeline.PlanAsync(
            new SynthesisRequest(job.Text, job.VoiceId, job.Speed, job.Engine), job.OwnerId, cancellationToken, options.Value.MaxTextLength);

        long samples = 0;
        await using (var output = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 81920, useAsync: true))
        {
            await using var encoder = formats.Create(job.Format, output);
            foreach (var (section, end) in Sections(job.Text))
            {
                await foreach (var item in pipeline.StreamAsync(plan with { Text = section }, cancellationToken))
                {
                    if (item is { Kind: SpeechItemKinds.Audio, Pcm: { } pcm })
                    {
                        await encoder.WriteAsync(pcm, cancellationToken);
                        samples += pcm.Length / 2;
                    }
                }
                await progressed((int)Math.Min(99, (long)end * 100 / job.Text.Length));
            }
            await encoder.CompleteAsync(cancellationToken);
            output.Flush(flushToDisk: true);
        }
        return (Math.Round((double)samples / SynthesisPipeline.SampleRate, 3), new FileInfo(path).Length);
    }

    /// <summary>Whole planner chunks grouped to about a fiftieth of the text (200-2,000 characters), with where each ends.</summary>
    private static IEnumerable<(string Text, int End)> Sections(string text)
    {
        var target = Math.Clamp(text.Length / 50, 200, 2000);
        var start = -1;
        var end = 0;
        foreach (var chunk in TextPlanner.Plan(text))
        {
            if (start < 0)
            {
                start = chunk.SourceStart;
            }
            end = chunk.SourceStart + chunk.SourceLength;
            if (end - start >= target)
            {
                yield return (text[start..end], end);
                start = -1;
            }
        }
        if (start >= 0)
        {
            yield return (text[start..end], end);
        }
    }
}

/// <summary>A job that cannot run; the message is recorded on the job for its owner.</summary>
public sealed class BatchFailedException(string message) : Exception(message);
