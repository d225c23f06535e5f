namespace CineCast.Speech.Text;

public static class LanguageDetector
{
    // Frequent function words. Words English shares or borrows (a, in, on, me, son, come, per, ha) are left out, so an
    // English sentence with a French or Italian phrase in it stays English.
    private static readonly HashSet<string> EnglishWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "the", "and", "of", "to", "is", "in", "that", "it", "was", "for", "on", "are", "with", "as", "i", "his", "they",
        "be", "at", "have", "this", "from", "or", "had", "by", "not", "but", "what", "all", "were", "we", "when", "your",
        "can", "said", "there", "an", "which", "she", "do", "how", "their", "if", "will", "up", "about", "out", "then",
        "them", "these", "so", "some", "her", "would", "him", "into", "has", "more", "no", "could", "my", "than", "been",
        "who", "its", "now", "did", "you", "he", "me", "our", "us", "any", "just", "very", "where", "why", "yes", "am",
        "does", "should", "because", "over", "after", "before", "here", "only", "also", "a",
    };

    private static readonly HashSet<string> FrenchWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "le", "la", "les", "de", "des", "du", "un", "une", "et", "est", "que", "qui", "dans", "pour", "pas", "sur", "au",
        "aux", "avec", "ce", "cette", "ces", "il", "elle", "nous", "vous", "ils", "elles", "je", "tu", "sa", "ses", "mais",
        "ou", "où", "donc", "ne", "se", "sont", "été", "être", "avoir", "très", "plus",
        "tout", "bien", "aussi", "oui", "non", "merci", "bonjour", "mon", "ma", "mes", "leur", "leurs", "par", "ont",
        "était", "fait", "nos", "vos", "y", "à", "ça", "quand", "comment", "pourquoi", "encore", "toujours",
    };

    private static readonly HashSet<string> ItalianWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "il", "lo", "la", "gli", "le", "di", "da", "con", "su", "tra", "fra", "un", "uno", "una", "e", "è", "che", "non",
        "sono", "della", "del", "dei", "delle", "dello", "nel", "nella", "nei", "al", "alla", "ai", "ma", "anche", "più",
        "questo", "questa", "ci", "si", "mi", "ti", "ho", "hanno", "essere", "molto", "grazie", "ciao", "buongiorno",
        "sul", "sulla", "degli", "io", "lui", "lei", "noi", "voi", "loro", "mio", "mia", "suo", "sua", "quando", "perché",
        "cosa", "sempre", "ancora", "oggi", "sì", "dove", "sia", "siamo", "stato", "stata", "fare", "ogni", "tutto", "tutti",
        "proprio", "ecco", "qui", "poi", "già", "bene", "allora",
    };

    // Elided articles and pronouns, counted only before an apostrophe: c'est, l'homme, dell'anno.
    private static readonly HashSet<string> FrenchElisions = new(StringComparer.OrdinalIgnoreCase) { "c", "l", "d", "j", "qu", "n", "s", "m", "t" };

    private static readonly HashSet<string> ItalianElisions = new(StringComparer.OrdinalIgnoreCase) { "l", "dell", "all", "dall", "nell", "sull", "un", "c" };

    /// <summary>
    /// Mandarin when Han characters dominate (each weighed against one Latin word, so "我用iPhone拍照" is Mandarin and
    /// "The word 你好 means hello" is English); French or Italian only on clear evidence — at least two of the
    /// language's function words, more than twice as many as English ones and more than the other's; otherwise English.
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

        return han > 0 && han >= latinWords ? SpeechLanguage.Mandarin : LatinLanguage(text);
    }

    private static SpeechLanguage LatinLanguage(ReadOnlySpan<char> text)
    {
        int english = 0, french = 0, italian = 0;
        var i = 0;
        while (i < text.Length)
        {
            if (!char.IsLetter(text[i]))
            {
                i++;
                continue;
            }

            // A word runs over letters and inner hyphens (non-standard is one word, not the French "non").
            var start = i;
            while (i < text.Length && (char.IsLetter(text[i]) || (text[i] == '-' && i + 1 < text.Length && char.IsLetter(text[i + 1]))))
            {
                i++;
            }

            var word = text[start..i];
            if (i < text.Length && text[i] is '\'' or '’')
            {
                french += Contains(FrenchElisions, word) ? 1 : 0;
                italian += Contains(ItalianElisions, word) ? 1 : 0;
            }
            else
            {
                english += Contains(EnglishWords, word) ? 1 : 0;
                french += Contains(FrenchWords, word) ? 1 : 0;
                italian += Contains(ItalianWords, word) ? 1 : 0;
            }
        }

        return french >= 2 && french > 2 * english && french > italian ? SpeechLanguage.French
            : italian >= 2 && italian > 2 * english && italian > french ? SpeechLanguage.Italian
            : SpeechLanguage.English;
    }

    private static bool Contains(HashSet<string> words, ReadOnlySpan<char> word) => words.GetAlternateLookup<ReadOnlySpan<char>>().Contains(word);
}
