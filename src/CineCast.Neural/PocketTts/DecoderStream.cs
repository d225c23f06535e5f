using Microsoft.ML.OnnxRuntime;

namespace CineCast.Neural.PocketTts;

/// <summary>Streaming mimi_decoder for one text chunk (§3.7): fresh state per chunk, any grouping of latents.</summary>
internal sealed class DecoderStream : IDisposable
{
    private readonly PocketModel _model;
    private readonly RunOptions _runOptions;
    private readonly CancellationToken _cancellationToken;
    private readonly string[] _inputNames;
    private readonly string[] _outputNames;
    private readonly OrtValue[] _inputs;

    public DecoderStream(PocketModel model, RunOptions runOptions, CancellationToken cancellationToken)
    {
        _model = model;
        _runOptions = runOptions;
        _cancellationToken = cancellationToken;
        State = PocketState.CreateInitial(model.Bundle.MimiStates);
        var entries = State.Manifest.Entries;
        _inputNames = ["latent", .. entries.Select(e => e.InputName)];
        _outputNames = ["audio_frame", .. entries.Select(e => e.OutputName)];
        _inputs = new OrtValue[1 + entries.Count];
    }

    public PocketState State { get; }

    /// <summary>Decodes the first <paramref name="frames"/> latents of <paramref name="latents"/> into PCM samples.</summary>
    public float[] Decode(float[] latents, int frames)
    {
        var latentDim = _model.Bundle.LatentDim;
        using var latent = OrtValue.CreateTensorValueFromMemory(
            OrtMemoryInfo.DefaultInstance, latents.AsMemory(0, frames * latentDim), [1, frames, latentDim]);
        _inputs[0] = latent;
        for (var i = 0; i < State.Values.Count; i++)
        {
            _inputs[1 + i] = State.Values[i];
        }

        var outputs = _model.Run(PocketGraph.MimiDecoder, _runOptions, _inputNames, _inputs, _outputNames, _cancellationToken);
        State.TakeOutputs(outputs, 1);
        using var audio = outputs[0];
        return audio.GetTensorDataAsSpan<float>().ToArray();
    }

    public void Dispose() => State.Dispose();
}
