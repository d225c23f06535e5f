using CineCast.Speech.Text;

namespace CineCast.Speech.Tests;

public sealed class LanguageDetectorTests
{
    [Theory]
    [InlineData("今天天气很好。", SpeechLanguage.Mandarin)]
    [InlineData("The weather is lovely today.", SpeechLanguage.English)]
    [InlineData("我喜欢用iPhone拍照", SpeechLanguage.Mandarin)]
    [InlineData("我们明天去 New York 开会", SpeechLanguage.Mandarin)]
    [InlineData("The word 你好 means hello in Chinese", SpeechLanguage.English)]
    [InlineData("12345", SpeechLanguage.English)]
    [InlineData("", SpeechLanguage.English)]
    [InlineData("𠀀𠀁 are rare characters", SpeechLanguage.English)]
    [InlineData("𠀀𠀁𠀂", SpeechLanguage.Mandarin)]
    public void Han_characters_decide_when_they_outnumber_latin_words(string text, SpeechLanguage expected) =>
        Assert.Equal(expected, LanguageDetector.Detect(text));
}
