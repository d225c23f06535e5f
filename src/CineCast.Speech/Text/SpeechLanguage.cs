namespace CineCast.Speech.Text;

public enum SpeechLanguage
{
    English,
    Mandarin,
    French,
    Italian,
}

public static class SpeechLanguages
{
    /// <summary>The ISO 639-1 code: en, zh, fr, it.</summary>
    public static string Code(this SpeechLanguage language) => language switch
    {
        SpeechLanguage.Mandarin => "zh",
        SpeechLanguage.French => "fr",
        SpeechLanguage.Italian => "it",
        _ => "en",
    };
}
