namespace CineCast.Neural.SentencePiece;

/// <summary>
/// Just enough of the protocol buffers wire format to read a SentencePiece <c>ModelProto</c>: varints, 32-bit
/// fixed values and length-delimited fields; anything else is skipped by its wire type.
/// </summary>
internal ref struct ProtoReader(ReadOnlySpan<byte> data)
{
    private readonly ReadOnlySpan<byte> _data = data;
    private int _position;

    public readonly bool AtEnd => _position >= _data.Length;

    public (int Field, int WireType) ReadTag()
    {
        var tag = ReadVarint();
        return ((int)(tag >> 3), (int)(tag & 7));
    }

    public ulong ReadVarint()
    {
        ulong value = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            var b = Next();
            value |= (ulong)(b & 0x7F) << shift;
            if ((b & 0x80) == 0)
            {
                return value;
            }
        }

        throw new InvalidDataException("tokenizer.model: a varint is longer than 10 bytes.");
    }

    public float ReadFloat()
    {
        var bytes = Take(4);
        return BitConverter.ToSingle(bytes);
    }

    public ReadOnlySpan<byte> ReadBytes()
    {
        var length = ReadVarint();
        return length > (ulong)(_data.Length - _position)
            ? throw new InvalidDataException("tokenizer.model: a field runs past the end of the file.")
            : Take((int)length);
    }

    public void Skip(int wireType)
    {
        switch (wireType)
        {
            case 0: ReadVarint(); break;
            case 1: Take(8); break;
            case 2: ReadBytes(); break;
            case 5: Take(4); break;
            default: throw new InvalidDataException($"tokenizer.model: wire type {wireType} is not valid here.");
        }
    }

    private byte Next() =>
        _position < _data.Length ? _data[_position++] : throw new InvalidDataException("tokenizer.model ends in the middle of a field.");

    private ReadOnlySpan<byte> Take(int count)
    {
        if (count > _data.Length - _position)
        {
            throw new InvalidDataException("tokenizer.model ends in the middle of a field.");
        }

        var slice = _data.Slice(_position, count);
        _position += count;
        return slice;
    }
}
