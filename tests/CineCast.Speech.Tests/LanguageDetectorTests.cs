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

    [Theory]
    [InlineData("Le chat dort sur le canapé depuis ce matin.", SpeechLanguage.French)]
    [InlineData("Bonjour à tous, merci d'être venus ce soir.", SpeechLanguage.French)]
    [InlineData("C'est une belle journée pour une promenade dans le parc.", SpeechLanguage.French)]
    [InlineData("Nous sommes allés au marché avec les enfants.", SpeechLanguage.French)]
    [InlineData("Je ne sais pas où il est parti.", SpeechLanguage.French)]
    [InlineData("Il gatto dorme sul divano da stamattina.", SpeechLanguage.Italian)]
    [InlineData("Buongiorno a tutti, grazie di essere venuti stasera.", SpeechLanguage.Italian)]
    [InlineData("È una bella giornata per una passeggiata nel parco.", SpeechLanguage.Italian)]
    [InlineData("Siamo andati al mercato con i bambini.", SpeechLanguage.Italian)]
    [InlineData("Non so dove sia andato, ma tornerà presto.", SpeechLanguage.Italian)]
    [InlineData("He said c'est la vie and walked out of the room.", SpeechLanguage.English)]
    [InlineData("The café served a croissant and pain au chocolat.", SpeechLanguage.English)]
    [InlineData("We ordered pasta con pollo and a glass of vino della casa.", SpeechLanguage.English)]
    [InlineData("I met Jean-Luc at the Musée d'Orsay last year.", SpeechLanguage.English)]
    [InlineData("Ha ha, that is a good one.", SpeechLanguage.English)]
    [InlineData("Oui.", SpeechLanguage.English)]
    public void French_and_italian_need_clear_evidence_and_english_with_borrowed_words_stays_english(string text, SpeechLanguage expected) =>
        Assert.Equal(expected, LanguageDetector.Detect(text));

    [Theory]
    [InlineData("GPL-3")]
    [InlineData("Apache-2.0")]
    [InlineData("MPL-2.0")]
    [InlineData("Artistic")]
    [InlineData("GFDL-1.3")]
    [InlineData("LGPL-2.1")]
    [InlineData("GPL-2")]
    public void Every_sentence_of_a_long_english_text_is_english(string licence)
    {
        // Real English prose every Debian machine has (base-files): thousands of words of it.
        var text = File.ReadAllText(Path.Combine("/usr/share/common-licenses", licence));
        var sentences = TextPlanner.Plan(text, new TextPlanOptions { FirstChunkMaxChars = 400, MaxChunkChars = 400 }).ToList();

        Assert.True(sentences.Count > 30);
        Assert.All(sentences, s => Assert.Equal(SpeechLanguage.English, s.Language));
    }
}
