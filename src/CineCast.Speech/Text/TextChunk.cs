namespace CineCast.Speech.Text;

/// <summary>One piece of text to synthesize: normalised words, its language, and where it came from in the input.</summary>
public sealed record TextChunk(int Index, string Text, SpeechLanguage Language, int SourceStart, int SourceLength);
