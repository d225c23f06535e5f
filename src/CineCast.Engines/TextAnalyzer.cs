using CineCast.Speech.Text;

namespace CineCast.Engines;

/// <summary>Text to look at with an engine's eyes: <c>voice</c> is optional and only checked and reported.</summary>
public sealed record AnalyzeRequest(string? Text, string? Voice);

/// <summary>One chunk as the engine receives it, with where it came from in the caller's text and what the engine reads in it.</summary>
public sealed record AnalyzedChunk(int Index, string Text, string Language, int SourceStart, int SourceLength, IReadOnlyList<TokenReading>? Tokens, string? Phonemes);

/// <summary>
/// The plan an engine would speak, without speaking it. <c>Refusal</c> says why speaking it would be refused
/// (the voice, or the text's language), or is null.
/// </summary>
public sealed record TextAnalysis(string Engine, string Normalized, string Language, string? Voice, string? Refusal, IReadOnlyList<AnalyzedChunk> Chunks);

/// <summary>What an engine would read for a text, without speaking it: for the analyze endpoint and the playground.</summary>
public static class TextAnalyzer
{
    /// <summary>The engine's plan with its tokens or phonemes; throws <see cref="EngineFailedException"/> when the engine cannot read text yet.</summary>
    public static async Task<TextAnalysis> AnalyzeAsync(ISpeechEngine engine, string text, SpeakingVoice? voice, CancellationToken cancellationToken)
    {
        var chunks = new List<AnalyzedChunk>();
        foreach (var chunk in engine.Plan(text))
        {
            var reading = await engine.ReadAsync(chunk, cancellationToken);
            chunks.Add(new AnalyzedChunk(chunk.Index, chunk.Text, chunk.Language.Code(), chunk.SourceStart, chunk.SourceLength, reading.Tokens, reading.Phonemes));
        }

        var language = LanguageDetector.Detect(text);
        var refusal = (voice is null ? null : engine.CannotSpeak(voice, 1.0)) ?? engine.CannotSay(text);
        return new TextAnalysis(engine.Id, TextNormalizer.Normalize(text, language), language.Code(), voice?.Id, refusal, chunks);
    }
}
