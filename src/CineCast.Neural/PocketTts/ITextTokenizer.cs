using Microsoft.ML.Tokenizers;

namespace CineCast.Neural.PocketTts;

/// <summary>Text to token ids and back, without BOS/EOS (ONNX-CONTRACT.md §3.5).</summary>
public interface ITextTokenizer
{
    IReadOnlyList<int> Encode(string text);

    string Decode(IEnumerable<int> ids);
}

/// <summary>The bundle's SentencePiece model through Microsoft.ML.Tokenizers.</summary>
public sealed class SentencePieceTextTokenizer : ITextTokenizer
{
    private readonly SentencePieceTokenizer _tokenizer;

    private SentencePieceTextTokenizer(SentencePieceTokenizer tokenizer) => _tokenizer = tokenizer;

    public static SentencePieceTextTokenizer Load(string modelPath)
    {
        using var stream = File.OpenRead(modelPath);
        return new SentencePieceTextTokenizer(
            SentencePieceTokenizer.Create(stream, addBeginningOfSentence: false, addEndOfSentence: false));
    }

    public IReadOnlyList<int> Encode(string text) => _tokenizer.EncodeToIds(text);

    public string Decode(IEnumerable<int> ids) => _tokenizer.Decode(ids) ?? string.Empty;
}
