using System.Buffers;
using System.Globalization;
using System.Text;

namespace CineCast.Speech.Text;

/// <summary>
/// Language-neutral first and last passes: strips what a synthesizer cannot speak (tags, control and zero-width
/// characters, emoji and other pictographs) and folds full-width forms, then tidies the spoken result.
/// </summary>
internal static class TextCleaner
{
    public static string Clean(string text)
    {
        var builder = new StringBuilder(text.Length);
        Span<char> encoded = stackalloc char[2];
        var index = 0;
        while (index < text.Length)
        {
            var tag = MarkupTag.LengthAt(text, index);
            if (tag > 0)
            {
                AppendSpace(builder);
                index += tag;
                continue;
            }

            if (Rune.DecodeFromUtf16(text.AsSpan(index), out var rune, out var consumed) != OperationStatus.Done)
            {
                index++;
                continue;
            }

            index += consumed;
            var folded = Fold(rune);
            if (Rune.IsWhiteSpace(folded) || Rune.IsControl(folded))
            {
                AppendSpace(builder);
                continue;
            }

            if (IsSpeakable(folded))
            {
                builder.Append(encoded[..folded.EncodeToUtf16(encoded)]);
            }
        }

        return builder.ToString();
    }

    /// <summary>Collapses spaces, drops doubled and leading pauses and spaces before punctuation; empty when nothing speakable is left.</summary>
    public static string Tidy(StringBuilder spoken)
    {
        var builder = new StringBuilder(spoken.Length);
        var pendingSpace = false;
        var hasWord = false;
        foreach (var chunk in spoken.GetChunks())
        {
            foreach (var c in chunk.Span)
            {
                if (char.IsWhiteSpace(c))
                {
                    pendingSpace = true;
                    continue;
                }

                if (IsPause(c))
                {
                    if (builder.Length == 0)
                    {
                        continue;
                    }

                    if (IsPause(builder[^1]))
                    {
                        // A full stop outranks the comma before it ("dollars, ." → "dollars.").
                        if (IsComma(builder[^1]) && !IsComma(c))
                        {
                            builder[^1] = c;
                        }

                        continue;
                    }
                }
                else if (pendingSpace && builder.Length > 0 && c != ')' && builder[^1] != '(')
                {
                    builder.Append(' ');
                }

                pendingSpace = false;
                hasWord |= char.IsLetterOrDigit(c);
                builder.Append(c);
            }
        }

        return hasWord ? builder.ToString().TrimEnd(',', '，', '、', ';', ':', '(') : string.Empty;
    }

    private static bool IsPause(char c) => IsComma(c) || c is '.' or '!' or '?' or ';' or ':' or '。';

    private static bool IsComma(char c) => c is ',' or '，' or '、';

    private static void AppendSpace(StringBuilder builder)
    {
        if (builder.Length > 0 && builder[^1] != ' ')
        {
            builder.Append(' ');
        }
    }

    private static Rune Fold(Rune rune) => rune.Value switch
    {
        >= 0xFF01 and <= 0xFF5E => new Rune(rune.Value - 0xFEE0),
        0x3000 => new Rune(' '),
        0xFFE5 => new Rune('¥'),
        0xFFE1 => new Rune('£'),
        0x2212 => new Rune('-'),
        _ => rune,
    };

    private static bool IsSpeakable(Rune rune)
    {
        if (rune.Value is (>= 0xFE00 and <= 0xFE0F) or >= 0xE0000)
        {
            return false; // variation selectors and tag characters that ride on emoji
        }

        return Rune.GetUnicodeCategory(rune) switch
        {
            UnicodeCategory.Format or UnicodeCategory.PrivateUse or UnicodeCategory.Surrogate or UnicodeCategory.OtherNotAssigned
                or UnicodeCategory.ModifierSymbol or UnicodeCategory.EnclosingMark => false,
            UnicodeCategory.OtherSymbol => rune.Value == '°',
            _ => true,
        };
    }
}
