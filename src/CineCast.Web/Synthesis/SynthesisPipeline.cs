using System.Buffers.Binary;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using CineCast.Speech.Markup;
using CineCast.Speech.Text;
using CineCast.Web.Engines;
using CineCast.Web.Hosting;
using CineCast.Web.Lexicon;
using CineCast.Web.Refusals;
using CineCast.Web.Voices;
using Microsoft.Extensions.Options;

namespace CineCast.Web.Synthesis;

/// <summary>
/// A request that passed every check: what will be said (the caller's <paramref name="Text"/>, read into
/// <paramref name="Script"/>), by which engine, as which voice.
/// </summary>
/// <remarks>Holds an admission slot when it was planned as an interactive stream; disposing it gives the slot back.</remarks>
public sealed record SynthesisPlan(ISpeechEngine Engine, SpeakingVoice Voice, string Text, SpeechScript Script, SynthesisSettings Settings, long StartedAt) : IDisposable
{
    public double Speed => Settings.Speed;

    public IDisposable? Slot { get; init; }

    public void Dispose() => Slot?.Dispose();
}

/// <summary>
/// text → script (pauses, markup) → the engine's own cutting → engine → stages → fixed-size PCM frames, with marks and the timing facts. The hub, the HTTP speech endpoint and
/// batch jobs all consume this one pipeline, so every consumer reports the same engine and voice.
/// </summary>
public sealed partial class SynthesisPipeline(
    EngineCatalog engines,
    SynthesisAdmission admission,
    IServiceScopeFactory scopes,
    IOptions<SynthesisOptions> options,
    ILogger<SynthesisPipeline> logger)
{
    public const int SampleRate = 24000;

    /// <summary>What every stream sends: 24 kHz mono, whatever the engine made.</summary>
    private static readonly NAudio.Wave.WaveFormat StreamFormat = SpeechFormats.Mono(SampleRate);

    /// <summary>
    /// Plans a stream someone is waiting for (hub, HTTP): the checks of <see cref="PlanAsync"/>, then an admission
    /// slot, or <see cref="Refuse.Busy"/> when the server is full. The caller disposes the plan.
    /// </summary>
    public async Task<SynthesisPlan> PlanInteractiveAsync(SynthesisRequest request, string userId, CancellationToken cancellationToken)
    {
        var plan = await PlanAsync(request, userId, cancellationToken);
        return admission.TryEnter() is { } slot ? plan with { Slot = slot } : throw Refuse.Busy.RetryAfter(admission.RetryAfterSeconds, admission.RetryAfterSeconds);
    }

    /// <summary>
    /// Validates and resolves a request; every refusal comes here, before any audio. Batch jobs pass their own
    /// <paramref name="maxTextLength"/>; live speech keeps the configured one.
    /// </summary>
    public async Task<SynthesisPlan> PlanAsync(SynthesisRequest request, string userId, CancellationToken cancellationToken, int? maxTextLength = null)
    {
        var startedAt = Stopwatch.GetTimestamp();
        var text = CheckText(request.Text, maxTextLength ?? options.Value.MaxTextLength);
        if (!double.IsFinite(request.Speed) || request.Speed is < SynthesisOptions.MinSpeed or > SynthesisOptions.MaxSpeed)
        {
            throw Refuse.SpeedOutOfRange.With(SynthesisOptions.MinSpeed, SynthesisOptions.MaxSpeed);
        }
        if (request.Temperature is { } temperature && (!double.IsFinite(temperature) || temperature is < 0 or > SynthesisOptions.MaxTemperature))
        {
            throw Refuse.TemperatureOutOfRange.With(SynthesisOptions.MaxTemperature);
        }
        if (request.Seed is < 0)
        {
            throw Refuse.SeedOutOfRange.With();
        }
        var script = ReadScript(text);
        if (!script.Sayings.Any(say => TextPlanner.Plan(say.Text).Any()) && script.Silence == TimeSpan.Zero
            && !script.Parts.OfType<PhonemePart>().Any())
        {
            throw Refuse.NothingToSay.With();
        }
        if (script.Sayings.FirstOrDefault(say => request.Speed * say.Rate is < SynthesisOptions.MinSpeed or > SynthesisOptions.MaxSpeed) is { } tooFast)
        {
            throw Refuse.MarkupRateOutOfRange.With(
                Math.Round(request.Speed * tooFast.Rate, 3), TextPosition.Of(text, tooFast.Offset), SynthesisOptions.MinSpeed, SynthesisOptions.MaxSpeed);
        }

        var engineId = string.IsNullOrWhiteSpace(request.Engine) ? engines.DefaultEngineId : request.Engine.Trim();
        var engine = engines.Get(engineId);
        if (engine.Status is { IsReady: false } status)
        {
            throw Refuse.EngineNotReady.With(engine.Id, status.Reason);
        }

        if (string.IsNullOrWhiteSpace(request.VoiceId))
        {
            throw Refuse.VoiceMissing.With("");
        }
        await using var scope = scopes.CreateAsyncScope();
        script = (await scope.ServiceProvider.GetRequiredService<LexiconBook>().CompiledAsync(userId, cancellationToken)).Apply(script, text);
        var voice = await scope.ServiceProvider.GetRequiredService<VoiceLibrary>().FindSpeakingVoiceAsync(userId, request.VoiceId.Trim(), cancellationToken)
            ?? throw Refuse.VoiceUnknown.With(Quote.Shown(request.VoiceId));
        if (engine.CannotSpeak(voice, request.Speed) is { } reason)
        {
            throw Refuse.EngineCannotSpeakVoice.With(engine.Id, reason);
        }
        if (script.Parts.OfType<PhonemePart>().FirstOrDefault() is { } phoneme)
        {
            throw Refuse.PhonemesUnsupported.With(engine.Id, phoneme);
        }
        foreach (var say in script.Sayings)
        {
            if (engine.CannotSay(say.Text, say.Language) is { } unsayable)
            {
                throw Refuse.EngineCannotSayText.With(engine.Id, unsayable);
            }
        }
        return new SynthesisPlan(engine, voice, text, script, new SynthesisSettings(request.Speed, request.Seed, request.Temperature), startedAt);
    }

    /// <summary>The caller's text read for pauses and markup; markup that cannot be honoured is refused with its place.</summary>
    public static SpeechScript ReadScript(string text)
    {
        try
        {
            return SpeechScript.Parse(text);
        }
        catch (MarkupException exception)
        {
            throw Refuse.Markup(exception);
        }
    }

    /// <summary>The text, when there is some and it is within <paramref name="limit"/> characters.</summary>
    public static string CheckText(string? text, int limit)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            throw Refuse.TextEmpty.With();
        }
        return text.Length <= limit ? text : throw Refuse.TextTooLong.With(text.Length, limit);
    }

    /// <summary>
    /// Runs the plan on a producer that may run ahead of the reader by a bounded number of frames. Ending the
    /// enumeration (finished, failed or cancelled) stops the engine.
    /// </summary>
    public async IAsyncEnumerable<SpeechItem> StreamAsync(SynthesisPlan plan, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var channel = Channel.CreateBounded<SpeechItem>(new BoundedChannelOptions(options.Value.BufferedFrames)
        {
            SingleReader = true,
            SingleWriter = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var producer = Task.Run(() => ProduceAsync(plan, channel.Writer, stop.Token), CancellationToken.None);
        try
        {
            await foreach (var item in channel.Reader.ReadAllAsync(cancellationToken))
            {
                yield return item;
            }
        }
        finally
        {
            await stop.CancelAsync();
            await producer;
        }
    }

    private async Task ProduceAsync(SynthesisPlan plan, ChannelWriter<SpeechItem> writer, CancellationToken cancellationToken)
    {
        var frames = new FrameWriter(writer, plan, SampleRate * options.Value.FrameMilliseconds / 1000);
        try
        {
            await writer.WriteAsync(StartItem(plan), cancellationToken);
            var parts = plan.Script.Parts;
            for (var i = 0; i < parts.Count; i++)
            {
                switch (parts[i])
                {
                    case SayPart say:
                        // Next to an asked pause the engine's own silence gives way, so the pause is exactly as long as asked.
                        frames.BeginPart(trimLeading: i > 0 && parts[i - 1] is PausePart, trimTrailing: i + 1 < parts.Count && parts[i + 1] is PausePart);
                        await SayAsync(plan, say, frames, writer, cancellationToken);
                        break;
                    case PausePart pause:
                        await writer.WriteAsync(MarkItem(SpeechMarks.Pause, pause.Offset, pause.Length, frames.Position), cancellationToken);
                        await frames.WriteSilenceAsync((long)Math.Round(pause.Duration.TotalSeconds * SampleRate), cancellationToken);
                        break;
                }
            }
            var (seconds, firstAudioMs, elapsed) = await frames.EndAsync(cancellationToken);
            LogSpoke(plan.Engine.Id, plan.Voice.Id, seconds, firstAudioMs, elapsed);
            writer.Complete();
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            writer.TryComplete();
        }
        catch (Exception exception)
        {
            // Whatever went wrong, the reader must learn of it: a writer left open would leave the stream hanging.
            LogFailed(plan.Engine.Id, plan.Voice.Id, exception.ToString());
            var reason = exception switch
            {
                EngineFailedException or IOException or System.ComponentModel.Win32Exception => exception.Message,
                OperationCanceledException => "it took longer than allowed",
                _ => "an unexpected error; the server log has the details",
            };
            writer.TryComplete(Refuse.SpeakingFailed.With(plan.Engine.Id, reason));
        }
    }

    /// <summary>
    /// One stretch of the script through the engine and the stages. The engine's marks are placed where the listener
    /// hears them and traced back to the caller's text; a named SSML mark goes just before the first of the engine's
    /// marks at or after its place, or at the end of the stretch.
    /// </summary>
    private static async Task SayAsync(SynthesisPlan plan, SayPart say, FrameWriter frames, ChannelWriter<SpeechItem> writer, CancellationToken cancellationToken)
    {
        var settings = plan.Settings with { Speed = plan.Settings.Speed * say.Rate };
        var partStart = frames.Position;
        AudioStages? stages = null;
        long heardBefore = 0;
        var named = 0;
        await foreach (var speech in plan.Engine.SynthesizeAsync(plan.Voice, plan.Engine.Plan(say.Text, say.Language), settings, cancellationToken))
        {
            if (speech.Kind != SpeechEventKind.Audio)
            {
                var at = Math.Max(partStart, partStart + heardBefore + (stages?.OutputPositionOf(stages.InputSamples - speech.SamplesAgo) ?? 0) - frames.TrimmedInPart);
                for (; named < say.Marks.Count && say.Marks[named].SpokenOffset <= speech.Offset; named++)
                {
                    await writer.WriteAsync(NamedMarkItem(say.Marks[named], at), cancellationToken);
                }
                var (offset, length) = say.Map.ToSource(speech.Offset, speech.Length);
                await writer.WriteAsync(MarkItem(MarkOf(speech.Kind), offset, length, at) with { Estimated = speech.Estimated ? true : null }, cancellationToken);
                continue;
            }
            if (stages is null || !stages.Input.Equals(speech.Format))
            {
                // A run in another format (another language's model) gets stages of its own, after the last one's tail.
                heardBefore += await frames.FlushAsync(stages, cancellationToken);
                stages = AudioStages.For(plan.Engine, settings, speech.Format!, StreamFormat);
            }
            await frames.WriteAsync(stages.Process(speech.Samples), cancellationToken);
        }
        await frames.FlushAsync(stages, cancellationToken);
        frames.EndPart();
        for (; named < say.Marks.Count; named++)
        {
            await writer.WriteAsync(NamedMarkItem(say.Marks[named], frames.Position), cancellationToken);
        }
    }

    /// <summary>
    /// Cuts the stream's audio into fixed-size frames of 16-bit PCM (clamped: the last stage, a hard limiter) and
    /// ends the stream with its timing facts.
    /// </summary>
    private sealed class FrameWriter(ChannelWriter<SpeechItem> writer, SynthesisPlan plan, int frameSamples)
    {
        // Below this level (about -54 dBFS) a sample counts as silence when an engine's lead-in or tail gives way to a pause.
        private const float SilenceLevel = 0.002f;
        private static readonly int MaxTrimmed = SampleRate / 2;

        private readonly float[] frame = new float[frameSamples];
        private float[] held = new float[1024];
        private int heldCount;
        private int filled;
        private int sequence;
        private double? firstAudioMs;
        private bool trimmingLeading;
        private bool holdingTrailing;

        /// <summary>Samples sent so far: where the next sample will be heard.</summary>
        public long Position => (long)sequence * frameSamples + filled;

        /// <summary>How much of the current part's lead-in was left out.</summary>
        public long TrimmedInPart { get; private set; }

        /// <summary>
        /// A part of the script starts. With <paramref name="trimLeading"/> its silent lead-in (up to half a second) is
        /// left out; with <paramref name="trimTrailing"/> its silent tail is held back and left out at <see cref="EndPart"/>.
        /// </summary>
        public void BeginPart(bool trimLeading, bool trimTrailing)
        {
            (trimmingLeading, holdingTrailing, TrimmedInPart, heldCount) = (trimLeading, trimTrailing, 0, 0);
        }

        /// <summary>The part is over: a tail held back as silence is left out.</summary>
        public void EndPart() => (heldCount, holdingTrailing, trimmingLeading) = (0, false, false);

        public async ValueTask WriteSilenceAsync(long count, CancellationToken cancellationToken)
        {
            for (; count > 0; count--)
            {
                frame[filled++] = 0;
                if (filled == frameSamples)
                {
                    await SendAsync(cancellationToken);
                }
            }
        }

        public async ValueTask WriteAsync(ReadOnlyMemory<float> samples, CancellationToken cancellationToken)
        {
            if (trimmingLeading)
            {
                var sound = samples.Span.IndexOfAnyExceptInRange(-SilenceLevel, SilenceLevel);
                var silent = (int)Math.Min(sound < 0 ? samples.Length : sound, MaxTrimmed - TrimmedInPart);
                TrimmedInPart += silent;
                samples = samples[silent..];
                trimmingLeading = sound < 0 && TrimmedInPart < MaxTrimmed;
            }
            if (holdingTrailing)
            {
                await HoldTailAsync(samples, cancellationToken);
                return;
            }
            await CopyAsync(samples, cancellationToken);
        }

        /// <summary>Sends all but the silent run at the end, which waits to learn whether sound follows it.</summary>
        private async ValueTask HoldTailAsync(ReadOnlyMemory<float> samples, CancellationToken cancellationToken)
        {
            var lastSound = samples.Span.LastIndexOfAnyExceptInRange(-SilenceLevel, SilenceLevel);
            if (lastSound >= 0)
            {
                await CopyAsync(held.AsMemory(0, heldCount), cancellationToken);
                heldCount = 0;
                await CopyAsync(samples[..(lastSound + 1)], cancellationToken);
                samples = samples[(lastSound + 1)..];
            }
            if (heldCount + samples.Length > MaxTrimmed)
            {
                // A silence this long is the text's own: it is sent, not held.
                await CopyAsync(held.AsMemory(0, heldCount), cancellationToken);
                heldCount = 0;
                await CopyAsync(samples, cancellationToken);
                return;
            }
            if (held.Length < heldCount + samples.Length)
            {
                Array.Resize(ref held, Math.Max(held.Length * 2, heldCount + samples.Length));
            }
            samples.Span.CopyTo(held.AsSpan(heldCount));
            heldCount += samples.Length;
        }

        private async ValueTask CopyAsync(ReadOnlyMemory<float> samples, CancellationToken cancellationToken)
        {
            while (!samples.IsEmpty)
            {
                var take = Math.Min(samples.Length, frameSamples - filled);
                samples.Span[..take].CopyTo(frame.AsSpan(filled));
                filled += take;
                samples = samples[take..];
                if (filled == frameSamples)
                {
                    await SendAsync(cancellationToken);
                }
            }
        }

        /// <summary>Writes the stages' held-back tails; returns how many samples the stages put out in all.</summary>
        public async ValueTask<long> FlushAsync(AudioStages? stages, CancellationToken cancellationToken)
        {
            if (stages is null)
            {
                return 0;
            }
            foreach (var tail in stages.Flush())
            {
                await WriteAsync(tail, cancellationToken);
            }
            return stages.OutputPositionOf(stages.InputSamples);
        }

        public async ValueTask<(double Seconds, double? FirstAudioMs, double ElapsedSeconds)> EndAsync(CancellationToken cancellationToken)
        {
            if (filled > 0)
            {
                frame.AsSpan(filled).Clear();
                await SendAsync(cancellationToken);
            }
            var seconds = (double)sequence * frameSamples / SampleRate;
            var elapsed = Stopwatch.GetElapsedTime(plan.StartedAt).TotalSeconds;
            await writer.WriteAsync(new SpeechItem
            {
                Kind = SpeechItemKinds.End,
                DurationSeconds = Math.Round(seconds, 3),
                FirstAudioMs = firstAudioMs is { } ms ? Math.Round(ms, 1) : null,
                RealTimeFactor = seconds > 0 ? Math.Round(elapsed / seconds, 4) : null,
            }, cancellationToken);
            return (seconds, firstAudioMs, elapsed);
        }

        private async ValueTask SendAsync(CancellationToken cancellationToken)
        {
            firstAudioMs ??= Stopwatch.GetElapsedTime(plan.StartedAt).TotalMilliseconds;
            await writer.WriteAsync(AudioItem(sequence++, frame), cancellationToken);
            filled = 0;
        }
    }

    private static SpeechItem StartItem(SynthesisPlan plan) => new()
    {
        Kind = SpeechItemKinds.Start,
        Engine = plan.Engine.Id,
        EngineDescription = plan.Engine.Description,
        VoiceId = plan.Voice.Id,
        VoiceName = plan.Voice.Name,
        VoiceKind = plan.Voice.Kind,
        SampleRate = SampleRate,
        Encoding = "pcm_s16le",
        Channels = 1,
    };

    private static string MarkOf(SpeechEventKind kind) => kind switch
    {
        SpeechEventKind.SentenceStarts => SpeechMarks.Sentence,
        SpeechEventKind.WordStarts => SpeechMarks.Word,
        _ => SpeechMarks.Chunk,
    };

    private static SpeechItem MarkItem(string mark, int offset, int length, long sample) => new()
    {
        Kind = SpeechItemKinds.Mark,
        Mark = mark,
        Offset = offset,
        Length = length,
        Sample = sample,
    };

    private static SpeechItem NamedMarkItem(NamedMark mark, long sample) => MarkItem(SpeechMarks.Ssml, mark.Offset, mark.Length, sample) with { Name = mark.Name };

    private static SpeechItem AudioItem(int sequence, ReadOnlySpan<float> frame)
    {
        var pcm = new byte[frame.Length * 2];
        for (var i = 0; i < frame.Length; i++)
        {
            BinaryPrimitives.WriteInt16LittleEndian(pcm.AsSpan(2 * i), (short)Math.Round(Math.Clamp(frame[i], -1f, 1f) * 32767f));
        }
        return new SpeechItem { Kind = SpeechItemKinds.Audio, Sequence = sequence, Pcm = pcm };
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Spoke {Seconds:0.00} s with {EngineId} as {VoiceId}: first audio {FirstAudioMs:0.0} ms, {ElapsedSeconds:0.000} s of work.")]
    private partial void LogSpoke(string engineId, string voiceId, double seconds, double? firstAudioMs, double elapsedSeconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The {EngineId} engine failed speaking as {VoiceId}: {Reason}")]
    private partial void LogFailed(string engineId, string voiceId, string reason);
}

