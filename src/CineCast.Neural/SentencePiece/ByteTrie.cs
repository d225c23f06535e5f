namespace CineCast.Neural.SentencePiece;

/// <summary>A trie over UTF-8 bytes whose keys carry a value, walked one byte at a time.</summary>
internal sealed class ByteTrie
{
    public const int Root = 0;

    private readonly Dictionary<int, int> _children = [];
    private readonly List<int> _values = [-1];

    public void Add(ReadOnlySpan<byte> key, int value)
    {
        var node = Root;
        foreach (var b in key)
        {
            var edge = Edge(node, b);
            if (!_children.TryGetValue(edge, out var child))
            {
                child = _values.Count;
                _values.Add(-1);
                _children.Add(edge, child);
            }

            node = child;
        }

        _values[node] = value;
    }

    /// <summary>Moves <paramref name="node"/> along <paramref name="b"/>; false when no key continues that way.</summary>
    public bool TryStep(ref int node, byte b) => _children.TryGetValue(Edge(node, b), out node);

    /// <summary>The value of the key that ends at <paramref name="node"/>, or -1.</summary>
    public int ValueAt(int node) => _values[node];

    /// <summary>The length of the longest key that starts <paramref name="text"/>, or 0.</summary>
    public int LongestPrefix(ReadOnlySpan<byte> text)
    {
        var node = Root;
        var longest = 0;
        for (var i = 0; i < text.Length && TryStep(ref node, text[i]); i++)
        {
            if (ValueAt(node) >= 0)
            {
                longest = i + 1;
            }
        }

        return longest;
    }

    private static int Edge(int node, byte b) => checked((node << 8) | b);
}
