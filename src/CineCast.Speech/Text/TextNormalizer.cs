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
        var spoken = language == SpeechLanguage.Mandarin ? MandarinNormalizer.Normalize(cleaned) : EnglishNormalizer.Normalize(cleaned);
        return TextCleaner.Tidy(spoken);
    }
}
