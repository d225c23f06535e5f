namespace CineCast.Speech.Text;

public static class LanguageDetector
{
    /// <summary>
    /// Mandarin when Han characters dominate, otherwise English. Each Han character is a spoken syllable and is
    /// weighed against one Latin word, so "我用iPhone拍照" is Mandarin and "The word 你好 means hello" is English.
    /// </summary>
    public static SpeechLanguage Detect(ReadOnlySpan<char> text)
    {
        var han = 0;
        var latinWords = 0;
        var inLatinWord = false;
        foreach (var c in text)
        {
            if (Scripts.IsHan(c))
            {
                han++;
            }

            var latin = Scripts.IsLatinLetter(c);
            if (latin && !inLatinWord)
            {
                latinWords++;
            }

            inLatinWord = latin;
        }

        return han > 0 && han >= latinWords ? SpeechLanguage.Mandarin : SpeechLanguage.English;
    }
}
