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

    /// <summary>The account the speech is made for (its provenance record names it).</summary>
    public string OwnerId { get; init; } = "";

    /// <summary>The caller's lexicon, for text that arrives after planning (live utterances); planned text has it applied already.</summary>
    public PronunciationLexicon Lexicon { get; init; } = PronunciationLexicon.Empty;

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
    Provenance.IWatermarker watermarker,
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
    public async Task<SynthesisPlan> PlanInteractiveAsync(SynthesisRequest request, string userId, CancellationToken cancellationToken) =>
        Admitted(await PlanAsync(request, userId, cancellationToken));

    /// <summary>
    /// Plans a live utterance, whose text arrives while it is spoken: every check that needs no text, then an
    /// admission slot. The text is read and checked sentence by sentence by <see cref="StreamLiveAsync"/>.
    /// </summary>
    public async Task<SynthesisPlan> PlanLiveAsync(SynthesisRequest request, string userId, CancellationToken cancellationToken)
    {
        var startedAt = Stopwatch.GetTimestamp();
        CheckSettings(request);
        var (engine, voice, lexicon) = await ResolveAsync(request, userId, cancellationToken);
        return Admitted(new SynthesisPlan(engine, voice, "", new SpeechScript([], false), Settings(request), startedAt) { Lexicon = lexicon, OwnerId = userId });
    }

    private SynthesisPlan Admitted(SynthesisPlan plan) =>
        admission.TryEnter() is { } slot ? plan with { Slot = slot } : throw Refuse.Busy.RetryAfter(admission.RetryAfterSeconds, admission.RetryAfterSeconds);

    /// <summary>
    /// Validates and resolves a request; every refusal comes here, before any audio. Batch jobs pass their own
    /// <paramref name="maxTextLength"/>; live speech keeps the configured one.
    /// </summary>
    public async Task<SynthesisPlan> PlanAsync(SynthesisRequest request, string userId, CancellationToken cancellationToken, int? maxTextLength = null)
    {
        var startedAt = Stopwatch.GetTimestamp();
        var text = CheckText(request.Text, maxTextLength ?? options.Value.MaxTextLength);
        CheckSettings(request);
        var script = ReadScript(text);
        if (!HasSomethingToSay(script))
        {
            throw Refuse.NothingToSay.With();
        }
        CheckRates(script, text, request.Speed);
        var (engine, voice, lexicon) = await ResolveAsync(request, userId, cancellationToken);
        script = lexicon.Apply(script, text);
        CheckSayable(engine, script);
        return new SynthesisPlan(engine, voice, text, script, Settings(request), startedAt) { OwnerId = userId };
    }

    private static SynthesisSettings Settings(SynthesisRequest request) => new(request.Speed, request.Seed, request.Temperature);

    private static void CheckSettings(SynthesisRequest request)
    {
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
    }

    private static bool HasSomethingToSay(SpeechScript script) =>
        script.Sayings.Any(say => TextPlanner.Plan(say.Text).Any()) || script.Silence > TimeSpan.Zero || script.Parts.OfType<PhonemePart>().Any();

    private static void CheckRates(SpeechScript script, string text, double speed)
    {
        if (script.Sayings.FirstOrDefault(say => speed * say.Rate is < SynthesisOptions.MinSpeed or > SynthesisOptions.MaxSpeed) is { } tooFast)
        {
            throw Refuse.MarkupRateOutOfRange.With(
                Math.Round(speed * tooFast.Rate, 3), TextPosition.Of(text, tooFast.Offset), SynthesisOptions.MinSpeed, SynthesisOptions.MaxSpeed);
        }
    }

    /// <summary>The engine (ready), the voice (visible to the caller, speakable by that engine) and the caller's lexicon.</summary>
    private async Task<(ISpeechEngine Engine, SpeakingVoice Voice, PronunciationLexicon Lexicon)> ResolveAsync(
        SynthesisRequest request, string userId, CancellationToken cancellationToken)
    {
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
        var lexicon = await scope.ServiceProvider.GetRequiredService<LexiconBook>().CompiledAsync(userId, cancellationToken);
        var voice = await scope.ServiceProvider.GetRequiredService<VoiceLibrary>().FindSpeakingVoiceAsync(userId, request.VoiceId.Trim(), cancellationToken)
            ?? throw Refuse.VoiceUnknown.With(Quote.Shown(request.VoiceId));
        if (engine.CannotSpeak(voice, request.Speed) is { } reason)
        {
            throw Refuse.EngineCannotSpeakVoice.With(engine.Id, reason);
        }
        return (engine, voice, lexicon);
    }

    /// <summary>Refuses, before any audio, what the engine cannot say: phonemes it cannot honour, text in a language it lacks.</summary>
    private static void CheckSayable(ISpeechEngine engine, SpeechScript script)
    {
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
    public IAsyncEnumerable<SpeechItem> StreamAsync(SynthesisPlan plan, CancellationToken cancellationToken) =>
        StreamAsync(plan, (frames, writer, stop) => SpeakScriptAsync(plan, plan.Script, 0, frames, writer, stop), cancellationToken);

    /// <summary>
    /// Speaks a live utterance (<see cref="PlanLiveAsync"/>) whose text arrives as <paramref name="text"/>: each
    /// sentence as soon as it is complete, in order, in the plan's voice. Marks count in the whole text as it arrived.
    /// The text is read while speech is made, so speech never waits for text that has already come. A sentence that
    /// cannot be said, text past the limit or text that stops arriving ends the stream with the refusal.
    /// </summary>
    public IAsyncEnumerable<SpeechItem> StreamLiveAsync(SynthesisPlan plan, IAsyncEnumerable<string> text, CancellationToken cancellationToken) =>
        StreamAsync(plan, async (frames, writer, stop) =>
        {
            await foreach (var sentence in ReadLiveAsync(text, stop))
            {
                var script = ReadScript(sentence.Text);
                if (!HasSomethingToSay(script))
                {
                    continue;
                }
                CheckRates(script, sentence.Text, plan.Speed);
                script = plan.Lexicon.Apply(script, sentence.Text);
                CheckSayable(plan.Engine, script);
                await SpeakScriptAsync(plan, script, sentence.Offset, frames, writer, stop);
            }
        }, cancellationToken);

    private async IAsyncEnumerable<SpeechItem> StreamAsync(
        SynthesisPlan plan, Func<FrameWriter, ChannelWriter<SpeechItem>, CancellationToken, Task> speak, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var channel = Channel.CreateBounded<SpeechItem>(new BoundedChannelOptions(options.Value.BufferedFrames)
        {
            SingleReader = true,
            SingleWriter = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var producer = Task.Run(() => ProduceAsync(plan, speak, channel.Writer, stop.Token), CancellationToken.None);
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

    private async Task ProduceAsync(
        SynthesisPlan plan, Func<FrameWriter, ChannelWriter<SpeechItem>, CancellationToken, Task> speak, ChannelWriter<SpeechItem> writer, CancellationToken cancellationToken)
    {
        var frames = new FrameWriter(writer, plan, SampleRate * options.Value.FrameMilliseconds / 1000);
        try
        {
            var recorded = await RecordProvenanceAsync(plan, cancellationToken);
            frames.MarkWith(recorded.Mark is { } mark ? watermarker.EmbedderFor(mark) : null);
            await writer.WriteAsync(StartItem(plan) with { Provenance = recorded.Statement, Watermark = recorded.Mark is null ? "off" : "on" }, cancellationToken);
            await speak(frames, writer, cancellationToken);
            var (seconds, firstAudioMs, elapsed) = await frames.EndAsync(cancellationToken);
            LogSpoke(plan.Engine.Id, plan.Voice.Id, seconds, firstAudioMs, elapsed);
            writer.Complete();
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            writer.TryComplete();
        }
        catch (RefusedException refused)
        {
            writer.TryComplete(refused);
        }
        catch (Exception exception)
        {
            // Whatever went wrong, the reader must learn of it: a writer left open would leave the stream hanging.
            LogFailed(plan.Engine.Id, plan.Voice.Id, exception.ToString());
            var reason = exception switch
            {
                EngineFailedException or WatermarkFailedException or IOException or System.ComponentModel.Win32Exception => exception.Message,
                OperationCanceledException => "it took longer than allowed",
                _ => "an unexpected error; the server log has the details",
            };
            writer.TryComplete(Refuse.SpeakingFailed.With(plan.Engine.Id, reason));
        }
    }

    /// <summary>The output's provenance record, kept as it starts; its signed statement goes out with the <c>start</c> item.</summary>
    private async Task<Provenance.RecordedOutput> RecordProvenanceAsync(SynthesisPlan plan, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<Provenance.ProvenanceLedger>().RecordAsync(plan, cancellationToken);
    }

    /// <summary>A script's parts in order: sayings through the engine, pauses as silence. <paramref name="offset"/> places it in the caller's text.</summary>
    private static async Task SpeakScriptAsync(SynthesisPlan plan, SpeechScript script, int offset, FrameWriter frames, ChannelWriter<SpeechItem> writer, CancellationToken cancellationToken)
    {
        var parts = script.Parts;
        for (var i = 0; i < parts.Count; i++)
        {
            switch (parts[i])
            {
                case SayPart say:
                    // Next to an asked pause the engine's own silence gives way, so the pause is exactly as long as asked.
                    frames.BeginPart(trimLeading: i > 0 && parts[i - 1] is PausePart, trimTrailing: i + 1 < parts.Count && parts[i + 1] is PausePart);
                    await SayAsync(plan, say, offset, frames, writer, cancellationToken);
                    break;
                case PausePart pause:
                    await writer.WriteAsync(MarkItem(SpeechMarks.Pause, offset + pause.Offset, pause.Length, frames.Position), cancellationToken);
                    await frames.WriteSilenceAsync((long)Math.Round(pause.Duration.TotalSeconds * SampleRate), cancellationToken);
                    break;
            }
        }
    }

    /// <summary>
    /// Reads live text while it is spoken: pieces go into a <see cref="LiveTextCutter"/> and its sentences out as soon
    /// as each is certain; the rest when the text ends. Limits: the total length, and the wait for each next piece.
    /// </summary>
    private IAsyncEnumerable<LiveSentence> ReadLiveAsync(IAsyncEnumerable<string> text, CancellationToken cancellationToken)
    {
        var sentences = Channel.CreateUnbounded<LiveSentence>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
        _ = Task.Run(() => PumpLiveTextAsync(text, sentences.Writer, cancellationToken), CancellationToken.None);
        return sentences.Reader.ReadAllAsync(cancellationToken);
    }

    /// <summary>
    /// Reads the text to its end. Once the utterance is over (refused, cancelled) what still comes is read and
    /// dropped rather than left unread: a client-to-server stream that nobody reads stalls the client's whole
    /// connection, and the client is never told to stop sending.
    /// </summary>
    private async Task PumpLiveTextAsync(IAsyncEnumerable<string> text, ChannelWriter<LiveSentence> sentences, CancellationToken listening)
    {
        var limits = options.Value;
        var cutter = new LiveTextCutter(limits.LiveSentenceMaxCharacters);
        var idle = TimeSpan.FromSeconds(limits.LiveTextIdleSeconds);
        var over = false;
        var pieces = text.GetAsyncEnumerator(CancellationToken.None);
        try
        {
            while (true)
            {
                var next = pieces.MoveNextAsync().AsTask();
                if (!over && !await ArrivesInTimeAsync(next, idle, listening))
                {
                    sentences.TryComplete(listening.IsCancellationRequested ? null : Refuse.LiveTextIdle.With(idle.TotalSeconds));
                    over = true;
                }
                if (!await next)
                {
                    break;
                }
                over |= listening.IsCancellationRequested;
                if (over)
                {
                    continue;
                }
                var piece = pieces.Current ?? "";
                if (cutter.Length + piece.Length > limits.MaxLiveTextLength)
                {
                    sentences.TryComplete(Refuse.LiveTextTooLong.With(limits.MaxLiveTextLength));
                    over = true;
                    continue;
                }
                cutter.Append(piece);
                foreach (var sentence in cutter.TakeComplete())
                {
                    sentences.TryWrite(sentence);
                }
            }
            if (!over && cutter.TakeRest() is { } rest)
            {
                sentences.TryWrite(rest);
            }
            sentences.TryComplete();
        }
        catch (Exception exception)
        {
            // The client's own text stream failed (it reported an error, or its connection broke mid-stream).
            sentences.TryComplete(Refuse.LiveTextAborted.With(exception.Message));
        }
        finally
        {
            await pieces.DisposeAsync();
        }
    }

    /// <summary>Whether the next piece (or the text's end) arrives before <paramref name="idle"/> has passed while someone listens.</summary>
    private static async Task<bool> ArrivesInTimeAsync(Task<bool> next, TimeSpan idle, CancellationToken listening)
    {
        using var timer = CancellationTokenSource.CreateLinkedTokenSource(listening);
        var winner = await Task.WhenAny(next, Task.Delay(idle, timer.Token));
        await timer.CancelAsync();
        return winner == next;
    }

    /// <summary>
    /// One stretch of the script through the engine and the stages. The engine's marks are placed where the listener
    /// hears them and traced back to the caller's text; a named SSML mark goes just before the first of the engine's
    /// marks at or after its place, or at the end of the stretch.
    /// </summary>
    private static async Task SayAsync(SynthesisPlan plan, SayPart say, int offset, FrameWriter frames, ChannelWriter<SpeechItem> writer, CancellationToken cancellationToken)
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
                    await writer.WriteAsync(NamedMarkItem(say.Marks[named], offset, at), cancellationToken);
                }
                var (source, length) = say.Map.ToSource(speech.Offset, speech.Length);
                await writer.WriteAsync(MarkItem(MarkOf(speech.Kind), offset + source, length, at) with { Estimated = speech.Estimated ? true : null }, cancellationToken);
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
            await writer.WriteAsync(NamedMarkItem(say.Marks[named], offset, frames.Position), cancellationToken);
        }
    }

    /// <summary>
    /// The stream's last stages, in one place for every consumer: the watermark over the whole stream (pauses
    /// included, so its blocks run on unbroken), then fixed-size frames of 16-bit PCM (clamped: a hard limiter); ends
    /// the stream with its timing facts.
    /// </summary>
    private sealed class FrameWriter(ChannelWriter<SpeechItem> writer, SynthesisPlan plan, int frameSamples)
    {
        private static readonly float[] Silence = new float[4096];

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
        private IAudioStage? watermark;

        /// <summary>Samples written so far: where the next sample will be heard.</summary>
        public long Position { get; private set; }

        /// <summary>Every sample from now on goes through <paramref name="embedder"/> (null: the output goes out unmarked).</summary>
        public void MarkWith(IAudioStage? embedder) => watermark = embedder;

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
            for (; count > 0; count -= Math.Min(count, Silence.Length))
            {
                await CopyAsync(Silence.AsMemory(0, (int)Math.Min(count, Silence.Length)), cancellationToken);
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
            Position += samples.Length;
            await FrameAsync(watermark is null ? samples : Marked(() => watermark.Process(samples.Span)), cancellationToken);
        }

        /// <summary>What the watermark stage gives back; if it cannot mark the audio, the stream ends rather than go out unmarked.</summary>
        private static ReadOnlyMemory<float> Marked(Func<ReadOnlyMemory<float>> embed)
        {
            try
            {
                return embed();
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                throw new WatermarkFailedException(exception);
            }
        }

        private async ValueTask FrameAsync(ReadOnlyMemory<float> samples, CancellationToken cancellationToken)
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
            if (watermark is not null)
            {
                await FrameAsync(Marked(watermark.Flush), cancellationToken);
            }
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

    /// <summary>The watermark stage failed; the output stops here rather than go on unmarked.</summary>
    private sealed class WatermarkFailedException(Exception inner)
        : Exception($"the watermark could not be embedded ({inner.Message}), and no output leaves unmarked", inner);

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

    private static SpeechItem NamedMarkItem(NamedMark mark, int offset, long sample) => MarkItem(SpeechMarks.Ssml, offset + mark.Offset, mark.Length, sample) with { Name = mark.Name };

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

