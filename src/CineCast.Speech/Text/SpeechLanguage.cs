namespace CineCast.Speech.Text;

public enum SpeechLanguage
{
    English,
    Mandarin,
}
