using System.Buffers;
using System.Runtime.CompilerServices;
using CineCast.Neural.SentencePiece;
using Microsoft.ML.OnnxRuntime;

namespace CineCast.Neural.PocketTts;

/// <summary>
/// The loaded Pocket TTS bundle: the one owner of its five ONNX Runtime sessions. Load once and share; concurrent
/// requests share the sessions while each keeps its own recurrent state.
/// </summary>
public sealed class PocketModel : IDisposable
{
    private readonly SessionOptions _sessionOptions;
    private readonly Dictionary<PocketGraph, InferenceSession> _sessions = [];
    private readonly Dictionary<PocketGraph, string> _graphFiles = [];
    private readonly float[]? _bosBeforeVoice;
    private OrtValue? _emptySequence;
    private OrtValue? _emptyText;
    private readonly UseCount _users;

    private PocketModel(PocketTextChunker chunker, PocketModelOptions options)
    {
        _users = new UseCount(this, ReleaseNative);
        var bundle = chunker.Bundle;
        Bundle = bundle;
        Precision = options.Precision;
        Chunker = chunker;
        if (bundle.InsertBosBeforeVoice)
        {
            var (data, _) = NpyFloatArray.Read(bundle.PathOf(bundle.BosBeforeVoiceFile!));
            if (data.Length != bundle.ConditioningDim)
            {
                throw new InvalidDataException(
                    $"{bundle.BosBeforeVoiceFile} holds {data.Length} values; conditioning_dim is {bundle.ConditioningDim}.");
            }

            _bosBeforeVoice = data;
        }

        _sessionOptions = new SessionOptions
        {
            IntraOpNumThreads = options.IntraOpThreads ?? Math.Min(Environment.ProcessorCount, 4),
            InterOpNumThreads = 1,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
        };
    }

    public PocketBundle Bundle { get; }

    public SentencePieceTokenizer Tokenizer => Chunker.Tokenizer;

    public PocketTextChunker Chunker { get; }

    /// <summary>The precision asked for; <see cref="GraphFile"/> tells which file each graph really came from.</summary>
    public PocketPrecision Precision { get; }

    /// <summary>Loads the bundle folder: bundle.json, its tokenizer (unless one loaded from it is given), and the five graphs.</summary>
    public static PocketModel Load(string bundleDirectory, PocketModelOptions? options = null, PocketTextChunker? chunker = null)
    {
        var model = new PocketModel(chunker ?? PocketTextChunker.Load(bundleDirectory), options ?? new PocketModelOptions());
        try
        {
            model.OpenSessions();
            return model;
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }

    /// <summary>The full path of the ONNX file serving <paramref name="graph"/>.</summary>
    public string GraphFile(PocketGraph graph)
    {
        ThrowIfDisposed();
        return _graphFiles[graph];
    }

    /// <summary>
    /// Conditions the backbone on a reference clip (§3.2): mono float samples in [-1, 1] at the bundle's sample
    /// rate (24 kHz). Only the start of a long clip is used, so the prompt takes at most
    /// <see cref="PocketBundle.MaxVoicePositions"/> cache positions. The result is meant to be cached per voice.
    /// </summary>
    public PocketVoice CreateVoice(ReadOnlySpan<float> samples, CancellationToken cancellationToken = default)
    {
        using var use = _users.Enter();
        if (samples.IsEmpty)
        {
            throw new ArgumentException("The reference clip has no samples.", nameof(samples));
        }

        using var runOptions = new RunOptions();
        using var registration = cancellationToken.Register(() => runOptions.Terminate = true);
        var bosRows = _bosBeforeVoice is null ? 0 : 1;
        var maxFrames = Bundle.MaxVoicePositions - bosRows;
        samples = samples[..Math.Min(samples.Length, maxFrames * Bundle.SamplesPerFrame)];
        float[] voiceRows;
        int frames;
        using (var audio = OrtValue.CreateTensorValueFromMemory(samples.ToArray(), [1, 1, samples.Length]))
        {
            var encoded = Run(PocketGraph.MimiEncoder, runOptions, ["audio"], [audio], ["latents"], cancellationToken);
            using var latents = encoded[0];
            var shape = latents.GetTensorTypeAndShape().Shape;
            frames = Math.Min(checked((int)shape[^2]), maxFrames);
            voiceRows = new float[(frames + bosRows) * Bundle.ConditioningDim];
            _bosBeforeVoice?.CopyTo(voiceRows, 0);
            latents.GetTensorDataAsSpan<float>()[..(frames * Bundle.ConditioningDim)].CopyTo(voiceRows.AsSpan(bosRows * Bundle.ConditioningDim));
            frames += bosRows;
        }

        var state = PocketState.CreateInitial(Bundle.FlowLmStates);
        try
        {
            using var text = OrtValue.CreateTensorValueFromMemory(voiceRows, [1, frames, Bundle.ConditioningDim]);
            RunBackbone(state, EmptySequence, text, runOptions, cancellationToken).Dispose();
            return new PocketVoice(this, state, frames);
        }
        catch
        {
            state.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Speaks <paramref name="text"/> in <paramref name="voice"/>: one block of mono float PCM at the bundle's sample
    /// rate per decoder call, in order. Cancelling stops the request, inside an ONNX Runtime run if one is going.
    /// </summary>
    public IAsyncEnumerable<float[]> StreamAsync(
        PocketVoice voice,
        string text,
        PocketGenerationOptions? options = null,
        CancellationToken cancellationToken = default) =>
        StreamAsync(voice, Chunker.Split(text).Chunks, options, cancellationToken);

    /// <summary>Speaks chunks already cut by <see cref="Chunker"/>, in order, as one stream.</summary>
    public async IAsyncEnumerable<float[]> StreamAsync(
        PocketVoice voice,
        IEnumerable<PocketTextChunk> chunks,
        PocketGenerationOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(voice);
        if (!ReferenceEquals(voice.Owner, this))
        {
            throw new ArgumentException("The voice was made by another model instance.", nameof(voice));
        }

        options ??= new PocketGenerationOptions();
        options.Validate();
        // Disposing the model or the voice while this stream runs waits for it to end.
        using var modelUse = _users.Enter();
        using var voiceUse = voice.Enter();

        // The generation below is synchronous CPU work; leave the caller's thread first.
        await Task.Yield();
        using var runOptions = new RunOptions();
        using var registration = cancellationToken.Register(() => runOptions.Terminate = true);
        var random = new Random(options.Seed ?? Random.Shared.Next());
        var groupCapacity = Math.Max(options.FirstDecodeFrames, options.DecodeFrames);
        var pending = ArrayPool<float>.Shared.Rent(groupCapacity * Bundle.LatentDim);
        try
        {
            foreach (var chunk in chunks)
            {
                var framesAfterEos = options.FramesAfterEos ?? Bundle.ModelRecommendedFramesAfterEos ?? chunk.FramesAfterEosGuess + 2;
                using var generator = new ChunkGenerator(this, voice, chunk.TokenIds, framesAfterEos, options, random, runOptions, cancellationToken);
                using var decoder = new DecoderStream(this, runOptions, cancellationToken);
                var groupTarget = options.FirstDecodeFrames;
                var pendingFrames = 0;
                while (generator.TryNext(pending.AsSpan(pendingFrames * Bundle.LatentDim, Bundle.LatentDim)))
                {
                    if (++pendingFrames == groupTarget)
                    {
                        yield return decoder.Decode(pending, pendingFrames);
                        pendingFrames = 0;
                        groupTarget = options.DecodeFrames;
                    }
                }

                if (pendingFrames > 0)
                {
                    yield return decoder.Decode(pending, pendingFrames);
                }
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(pending);
        }
    }

    /// <summary>Refuses new work; the sessions are released when the last running stream or voice conditioning ends.</summary>
    public void Dispose() => _users.Close();

    private void ReleaseNative()
    {
        foreach (var session in _sessions.Values)
        {
            session.Dispose();
        }

        _sessions.Clear();
        _emptySequence?.Dispose();
        _emptyText?.Dispose();
        _sessionOptions.Dispose();
    }

    internal OrtValue EmptySequence => _emptySequence!;

    internal OrtValue EmptyText => _emptyText!;

    private void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(_users.IsClosed, this);

    /// <summary>Runs one graph; a run stopped by <see cref="RunOptions.Terminate"/> surfaces as cancellation.</summary>
    internal OrtValue[] Run(
        PocketGraph graph,
        RunOptions runOptions,
        IReadOnlyCollection<string> inputNames,
        IReadOnlyCollection<OrtValue> inputs,
        IReadOnlyCollection<string> outputNames,
        CancellationToken cancellationToken)
    {
        // Callers hold a use of the model (a stream or a conditioning), so the sessions are still there.
        cancellationToken.ThrowIfCancellationRequested();
        try
        {
            // The returned collection only disposes its elements; callers take ownership of each value instead.
            return [.. _sessions[graph].Run(runOptions, inputNames, inputs, outputNames)];
        }
        catch (OnnxRuntimeException) when (cancellationToken.IsCancellationRequested)
        {
            throw new OperationCanceledException("The speech request was cancelled during an ONNX Runtime run.", cancellationToken);
        }
    }

    /// <summary>One flow_lm_main run: updates <paramref name="state"/> and returns conditioning (eos_logit is read, then released).</summary>
    internal BackboneStep RunBackbone(PocketState state, OrtValue sequence, OrtValue text, RunOptions runOptions, CancellationToken cancellationToken)
    {
        var manifest = state.Manifest;
        var inputNames = new string[2 + manifest.Count];
        var outputNames = new string[2 + manifest.Count];
        var inputs = new OrtValue[2 + manifest.Count];
        (inputNames[0], inputNames[1], outputNames[0], outputNames[1]) = ("sequence", "text_embeddings", "conditioning", "eos_logit");
        (inputs[0], inputs[1]) = (sequence, text);
        for (var i = 0; i < manifest.Count; i++)
        {
            inputNames[2 + i] = manifest.Entries[i].InputName;
            outputNames[2 + i] = manifest.Entries[i].OutputName;
            inputs[2 + i] = state.Values[i];
        }

        var outputs = Run(PocketGraph.FlowLmMain, runOptions, inputNames, inputs, outputNames, cancellationToken);
        state.TakeOutputs(outputs, 2);
        using var eos = outputs[1];
        return new BackboneStep(outputs[0], eos.GetTensorDataAsSpan<float>()[0]);
    }

    private void OpenSessions()
    {
        Open(PocketGraph.TextConditioner, "text_conditioner", allowInt8: false);
        Open(PocketGraph.MimiEncoder, "mimi_encoder", allowInt8: false);
        Open(PocketGraph.FlowLmMain, "flow_lm_main", allowInt8: true);
        Open(PocketGraph.FlowLmFlow, "flow_lm_flow", allowInt8: true);
        Open(PocketGraph.MimiDecoder, "mimi_decoder", allowInt8: true);
        CheckStates(PocketGraph.FlowLmMain, Bundle.FlowLmStates);
        CheckStates(PocketGraph.MimiDecoder, Bundle.MimiStates);
        _emptySequence = OrtValue.CreateTensorValueFromMemory(Array.Empty<float>(), [1, 0, Bundle.LatentDim]);
        _emptyText = OrtValue.CreateTensorValueFromMemory(Array.Empty<float>(), [1, 0, Bundle.ConditioningDim]);
    }

    private void Open(PocketGraph graph, string stem, bool allowInt8)
    {
        var int8 = Bundle.PathOf(stem + "_int8.onnx");
        var plain = Bundle.PathOf(stem + ".onnx");
        // The asked precision where the bundle has it, else the other one: the non-English bundles are pinned in int8 only.
        var (preferred, other) = allowInt8 && Precision == PocketPrecision.Int8 ? (int8, plain) : (plain, allowInt8 ? int8 : plain);
        var path = File.Exists(preferred) || !File.Exists(other) ? preferred : other;
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"The Pocket TTS bundle has no {Path.GetFileName(path)}.", path);
        }

        _sessions[graph] = new InferenceSession(path, _sessionOptions);
        _graphFiles[graph] = path;
    }

    private void CheckStates(PocketGraph graph, StateManifest manifest)
    {
        var session = _sessions[graph];
        foreach (var entry in manifest.Entries)
        {
            if (!session.InputMetadata.ContainsKey(entry.InputName) || !session.OutputMetadata.ContainsKey(entry.OutputName))
            {
                throw new InvalidDataException(
                    $"{Path.GetFileName(_graphFiles[graph])} has no {entry.InputName}/{entry.OutputName} for state {entry.Module}/{entry.Key}.");
            }
        }

        var stateInputs = session.InputMetadata.Keys.Count(name => name.StartsWith("state_", StringComparison.Ordinal));
        if (stateInputs != manifest.Count)
        {
            throw new InvalidDataException(
                $"{Path.GetFileName(_graphFiles[graph])} takes {stateInputs} states; bundle.json lists {manifest.Count}.");
        }
    }
}

/// <summary>A backbone run's outputs: the conditioning vector (owned by the caller) and the EOS logit.</summary>
internal readonly record struct BackboneStep(OrtValue Conditioning, float EosLogit) : IDisposable
{
    public void Dispose() => Conditioning.Dispose();
}
