using CineCast.Speech.Markup;
using CineCast.Speech.Text;

namespace CineCast.Engines;

/// <summary>Text to look at with an engine's eyes: <c>voice</c> is optional and only checked and reported.</summary>
public sealed record AnalyzeRequest(string? Text, string? Voice);

/// <summary>One chunk as the engine receives it, with where it came from in the caller's text and what the engine reads in it.</summary>
public sealed record AnalyzedChunk(int Index, string Text, string Language, int SourceStart, int SourceLength, IReadOnlyList<TokenReading>? Tokens, string? Phonemes);

/// <summary>A pause the text asks for: its span in the caller's text and how long it lasts.</summary>
public sealed record AnalyzedPause(int Offset, int Length, double Seconds);

/// <summary>
/// The plan an engine would speak, without speaking it. <c>Refusal</c> says why speaking it would be refused
/// (the voice, the text's language, a <c>&lt;phoneme&gt;</c>), or is null. <c>Normalized</c> is what is said, after
/// markup (<c>&lt;sub&gt;</c>, <c>&lt;say-as&gt;</c>) and the normaliser.
/// </summary>
public sealed record TextAnalysis(string Engine, string Normalized, string Language, string? Voice, string? Refusal, IReadOnlyList<AnalyzedChunk> Chunks)
{
    public IReadOnlyList<AnalyzedPause> Pauses { get; init; } = [];
}

/// <summary>What an engine would read for a text, without speaking it: for the analyze endpoint and the playground.</summary>
public static class TextAnalyzer
{
    /// <summary>
    /// The engine's plan with its tokens or phonemes, part by part of the text's script (its markup read, a lexicon
    /// applied), spans in the caller's text. Throws <see cref="EngineFailedException"/> when the engine cannot read text yet.
    /// </summary>
    public static async Task<TextAnalysis> AnalyzeAsync(ISpeechEngine engine, SpeechScript script, SpeakingVoice? voice, CancellationToken cancellationToken)
    {
        var chunks = new List<AnalyzedChunk>();
        var said = new List<string>();
        string? refusal = null;
        foreach (var say in script.Sayings)
        {
            foreach (var chunk in engine.Plan(say.Text, say.Language))
            {
                var reading = await engine.ReadAsync(chunk, cancellationToken);
                var (offset, length) = say.Map.ToSource(chunk.SourceStart, chunk.SourceLength);
                chunks.Add(new AnalyzedChunk(chunks.Count, chunk.Text, chunk.Language.Code(), offset, length, reading.Tokens, reading.Phonemes));
            }
            said.Add(TextNormalizer.Normalize(say.Text, say.Language ?? LanguageDetector.Detect(say.Text)));
            refusal ??= engine.CannotSay(say.Text, say.Language);
        }

        if (script.Parts.OfType<PhonemePart>().FirstOrDefault() is { } phoneme)
        {
            refusal ??= $"The {engine.Id} engine cannot speak {phoneme}: it reads words, not IPA.";
        }
        var language = LanguageDetector.Detect(string.Join(' ', script.Sayings.Select(say => say.Text)));
        var pauses = script.Parts.OfType<PausePart>().Select(pause => new AnalyzedPause(pause.Offset, pause.Length, pause.Duration.TotalSeconds)).ToList();
        return new TextAnalysis(engine.Id, string.Join(' ', said.Where(s => s.Length > 0)), language.Code(), voice?.Id,
            (voice is null ? null : engine.CannotSpeak(voice, 1.0)) ?? refusal, chunks) { Pauses = pauses };
    }
}
