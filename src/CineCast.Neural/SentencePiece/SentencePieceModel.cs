using System.Text;

namespace CineCast.Neural.SentencePiece;

/// <summary>The kinds of piece a SentencePiece model holds (<c>ModelProto.SentencePiece.Type</c>).</summary>
public enum PieceType
{
    Normal = 1,
    Unknown = 2,
    Control = 3,
    UserDefined = 4,
    Unused = 5,
    Byte = 6,
}

/// <summary>One vocabulary entry: its text (with ▁ for a space), its log probability and its kind.</summary>
public sealed record Piece(string Text, float Score, PieceType Type);

/// <summary>
/// The parts of a SentencePiece <c>.model</c> file (a serialized <c>ModelProto</c>) that encoding and decoding
/// read: the pieces, the model type and byte fallback from the trainer spec, and the normaliser spec.
/// </summary>
public sealed class SentencePieceModel
{
    private const int UnigramModelType = 1;

    public required IReadOnlyList<Piece> Pieces { get; init; }

    public required bool ByteFallback { get; init; }

    public required bool TreatWhitespaceAsSuffix { get; init; }

    /// <summary>What an unknown piece decodes to (<c>trainer_spec.unk_surface</c>, " ⁇ " unless the model says otherwise).</summary>
    public required string UnknownSurface { get; init; }

    public required byte[] PrecompiledCharsMap { get; init; }

    public required bool AddDummyPrefix { get; init; }

    public required bool RemoveExtraWhitespaces { get; init; }

    public required bool EscapeWhitespaces { get; init; }

    public static SentencePieceModel Parse(ReadOnlySpan<byte> file)
    {
        var pieces = new List<Piece>();
        var trainer = new TrainerFields();
        var normalizer = new NormalizerFields();
        var reader = new ProtoReader(file);
        while (!reader.AtEnd)
        {
            var (field, wireType) = reader.ReadTag();
            switch (field, wireType)
            {
                case (1, 2): pieces.Add(ReadPiece(reader.ReadBytes())); break;
                case (2, 2): trainer = ReadTrainer(reader.ReadBytes()); break;
                case (3, 2): normalizer = ReadNormalizer(reader.ReadBytes()); break;
                case (5, 2):
                    if (ReadNormalizer(reader.ReadBytes()).CharsMap.Length > 0)
                    {
                        throw new InvalidDataException("tokenizer.model has denormalisation rules, which this tokenizer does not apply.");
                    }

                    break;
                default: reader.Skip(wireType); break;
            }
        }

        if (trainer.ModelType != UnigramModelType)
        {
            throw new InvalidDataException($"tokenizer.model is not a unigram model (model_type {trainer.ModelType}); only unigram models are supported.");
        }

        if (pieces.Count(p => p.Type == PieceType.Unknown) != 1)
        {
            throw new InvalidDataException("tokenizer.model must have exactly one unknown piece.");
        }

        return new SentencePieceModel
        {
            Pieces = pieces,
            ByteFallback = trainer.ByteFallback,
            TreatWhitespaceAsSuffix = trainer.TreatWhitespaceAsSuffix,
            UnknownSurface = trainer.UnknownSurface,
            PrecompiledCharsMap = normalizer.CharsMap,
            AddDummyPrefix = normalizer.AddDummyPrefix,
            RemoveExtraWhitespaces = normalizer.RemoveExtraWhitespaces,
            EscapeWhitespaces = normalizer.EscapeWhitespaces,
        };
    }

    private static Piece ReadPiece(ReadOnlySpan<byte> message)
    {
        string text = "";
        float score = 0;
        var type = PieceType.Normal;
        var reader = new ProtoReader(message);
        while (!reader.AtEnd)
        {
            var (field, wireType) = reader.ReadTag();
            switch (field, wireType)
            {
                case (1, 2): text = Encoding.UTF8.GetString(reader.ReadBytes()); break;
                case (2, 5): score = reader.ReadFloat(); break;
                case (3, 0): type = (PieceType)(int)reader.ReadVarint(); break;
                default: reader.Skip(wireType); break;
            }
        }

        return Enum.IsDefined(type) ? new Piece(text, score, type) : throw new InvalidDataException($"tokenizer.model: piece '{text}' has unknown type {(int)type}.");
    }

    private static TrainerFields ReadTrainer(ReadOnlySpan<byte> message)
    {
        var fields = new TrainerFields();
        var reader = new ProtoReader(message);
        while (!reader.AtEnd)
        {
            var (field, wireType) = reader.ReadTag();
            switch (field, wireType)
            {
                case (3, 0): fields.ModelType = (int)reader.ReadVarint(); break;
                case (24, 0): fields.TreatWhitespaceAsSuffix = reader.ReadVarint() != 0; break;
                case (35, 0): fields.ByteFallback = reader.ReadVarint() != 0; break;
                case (44, 2): fields.UnknownSurface = Encoding.UTF8.GetString(reader.ReadBytes()); break;
                default: reader.Skip(wireType); break;
            }
        }

        return fields;
    }

    private static NormalizerFields ReadNormalizer(ReadOnlySpan<byte> message)
    {
        var fields = new NormalizerFields();
        var reader = new ProtoReader(message);
        while (!reader.AtEnd)
        {
            var (field, wireType) = reader.ReadTag();
            switch (field, wireType)
            {
                case (2, 2): fields.CharsMap = reader.ReadBytes().ToArray(); break;
                case (3, 0): fields.AddDummyPrefix = reader.ReadVarint() != 0; break;
                case (4, 0): fields.RemoveExtraWhitespaces = reader.ReadVarint() != 0; break;
                case (5, 0): fields.EscapeWhitespaces = reader.ReadVarint() != 0; break;
                default: reader.Skip(wireType); break;
            }
        }

        return fields;
    }

    // Proto2 defaults, as declared in sentencepiece_model.proto.
    private sealed class TrainerFields
    {
        public int ModelType { get; set; } = UnigramModelType;

        public bool TreatWhitespaceAsSuffix { get; set; }

        public bool ByteFallback { get; set; }

        public string UnknownSurface { get; set; } = " \u2047 ";
    }

    private sealed class NormalizerFields
    {
        public byte[] CharsMap { get; set; } = [];

        public bool AddDummyPrefix { get; set; } = true;

        public bool RemoveExtraWhitespaces { get; set; } = true;

        public bool EscapeWhitespaces { get; set; } = true;
    }
}
