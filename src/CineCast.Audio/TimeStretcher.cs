namespace CineCast.Audio;

/// <summary>
/// Changes the pace of speech and keeps its pitch: WSOLA (waveform-similarity overlap-add). Windows of 40 ms are
/// laid down every 20 ms of output while the read position moves 20 ms × speed through the input; each window is
/// shifted by up to ±10 ms to where it best continues the waveform already written, so pitch periods line up.
/// Streaming: feed blocks to <see cref="Process"/>, then call <see cref="Flush"/>; the output is exactly
/// round(input length / speed) samples long. Returned blocks are valid until the next call.
/// </summary>
public sealed class TimeStretcher
{
    private readonly int _window;
    private readonly int _hop;
    private readonly int _tolerance;
    private readonly double _analysisHop;
    private readonly float[] _weights;
    private readonly float[] _overlap;
    private float[] _input = new float[8192];
    private float[] _output = new float[4096];
    private long _inputStart;
    private long _inputEnd;
    private long _frame;
    private long _previous = -1;
    private long _written;

    public TimeStretcher(int sampleRate, double speed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(sampleRate, 8000);
        if (!double.IsFinite(speed) || speed is < 0.25 or > 4)
        {
            throw new ArgumentOutOfRangeException(nameof(speed), speed, "Speed must be between 0.25 and 4.");
        }

        Speed = speed;
        _hop = sampleRate / 50;
        _window = 2 * _hop;
        _tolerance = sampleRate / 100;
        _analysisHop = _hop * speed;
        _weights = new float[_window];
        for (var n = 0; n < _window; n++)
        {
            // A periodic Hann window: two of them half a window apart add up to exactly one.
            _weights[n] = (float)(0.5 - (0.5 * Math.Cos(2 * Math.PI * n / _window)));
        }

        _overlap = new float[_window];
    }

    public double Speed { get; }

    /// <summary>Takes more input; returns the output that is now final.</summary>
    public ReadOnlyMemory<float> Process(ReadOnlySpan<float> input)
    {
        Append(input);
        var produced = 0;
        while (NextFrameHasItsInput())
        {
            produced = LayFrame(produced);
        }

        _written += produced;
        return _output.AsMemory(0, produced);
    }

    /// <summary>Ends the input; returns the rest of the output.</summary>
    public ReadOnlyMemory<float> Flush()
    {
        var total = (long)Math.Round(_inputEnd / Speed);
        var produced = 0;
        while (_written + produced < total)
        {
            produced = LayFrame(produced);
        }

        var keep = (int)(total - _written);
        _written = total;
        return _output.AsMemory(0, Math.Min(keep, produced));
    }

    private bool NextFrameHasItsInput() =>
        NominalStart(_frame) + _tolerance + _window <= _inputEnd && (_previous < 0 || _previous + _hop + _hop <= _inputEnd);

    private long NominalStart(long frame) => (long)Math.Round(frame * _analysisHop);

    /// <summary>Adds the next window and moves its first, now complete, hop of output to the result.</summary>
    private int LayFrame(int produced)
    {
        var start = _frame == 0 ? 0 : BestStart();
        for (var n = 0; n < _window; n++)
        {
            // The very first half window has nothing before it to overlap with: it is taken whole.
            var weight = _frame == 0 && n < _hop ? 1f : _weights[n];
            _overlap[n] += weight * InputAt(start + n);
        }

        EnsureOutput(produced + _hop);
        _overlap.AsSpan(0, _hop).CopyTo(_output.AsSpan(produced));
        _overlap.AsSpan(_hop).CopyTo(_overlap);
        _overlap.AsSpan(_hop).Clear();
        _previous = start;
        _frame++;
        DropInputBefore(Math.Min(NominalStart(_frame) - _tolerance, _previous + _hop));
        return produced + _hop;
    }

    /// <summary>Where the next window starts: within the tolerance of its nominal place, most like the natural continuation.</summary>
    private long BestStart()
    {
        var nominal = NominalStart(_frame);
        var continuation = _previous + _hop;
        var best = nominal;
        var bestScore = double.NegativeInfinity;
        for (var shift = -_tolerance; shift <= _tolerance; shift++)
        {
            var candidate = nominal + shift;
            if (candidate < _inputStart)
            {
                continue;
            }

            double product = 0, energy = 1e-9;
            for (var n = 0; n < _hop; n++)
            {
                var x = InputAt(candidate + n);
                product += x * InputAt(continuation + n);
                energy += x * x;
            }

            var score = product / Math.Sqrt(energy);
            if (score > bestScore)
            {
                (bestScore, best) = (score, candidate);
            }
        }

        return best;
    }

    private float InputAt(long index) =>
        index >= _inputStart && index < _inputEnd ? _input[index - _inputStart] : 0f;

    private void Append(ReadOnlySpan<float> input)
    {
        var length = (int)(_inputEnd - _inputStart);
        if (length + input.Length > _input.Length)
        {
            Array.Resize(ref _input, Math.Max(_input.Length * 2, length + input.Length));
        }

        input.CopyTo(_input.AsSpan(length));
        _inputEnd += input.Length;
    }

    private void DropInputBefore(long index)
    {
        var drop = (int)Math.Clamp(index - _inputStart, 0, _inputEnd - _inputStart);
        if (drop > 0)
        {
            _input.AsSpan(drop, (int)(_inputEnd - _inputStart) - drop).CopyTo(_input);
            _inputStart += drop;
        }
    }

    private void EnsureOutput(int length)
    {
        if (length > _output.Length)
        {
            Array.Resize(ref _output, Math.Max(_output.Length * 2, length));
        }
    }
}
