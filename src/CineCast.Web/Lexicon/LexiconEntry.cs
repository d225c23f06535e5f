using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using CineCast.Web.Accounts;

namespace CineCast.Web.Lexicon;

/// <summary>One word or phrase of a user's pronunciation lexicon and what to say for it: an alias, or IPA.</summary>
public sealed class LexiconEntry
{
    public required string Id { get; init; }
    public required string OwnerId { get; init; }
    public CineCastUser? Owner { get; init; }
    public required string Grapheme { get; set; }
    public string? Alias { get; set; }
    public string? Phoneme { get; set; }

    /// <summary>ISO 639-1 code (en, zh, fr, it) of the text the entry applies to; null for text in any language.</summary>
    public string? Language { get; set; }

    /// <summary>Whether "US" and "us" are different words to this entry.</summary>
    public bool MatchCase { get; set; }

    public required DateTime CreatedAt { get; init; }
    public DateTime UpdatedAt { get; set; }
}

/// <summary>An entry as its owner reads and writes it: <c>alias</c> or <c>phoneme</c> (IPA), never both.</summary>
public sealed record LexiconEntryDto(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("grapheme")] string Grapheme,
    [property: JsonPropertyName("alias"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Alias,
    [property: JsonPropertyName("phoneme"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Phoneme,
    [property: JsonPropertyName("language"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Language,
    [property: JsonPropertyName("matchCase")] bool MatchCase)
{
    public static LexiconEntryDto Of(LexiconEntry entry) => new(entry.Id, entry.Grapheme, entry.Alias, entry.Phoneme, entry.Language, entry.MatchCase);
}

/// <summary>What <c>POST</c> and <c>PUT /api/lexicon</c> take.</summary>
public sealed record LexiconEntryRequest(string? Grapheme, string? Alias, string? Phoneme, string? Language, bool? MatchCase);

/// <summary>What an import did: entries added, and entries of the same word and language replaced.</summary>
public sealed record LexiconImport(int Added, int Replaced);

/// <summary>Limits of each user's lexicon. Section <c>CineCast:Lexicon</c>.</summary>
public sealed class LexiconOptions
{
    public const string Section = "CineCast:Lexicon";

    [Range(1, 100_000)]
    public int MaxEntries { get; set; } = 1000;

    [Range(1, 1000)]
    public int MaxGraphemeLength { get; set; } = 100;

    /// <summary>The longest alias or IPA string.</summary>
    [Range(1, 5000)]
    public int MaxPronunciationLength { get; set; } = 300;

    /// <summary>The largest PLS file an import takes.</summary>
    [Range(1024, 64 * 1024 * 1024)]
    public int MaxImportBytes { get; set; } = 1024 * 1024;
}
