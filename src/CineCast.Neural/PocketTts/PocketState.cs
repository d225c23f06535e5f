using Microsoft.ML.OnnxRuntime;

namespace CineCast.Neural.PocketTts;

/// <summary>
/// The recurrent state tensors of one graph for one request, slot n = manifest index n. Slots can borrow another
/// state's values: graphs never write their inputs, so a cached voice state is shared read-only instead of copied.
/// </summary>
internal sealed class PocketState : IDisposable
{
    private readonly OrtValue[] _values;
    private readonly bool[] _owned;
    private bool _disposed;

    private PocketState(StateManifest manifest, OrtValue[] values, bool owned)
    {
        Manifest = manifest;
        _values = values;
        _owned = Enumerable.Repeat(owned, values.Length).ToArray();
    }

    public StateManifest Manifest { get; }

    public IReadOnlyList<OrtValue> Values => _values;

    public static PocketState CreateInitial(StateManifest manifest)
    {
        var values = new OrtValue[manifest.Count];
        try
        {
            for (var i = 0; i < values.Length; i++)
            {
                values[i] = CreateInitialValue(manifest.Entries[i]);
            }
        }
        catch
        {
            foreach (var value in values)
            {
                value?.Dispose();
            }

            throw;
        }

        return new PocketState(manifest, values, owned: true);
    }

    /// <summary>§1 fill rule: nan → NaN, ones → 1/true, zeros and empty → 0 (empty shapes hold no element).</summary>
    internal static OrtValue CreateInitialValue(StateEntry entry)
    {
        var shape = entry.Shape.ToArray();
        var count = checked((int)entry.ElementCount);
        switch (entry.DType)
        {
            case StateDType.Float32:
                var floats = new float[count];
                if (entry.Fill is StateFill.Nan or StateFill.Ones)
                {
                    Array.Fill(floats, entry.Fill == StateFill.Nan ? float.NaN : 1f);
                }

                return OrtValue.CreateTensorValueFromMemory(floats, shape);
            case StateDType.Int64:
                var longs = new long[count];
                if (entry.Fill == StateFill.Ones)
                {
                    Array.Fill(longs, 1L);
                }

                return OrtValue.CreateTensorValueFromMemory(longs, shape);
            default:
                var bools = new bool[count];
                if (entry.Fill == StateFill.Ones)
                {
                    Array.Fill(bools, true);
                }

                return OrtValue.CreateTensorValueFromMemory(bools, shape);
        }
    }

    /// <summary>A state that reads this one's tensors without owning them; this state must outlive it.</summary>
    public PocketState Borrow()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return new PocketState(Manifest, (OrtValue[])_values.Clone(), owned: false);
    }

    /// <summary>Takes ownership of the state outputs of a run (outputs[offset + index]).</summary>
    public void TakeOutputs(IReadOnlyList<OrtValue> outputs, int offset)
    {
        for (var i = 0; i < _values.Length; i++)
        {
            if (_owned[i])
            {
                _values[i].Dispose();
            }

            _values[i] = outputs[offset + i];
            _owned[i] = true;
        }
    }

    public long ReadInt64(string module, string key) =>
        _values[Manifest.Find(module, key).Index].GetTensorDataAsSpan<long>()[0];

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        for (var i = 0; i < _values.Length; i++)
        {
            if (_owned[i])
            {
                _values[i].Dispose();
            }
        }
    }
}
