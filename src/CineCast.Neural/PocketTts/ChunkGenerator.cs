using Microsoft.ML.OnnxRuntime;

namespace CineCast.Neural.PocketTts;

/// <summary>Latent generation for one text chunk (§3.6): text prefill from the voice state, then the AR/flow loop.</summary>
internal sealed class ChunkGenerator : IDisposable
{
    private readonly PocketModel _model;
    private readonly int _latentDim;
    private readonly int _framesAfterEos;
    private readonly PocketGenerationOptions _options;
    private readonly Random _random;
    private readonly RunOptions _runOptions;
    private readonly CancellationToken _cancellationToken;
    private readonly float[] _previous;
    private readonly float[] _x;
    private readonly OrtValue _previousValue;
    private readonly OrtValue _xValue;
    private readonly OrtValue[] _flowS;
    private readonly OrtValue[] _flowT;

    public ChunkGenerator(
        PocketModel model,
        PocketVoice voice,
        IReadOnlyList<int> tokenIds,
        int framesAfterEos,
        PocketGenerationOptions options,
        Random random,
        RunOptions runOptions,
        CancellationToken cancellationToken)
    {
        _model = model;
        _latentDim = model.Bundle.LatentDim;
        _framesAfterEos = framesAfterEos;
        _options = options;
        _random = random;
        _runOptions = runOptions;
        _cancellationToken = cancellationToken;
        // Kyutai's estimate (3 tokens a second plus 2 s), but never past the end of the backbone's cache: the voice
        // prompt and the tokens hold their positions, and each generated frame takes one more.
        var estimate = (int)Math.Ceiling(((tokenIds.Count / PocketBundle.TokensPerSecond) + 2.0) * model.Bundle.FrameRate);
        var room = model.Bundle.FlowCachePositions - voice.Positions - tokenIds.Count;
        if (room < 1)
        {
            throw new InvalidOperationException(
                $"A chunk of {tokenIds.Count} tokens after a voice prompt of {voice.Positions} positions leaves no room in the {model.Bundle.FlowCachePositions}-position cache.");
        }

        FrameLimit = Math.Min(estimate, room);

        _previous = new float[_latentDim];
        Array.Fill(_previous, float.NaN);
        _x = new float[_latentDim];
        _previousValue = OrtValue.CreateTensorValueFromMemory(_previous, [1, 1, _latentDim]);
        _xValue = OrtValue.CreateTensorValueFromMemory(_x, [1, _latentDim]);
        var steps = options.FlowSteps;
        _flowS = new OrtValue[steps];
        _flowT = new OrtValue[steps];
        for (var j = 0; j < steps; j++)
        {
            _flowS[j] = OrtValue.CreateTensorValueFromMemory(new[] { (float)j / steps }, [1, 1]);
            _flowT[j] = OrtValue.CreateTensorValueFromMemory(new[] { (float)(j + 1) / steps }, [1, 1]);
        }

        State = voice.State.Borrow();
        var ids = tokenIds.Select(id => (long)id).ToArray();
        using var tokens = OrtValue.CreateTensorValueFromMemory(ids, [1, ids.Length]);
        var embeddings = model.Run(PocketGraph.TextConditioner, runOptions, ["token_ids"], [tokens], ["embeddings"], cancellationToken)[0];
        using (embeddings)
        {
            model.RunBackbone(State, model.EmptySequence, embeddings, runOptions, cancellationToken).Dispose();
        }
    }

    /// <summary>The backbone state of this chunk (starts as a borrowed view of the voice state).</summary>
    public PocketState State { get; }

    public int FrameLimit { get; }

    /// <summary>Backbone AR steps run so far, including a final step that only confirmed the stop.</summary>
    public int StepsRun { get; private set; }

    public int? EosStep { get; private set; }

    public int LatentsEmitted { get; private set; }

    /// <summary>Writes the next latent into <paramref name="latent"/>; false when the chunk has ended.</summary>
    public bool TryNext(Span<float> latent)
    {
        _cancellationToken.ThrowIfCancellationRequested();
        if (StepsRun >= FrameLimit)
        {
            return false;
        }

        var step = StepsRun++;
        using var backbone = _model.RunBackbone(State, _previousValue, _model.EmptyText, _runOptions, _cancellationToken);
        if (EosStep is null && backbone.EosLogit > _options.EosThreshold)
        {
            EosStep = step;
        }

        if (EosStep is { } eos && step >= eos + _framesAfterEos)
        {
            return false;
        }

        FillNoise();
        for (var j = 0; j < _flowS.Length; j++)
        {
            var outputs = _model.Run(
                PocketGraph.FlowLmFlow, _runOptions, ["c", "s", "t", "x"],
                [backbone.Conditioning, _flowS[j], _flowT[j], _xValue], ["flow_dir"], _cancellationToken);
            using var direction = outputs[0];
            var flow = direction.GetTensorDataAsSpan<float>();
            for (var k = 0; k < _latentDim; k++)
            {
                _x[k] += flow[k] / _flowS.Length;
            }
        }

        _x.CopyTo(latent);
        _x.CopyTo(_previous, 0);
        LatentsEmitted++;
        return true;
    }

    private void FillNoise()
    {
        if (_options.Temperature == 0)
        {
            Array.Clear(_x);
            return;
        }

        var sigma = MathF.Sqrt(_options.Temperature);
        for (var k = 0; k < _x.Length; k++)
        {
            // Box-Muller; 1 - u keeps the logarithm's argument above zero.
            var u1 = 1.0 - _random.NextDouble();
            var u2 = _random.NextDouble();
            _x[k] = sigma * (float)(Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2));
        }
    }

    public void Dispose()
    {
        State.Dispose();
        _previousValue.Dispose();
        _xValue.Dispose();
        foreach (var value in _flowS.Concat(_flowT))
        {
            value.Dispose();
        }
    }
}
