using System.Text;
using System.Text.RegularExpressions;
using CineCast.Speech.Text;

namespace CineCast.Speech.Markup;

/// <summary>
/// One entry of a user's lexicon: a word or phrase as written, and what to say instead (<paramref name="Alias"/>)
/// or how it sounds in IPA (<paramref name="Phoneme"/>). <paramref name="Language"/> limits it to text in that
/// language; <paramref name="MatchCase"/> makes "US" and "us" different words.
/// </summary>
public sealed record LexiconRule(string Grapheme, string? Alias, string? Phoneme, SpeechLanguage? Language, bool MatchCase);

/// <summary>
/// A user's pronunciation lexicon, applied to every part of a script before the engine plans it: each whole-word
/// occurrence of a grapheme (longest first, left to right) is replaced by its alias, traced back to the words it
/// replaced. An IPA entry that matches is reported as a <see cref="PhonemePart"/>, so an engine that cannot speak
/// IPA refuses rather than reading the word as written.
/// </summary>
public sealed class PronunciationLexicon
{
    private readonly IReadOnlyList<LexiconRule> rules;
    private readonly Dictionary<SpeechLanguage, Regex?> matchers = [];
    private readonly Lock gate = new();

    public PronunciationLexicon(IReadOnlyList<LexiconRule> rules)
    {
        this.rules = [.. rules.Where(r => r.Grapheme.Length > 0).OrderByDescending(r => r.Grapheme.Length)];
    }

    public static readonly PronunciationLexicon Empty = new([]);

    public int Count => rules.Count;

    public SpeechScript Apply(SpeechScript script, string text)
    {
        if (rules.Count == 0)
        {
            return script;
        }
        var parts = new List<ScriptPart>(script.Parts.Count);
        var heard = new List<PhonemePart>();
        foreach (var part in script.Parts)
        {
            parts.Add(part is SayPart say ? Apply(say, text, heard) : part);
        }
        parts.AddRange(heard);
        return script with { Parts = parts };
    }

    private SayPart Apply(SayPart say, string text, List<PhonemePart> heard)
    {
        var matcher = MatcherFor(say.Language ?? LanguageDetector.Detect(say.Text));
        if (matcher is null)
        {
            return say;
        }
        var spoken = new StringBuilder(say.Text.Length);
        var map = SourceMap.Empty();
        var shifts = new List<(int At, int Delta)>();
        var last = 0;
        foreach (Match match in matcher.Matches(say.Text))
        {
            var rule = rules.First(r => string.Equals(r.Grapheme, match.Value, r.MatchCase ? StringComparison.Ordinal : StringComparison.OrdinalIgnoreCase));
            map.CopyFrom(say.Map, last, match.Index, spoken.Length);
            spoken.Append(say.Text, last, match.Index - last);
            var (offset, length) = say.Map.ToSource(match.Index, match.Length);
            if (rule.Alias is { } alias)
            {
                map.Add(spoken.Length, alias.Length, offset, length, verbatim: false);
                spoken.Append(alias);
                shifts.Add((match.Index + match.Length, alias.Length - match.Length));
            }
            else
            {
                var at = TextPosition.Of(text, offset);
                heard.Add(new PhonemePart("ipa", rule.Phoneme ?? "", at.Line, at.Column, offset, length) { FromLexicon = rule.Grapheme });
                map.CopyFrom(say.Map, match.Index, match.Index + match.Length, spoken.Length);
                spoken.Append(match.Value);
            }
            last = match.Index + match.Length;
        }
        if (last == 0 && shifts.Count == 0 && spoken.Length == 0)
        {
            return say;
        }
        map.CopyFrom(say.Map, last, say.Text.Length, spoken.Length);
        spoken.Append(say.Text, last, say.Text.Length - last);
        var marks = say.Marks.Select(mark => mark with { SpokenOffset = mark.SpokenOffset + shifts.Where(s => s.At <= mark.SpokenOffset).Sum(s => s.Delta) }).ToList();
        return say with { Text = spoken.ToString(), Map = map, Marks = marks };
    }

    private Regex? MatcherFor(SpeechLanguage language)
    {
        lock (gate)
        {
            if (!matchers.TryGetValue(language, out var matcher))
            {
                var alternatives = rules.Where(r => r.Language is null || r.Language == language).Select(Pattern).ToList();
                matcher = alternatives.Count == 0
                    ? null
                    : new Regex(string.Join('|', alternatives), RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
                matchers[language] = matcher;
            }
            return matcher;
        }
    }

    /// <summary>The grapheme as a whole word: no letter or digit may touch it where it starts or ends with one.</summary>
    private static string Pattern(LexiconRule rule)
    {
        var grapheme = rule.Grapheme;
        var before = char.IsLetterOrDigit(grapheme[0]) ? @"(?<![\p{L}\p{N}])" : "";
        var after = char.IsLetterOrDigit(grapheme[^1]) ? @"(?![\p{L}\p{N}])" : "";
        return $"{before}(?{(rule.MatchCase ? "-i" : "i")}:{Regex.Escape(grapheme)}){after}";
    }
}
