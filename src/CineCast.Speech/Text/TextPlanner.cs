namespace CineCast.Speech.Text;

public static class TextPlanner
{
    /// <summary>
    /// Lazily yields chunks in order, so the engine can start on chunk 0 before the rest is planned. Empty,
    /// whitespace-only and symbol-only chunks are skipped; <see cref="TextChunk.Index"/> counts yielded chunks from 0.
    /// </summary>
    public static IEnumerable<TextChunk> Plan(string text, TextPlanOptions? options = null) =>
        Plan(text, options, TextNormalizer.Normalize);

    internal static IEnumerable<TextChunk> Plan(string text, TextPlanOptions? options, Func<string, SpeechLanguage, string> normalize)
    {
        ArgumentNullException.ThrowIfNull(text);
        options ??= new TextPlanOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(options.FirstChunkMaxChars, 2, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxChunkChars, 2, nameof(options));
        return PlanLazily(text, options, normalize);
    }

    private static IEnumerable<TextChunk> PlanLazily(string text, TextPlanOptions options, Func<string, SpeechLanguage, string> normalize)
    {
        var index = 0;
        var position = 0;
        while (true)
        {
            while (position < text.Length && char.IsWhiteSpace(text[position]))
            {
                position++;
            }

            if (position >= text.Length)
            {
                yield break;
            }

            var start = position;
            var limit = index == 0 ? options.FirstChunkMaxChars : options.MaxChunkChars;
            var end = ChunkBoundaries.FindEnd(text, start, limit, allowHardCut: true);
            var (spoken, language) = Speak(text, start, end, options.Language, normalize);

            // Spoken numbers and money grow ("1,234,567" → 70 letters): cut earlier at a natural break so the chunk's
            // audio stays as short as its limit intends. A chunk without such a break keeps its length.
            while (spoken.Length > limit)
            {
                var shorter = (int)((long)(end - start) * limit / spoken.Length);
                var earlier = shorter < 2 ? -1 : ChunkBoundaries.FindEnd(text, start, shorter, allowHardCut: false);
                if (earlier <= start)
                {
                    break;
                }

                end = earlier;
                (spoken, language) = Speak(text, start, end, options.Language, normalize);
            }

            position = end;
            if (spoken.Length == 0)
            {
                continue;
            }

            var trimmedEnd = end;
            while (trimmedEnd > start && char.IsWhiteSpace(text[trimmedEnd - 1]))
            {
                trimmedEnd--;
            }

            yield return new TextChunk(index++, spoken, language, start, trimmedEnd - start) { Source = text[start..trimmedEnd] };
        }
    }

    private static (string Spoken, SpeechLanguage Language) Speak(string text, int start, int end, SpeechLanguage? forced, Func<string, SpeechLanguage, string> normalize)
    {
        var language = forced ?? LanguageDetector.Detect(text.AsSpan(start, end - start));
        return (normalize(text[start..end], language), language);
    }
}
