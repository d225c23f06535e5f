namespace CineCast.Speech.Text;

public static class TextNormalizer
{
    /// <summary>
    /// Turns one chunk of user text into words a synthesizer reads correctly in <paramref name="language"/>.
    /// Returns an empty string when nothing speakable is left (only symbols, emoji, markup or punctuation).
    /// </summary>
    public static string Normalize(string text, SpeechLanguage language)
    {
        ArgumentNullException.ThrowIfNull(text);
        var cleaned = TextCleaner.Clean(text);
        var spoken = language switch
        {
            SpeechLanguage.Mandarin => MandarinNormalizer.Normalize(cleaned),
            SpeechLanguage.English => EnglishNormalizer.Normalize(cleaned),
            // French and Italian are read as written, numbers too: espeak-ng reads them in the language itself.
            _ => new System.Text.StringBuilder(cleaned).Replace('’', '\''),
        };
        return TextCleaner.Tidy(spoken);
    }
}
