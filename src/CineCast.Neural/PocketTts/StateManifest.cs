using System.Globalization;
using System.Text.Json;

namespace CineCast.Neural.PocketTts;

/// <summary>Element type of one recurrent state tensor, as named in bundle.json.</summary>
#pragma warning disable CA1720 // The members are named after the bundle.json dtypes on purpose.
public enum StateDType
{
    Float32,
    Int64,
    Bool,
}
#pragma warning restore CA1720

/// <summary>How a state tensor starts before the first run (bundle.json <c>fill</c>).</summary>
public enum StateFill
{
    Zeros,
    Ones,
    Nan,
    Empty,
}

/// <summary>One recurrent state tensor of a streaming graph: <c>state_n</c> in, <c>out_state_n</c> out.</summary>
public sealed record StateEntry(
    int Index,
    string InputName,
    string OutputName,
    string Module,
    string Key,
    StateDType DType,
    StateFill Fill,
    IReadOnlyList<long> Shape)
{
    public long ElementCount => Shape.Aggregate(1L, (product, dim) => product * dim);
}

/// <summary>The states of one graph, ordered by <see cref="StateEntry.Index"/> (the graph's state output order).</summary>
public sealed class StateManifest
{
    private StateManifest(IReadOnlyList<StateEntry> entries) => Entries = entries;

    public IReadOnlyList<StateEntry> Entries { get; }

    public int Count => Entries.Count;

    public StateEntry Find(string module, string key) =>
        Entries.FirstOrDefault(e => e.Module == module && e.Key == key)
        ?? throw new KeyNotFoundException($"No state {module}/{key} in the manifest.");

    internal static StateManifest Parse(JsonElement array, string manifestName)
    {
        if (array.ValueKind != JsonValueKind.Array)
        {
            throw new InvalidDataException($"bundle.json: {manifestName} must be an array.");
        }

        var entries = array.EnumerateArray().Select(item => ParseEntry(item, manifestName)).OrderBy(e => e.Index).ToList();
        for (var i = 0; i < entries.Count; i++)
        {
            if (entries[i].Index != i)
            {
                throw new InvalidDataException(
                    $"bundle.json: {manifestName} indices must be 0..{entries.Count - 1} without gaps or repeats.");
            }
        }

        return new StateManifest(entries);
    }

    private static StateEntry ParseEntry(JsonElement item, string manifestName)
    {
        var index = item.GetProperty("index").GetInt32();
        var shape = item.GetProperty("shape").EnumerateArray().Select(d => d.GetInt64()).ToArray();
        if (shape.Any(d => d < 0))
        {
            throw new InvalidDataException($"bundle.json: {manifestName}[{index}] has a negative dimension.");
        }

        var dtype = item.GetProperty("dtype").GetString() switch
        {
            "float32" => StateDType.Float32,
            "int64" => StateDType.Int64,
            "bool" => StateDType.Bool,
            var other => throw new InvalidDataException($"bundle.json: {manifestName}[{index}] has unsupported dtype '{other}'."),
        };
        var fill = item.GetProperty("fill").GetString() switch
        {
            "zeros" => StateFill.Zeros,
            "ones" => StateFill.Ones,
            "nan" => StateFill.Nan,
            "empty" => StateFill.Empty,
            var other => throw new InvalidDataException($"bundle.json: {manifestName}[{index}] has unsupported fill '{other}'."),
        };
        if (fill == StateFill.Nan && dtype != StateDType.Float32)
        {
            throw new InvalidDataException($"bundle.json: {manifestName}[{index}] asks for NaN in a {dtype} tensor.");
        }

        return new StateEntry(
            index,
            OptionalString(item, "input_name") ?? string.Create(CultureInfo.InvariantCulture, $"state_{index}"),
            OptionalString(item, "output_name") ?? string.Create(CultureInfo.InvariantCulture, $"out_state_{index}"),
            OptionalString(item, "module") ?? string.Empty,
            OptionalString(item, "key") ?? string.Empty,
            dtype,
            fill,
            shape);
    }

    private static string? OptionalString(JsonElement item, string name) =>
        item.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
