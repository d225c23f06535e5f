using CineCast.Web.Audio;
using CineCast.Web.Synthesis;
using Microsoft.Extensions.Options;

namespace CineCast.Web.Batches;

/// <summary>
/// Renders one job's text through the synthesis pipeline into an audio file; progress is the share of the text the
/// engine has started speaking, from its chunk marks. The job is planned again from its row each run, so a voice
/// deleted meanwhile fails it rather than being replaced.
/// </summary>
public sealed class BatchRenderer(SynthesisPipeline pipeline, AudioFormats formats, IOptions<BatchOptions> options)
{
    /// <summary>
    /// Writes the job's audio to <paramref name="path"/> and its captions (WebVTT) to <paramref name="captionsPath"/>;
    /// returns the audio's length and size and its signed provenance statement.
    /// </summary>
    public async Task<(double Seconds, long Bytes, string? Provenance)> RenderAsync(
        BatchJob job, string path, string captionsPath, Func<int, Task> progressed, CancellationToken cancellationToken)
    {
        if (!formats.IsSupported(job.Format))
        {
            throw new BatchFailedException($"The {job.Format} format is no longer available on this server; formats: {string.Join(", ", formats.Supported)}.");
        }
        using var plan = await pipeline.PlanAsync(
            new SynthesisRequest(job.Text, job.VoiceId, job.Speed, job.Engine), job.OwnerId, cancellationToken, options.Value.MaxTextLength);

        var timeline = new SpeechTimeline(plan);
        var percent = 0;
        string? provenance = null;
        await using (var output = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 81920, useAsync: true))
        {
            await using var encoder = formats.Create(job.Format, output);
            await foreach (var item in pipeline.StreamAsync(plan, cancellationToken))
            {
                timeline.Add(item);
                switch (item)
                {
                    case { Kind: SpeechItemKinds.Start }:
                        provenance = item.Provenance;
                        break;
                    case { Kind: SpeechItemKinds.Audio, Pcm: { } pcm }:
                        await encoder.WriteAsync(pcm, cancellationToken);
                        break;
                    case { Kind: SpeechItemKinds.Mark, Mark: SpeechMarks.Chunk, Offset: { } offset } when (int)Math.Min(99, (long)offset * 100 / job.Text.Length) > percent:
                        percent = (int)Math.Min(99, (long)offset * 100 / job.Text.Length);
                        await progressed(percent);
                        break;
                }
            }
            await encoder.CompleteAsync(cancellationToken);
            output.Flush(flushToDisk: true);
        }
        var cues = Captions.Of(timeline, options.Value.CaptionMaxCharacters, options.Value.CaptionMaxSeconds);
        await File.WriteAllTextAsync(captionsPath, Captions.ToWebVtt(cues), cancellationToken);
        return (Math.Round(timeline.Seconds, 3), new FileInfo(path).Length, provenance);
    }
}

/// <summary>A job that cannot run; the message is recorded on the job for its owner.</summary>
public sealed class BatchFailedException(string message) : Exception(message);
