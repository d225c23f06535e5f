namespace CineCast.Speech.Text;

/// <summary>Recognises markup-like tags (<c>&lt;b&gt;</c>, <c>&lt;/p&gt;</c>, <c>&lt;!-- --&gt;</c>) so they are neither spoken nor split.</summary>
internal static class MarkupTag
{
    private const int MaxTagLength = 256;

    /// <summary>The length of the tag starting at <paramref name="index"/>, or 0 when none starts there.</summary>
    public static int LengthAt(string text, int index)
    {
        if (!text.Is(index, '<') || index + 1 >= text.Length)
        {
            return 0;
        }

        var next = text[index + 1];
        if (!char.IsAsciiLetter(next) && next is not ('/' or '!' or '?'))
        {
            return 0;
        }

        var limit = Math.Min(text.Length, index + MaxTagLength);
        for (var i = index + 1; i < limit; i++)
        {
            switch (text[i])
            {
                case '>':
                    return i - index + 1;
                case '<':
                    return 0;
            }
        }

        return 0;
    }
}
