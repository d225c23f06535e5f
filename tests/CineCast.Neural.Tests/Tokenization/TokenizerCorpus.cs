using System.Text;

namespace CineCast.Neural.Tests.Tokenization;

/// <summary>
/// A fixed, seeded corpus of texts that a tokenizer must handle like the reference: plain prose, and prose mixed
/// with everything typed or pasted text carries — curly quotes, dashes, ellipses, accents and combining marks,
/// ligatures, full-width forms, CJK, emoji with modifiers and joiners, symbols, control whitespace, runs of unknown
/// characters and long unpunctuated runs.
/// </summary>
public static class TokenizerCorpus
{
    private static readonly string[] Prose =
    [
        "It was the best of times, it was the worst of times.",
        "The quick brown fox jumps over the lazy dog.",
        "Call me Ishmael. Some years ago, never mind how long precisely, I thought I would sail about a little.",
        "She sells sea shells by the sea shore; the shells she sells are surely sea shells.",
        "Do you know what time it is? I think we're late!",
        "In 1969, Neil Armstrong walked on the Moon at 10:56 p.m. Eastern time.",
        "Our meeting is on Tuesday at 3 o'clock in room 42B.",
        "The price went from $19.99 to 24% off, which is about $15.19.",
        "He said: \"Don't worry, it's only a test.\"",
        "Well... I wasn't sure, but then again, who is?",
        "Please email support at help desk dot com before 5 PM.",
        "A man, a plan, a canal: Panama.",
        "Hello world",
        "this sentence has no capital letter and no full stop",
        "Numbers like 3.14159 and 2,718 and -40 appear in text.",
        "Mr. Smith met Dr. Jones at St. Mary's on Jan. 3rd.",
        "WHY ARE YOU SHOUTING AT ME",
        "Tab separated\tvalues\tare\there.",
        "New lines\nsplit this\r\ntext into\rlines.",
    ];

    private static readonly string[] Mixed =
    [
        "it’s", "‘single quotes’", "“double quotes”", "don’t", "„German quotes“", "«guillemets»", "‹angle›",
        "en – dash", "em—dash", "figure ‒ dash", "bar ― here", "minus − sign", "hyphen‐ated", "non‑breaking‑hyphen",
        "wait…", "and so on . . .", "naïve", "café", "résumé", "façade", "Zoë", "coöperate", "jalapeño", "Ångström",
        "Łódź", "Ó Súilleabháin", "İstanbul", "straße", "Øresund", "Dvořák", "Kraków", "São Paulo", "Ærø", "þorn",
        "e\u0301", "a\u0308o\u0308u\u0308", "n\u0303", "ﬁnance", "ﬂow", "oﬀice", "Œuvre", "æsthetic", "ĳssel",
        "ＡＢＣ", "ｆｕｌｌ ｗｉｄｔｈ", "１２３", "！？", "（括弧）", "ﾊﾝｶｸ", "你好，世界。", "日本語のテキスト", "한국어 문장",
        "中文和English混合", "Ελληνικά", "Русский текст", "עברית", "العربية", "हिन्दी", "ไทย", "😀", "👍🏽", "👨‍👩‍👧",
        "🇫🇷", "❤️", "✨🎉", "@", "#hashtag", "(parens)", "[brackets]", "{braces}", "<angle>", "a|b", "back\\slash",
        "caret^", "tilde~", "`tick`", "$5", "100%", "R&D", "a*b", "1+1=2", "§ 4", "© 2026", "®", "™", "37°C", "±3",
        "2×3", "6÷2", "€20", "£5", "¥300", "½", "²", "µs", "Ω", "→", "⇒", "∑", "∞", "≠", "√2", "✓", "★", "♪", "☃",
        "\t", "\n", "\r\n", "\v", "\f", "\u00A0", "\u2009", "\u3000", "\u200B", "\uFEFF", "\u200D", "\u00AD", "\u0007",
        "   ", " leading", "trailing ", "double  space", "ⱯⱯⱯⱯ", "ꙮꙮꙮ", "𝔘𝔫𝔦𝔠𝔬𝔡𝔢", "𝓈𝒸𝓇𝒾𝓅𝓉", "ᚠᚢᚦ", "☃☃☃☃☃",
        "https://example.org/a?b=c", "user@example.com", "C:\\path\\file.txt", "#1", "No. 5", "3:45", "1/2",
    ];

    private static readonly string[] Words =
        "the of and to in a is that for it as was with be by on not he this are or his from at which but have an they you were her she there would their we him been has when who will more no if out so said what up its about into than them can only other new some could time these two may then do first any my now such like our over man me even most made after also did many before must through back years where much your way well down should because each just those people how too little state good very make world still own see men work long get here between both life being under never day same another know while last might us great old year off come since against go came right used take three".Split(' ');

    /// <summary>The corpus: every prose line and mixed fragment alone, then <paramref name="count"/> seeded mixtures.</summary>
    public static IReadOnlyList<string> Build(int count = 2400, int seed = 12)
    {
        var random = new Random(seed);
        var lines = new List<string>(Prose.Length + Mixed.Length + count + 2) { "", " " };
        lines.AddRange(Prose);
        lines.AddRange(Mixed);
        for (var i = 0; i < count; i++)
        {
            lines.Add((i % 8) switch
            {
                0 => Pick(random, Prose),
                1 => UnpunctuatedRun(random, random.Next(40, 160)),
                _ => Mixture(random),
            });
        }

        return lines;
    }

    private static string Mixture(Random random)
    {
        var text = new StringBuilder();
        var parts = random.Next(1, 6);
        for (var p = 0; p < parts; p++)
        {
            var separator = random.Next(10) switch
            {
                < 6 => " ",
                6 => "",
                7 => ", ",
                8 => Pick(random, ["\t", "\n", "  ", "\u00A0", "\r\n", " — ", "… "]),
                _ => ". ",
            };
            if (p > 0)
            {
                text.Append(separator);
            }

            text.Append(random.Next(3) switch
            {
                0 => Pick(random, Prose),
                1 => string.Join(' ', Enumerable.Range(0, random.Next(1, 6)).Select(_ => Pick(random, Words))),
                _ => Pick(random, Mixed),
            });
        }

        return text.ToString();
    }

    private static string UnpunctuatedRun(Random random, int words) =>
        string.Join(' ', Enumerable.Range(0, words).Select(_ => Pick(random, Words)));

    private static string Pick(Random random, string[] choices) => choices[random.Next(choices.Length)];
}
