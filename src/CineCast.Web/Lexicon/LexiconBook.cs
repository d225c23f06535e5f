using System.Collections.Concurrent;
using System.Security.Cryptography;
using CineCast.Speech.Markup;
using CineCast.Speech.Text;
using CineCast.Web.Data;
using CineCast.Web.Refusals;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CineCast.Web.Lexicon;

/// <summary>
/// Each user's pronunciation lexicon: the entries (create, change, delete, import and export as PLS) and the
/// compiled <see cref="PronunciationLexicon"/> every request of theirs is read through. A user sees and changes only
/// their own entries.
/// </summary>
public sealed class LexiconBook(CineCastDb db, CompiledLexicons compiled, IOptions<LexiconOptions> options, TimeProvider clock)
{
    public async Task<IReadOnlyList<LexiconEntryDto>> ListAsync(string userId, CancellationToken cancellationToken) =>
        (await Entries(userId).OrderBy(e => e.Grapheme).ToListAsync(cancellationToken)).ConvertAll(LexiconEntryDto.Of);

    public async Task<LexiconEntryDto?> FindAsync(string userId, string id, CancellationToken cancellationToken) =>
        await Entries(userId).SingleOrDefaultAsync(e => e.Id == id, cancellationToken) is { } entry ? LexiconEntryDto.Of(entry) : null;

    public async Task<LexiconEntryDto> CreateAsync(string userId, LexiconEntryRequest request, CancellationToken cancellationToken)
    {
        var (grapheme, alias, phoneme, language, matchCase) = Checked(request);
        var existing = await Entries(userId).ToListAsync(cancellationToken);
        if (existing.Count >= options.Value.MaxEntries)
        {
            throw Refuse.LexiconFull.With(existing.Count, options.Value.MaxEntries);
        }
        if (existing.FirstOrDefault(e => SameWord(e, grapheme, language, matchCase)) is { } twin)
        {
            throw Refuse.LexiconDuplicate.With(Quote.Shown(twin.Grapheme), twin.Id);
        }
        var now = clock.GetUtcNow().UtcDateTime;
        var entry = new LexiconEntry
        {
            Id = NewId(), OwnerId = userId, Grapheme = grapheme, Alias = alias, Phoneme = phoneme, Language = language, MatchCase = matchCase,
            CreatedAt = now, UpdatedAt = now,
        };
        db.LexiconEntries.Add(entry);
        await db.SaveChangesAsync(cancellationToken);
        compiled.Forget(userId);
        return LexiconEntryDto.Of(entry);
    }

    public async Task<LexiconEntryDto?> UpdateAsync(string userId, string id, LexiconEntryRequest request, CancellationToken cancellationToken)
    {
        var (grapheme, alias, phoneme, language, matchCase) = Checked(request);
        var existing = await Entries(userId).ToListAsync(cancellationToken);
        if (existing.FirstOrDefault(e => e.Id == id) is not { } entry)
        {
            return null;
        }
        if (existing.FirstOrDefault(e => e.Id != id && SameWord(e, grapheme, language, matchCase)) is { } twin)
        {
            throw Refuse.LexiconDuplicate.With(Quote.Shown(twin.Grapheme), twin.Id);
        }
        (entry.Grapheme, entry.Alias, entry.Phoneme, entry.Language, entry.MatchCase) = (grapheme, alias, phoneme, language, matchCase);
        entry.UpdatedAt = clock.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(cancellationToken);
        compiled.Forget(userId);
        return LexiconEntryDto.Of(entry);
    }

    public async Task<bool> DeleteAsync(string userId, string id, CancellationToken cancellationToken)
    {
        var deleted = await Entries(userId).Where(e => e.Id == id).ExecuteDeleteAsync(cancellationToken) > 0;
        compiled.Forget(userId);
        return deleted;
    }

    /// <summary>Adds a PLS file's entries in its language; an entry for the same word in that language is replaced.</summary>
    public async Task<LexiconImport> ImportAsync(string userId, string pls, CancellationToken cancellationToken)
    {
        string plsLanguage;
        List<PlsLexeme> lexemes;
        try
        {
            (plsLanguage, lexemes) = PlsDocument.Read(pls, options.Value.MaxEntries);
        }
        catch (PlsException malformed)
        {
            throw Refuse.LexiconMalformed.With(malformed.Line, malformed.Column, malformed.Message);
        }
        var language = LanguageCode(plsLanguage);
        var checkedLexemes = lexemes.Select(l => Checked(new LexiconEntryRequest(l.Grapheme, l.Alias, l.Phoneme, language, false))).ToList();

        var existing = await Entries(userId).ToListAsync(cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        var (added, replaced) = (0, 0);
        foreach (var (grapheme, alias, phoneme, entryLanguage, _) in checkedLexemes)
        {
            if (existing.FirstOrDefault(e => SameWord(e, grapheme, entryLanguage, false)) is { } twin)
            {
                (twin.Alias, twin.Phoneme, twin.UpdatedAt) = (alias, phoneme, now);
                replaced++;
                continue;
            }
            var entry = new LexiconEntry
            {
                Id = NewId(), OwnerId = userId, Grapheme = grapheme, Alias = alias, Phoneme = phoneme, Language = entryLanguage, CreatedAt = now, UpdatedAt = now,
            };
            db.LexiconEntries.Add(entry);
            existing.Add(entry);
            added++;
        }
        if (existing.Count > options.Value.MaxEntries)
        {
            throw Refuse.LexiconFull.With(existing.Count, options.Value.MaxEntries);
        }
        await db.SaveChangesAsync(cancellationToken);
        compiled.Forget(userId);
        return new LexiconImport(added, replaced);
    }

    /// <summary>The user's entries for <paramref name="language"/> and for any language, as one PLS document in that language.</summary>
    public async Task<string> ExportAsync(string userId, string? language, CancellationToken cancellationToken)
    {
        var code = LanguageCode(string.IsNullOrWhiteSpace(language) ? "en" : language);
        var entries = await Entries(userId).Where(e => e.Language == null || e.Language == code).OrderBy(e => e.Grapheme).ToListAsync(cancellationToken);
        return PlsDocument.Write(entries, code!);
    }

    /// <summary>
    /// The user's lexicon as every request of theirs reads it. A lexicon checked against the database in the last
    /// <see cref="CompiledLexicons.Fresh"/> is used as it is, so a stream does not wait for a query; a change made on
    /// this instance is seen at once, one made on another instance within that time.
    /// </summary>
    public async Task<PronunciationLexicon> CompiledAsync(string userId, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        if (compiled.FindFresh(userId, now) is { } fresh)
        {
            return fresh;
        }
        var stamp = await Entries(userId).GroupBy(e => 1).Select(g => new { Count = g.Count(), Latest = g.Max(e => e.UpdatedAt) }).SingleOrDefaultAsync(cancellationToken);
        var version = (stamp?.Count ?? 0, stamp?.Latest ?? default);
        if (compiled.Find(userId, version, now) is { } lexicon)
        {
            return lexicon;
        }
        var rules = await Entries(userId)
            .Select(e => new { e.Grapheme, e.Alias, e.Phoneme, e.Language, e.MatchCase })
            .ToListAsync(cancellationToken);
        lexicon = rules.Count == 0
            ? PronunciationLexicon.Empty
            : new PronunciationLexicon([.. rules.Select(r => new LexiconRule(r.Grapheme, r.Alias, r.Phoneme, Language(r.Language), r.MatchCase))]);
        compiled.Keep(userId, version, lexicon, now);
        return lexicon;
    }

    private IQueryable<LexiconEntry> Entries(string userId) => db.LexiconEntries.Where(e => e.OwnerId == userId);

    private (string Grapheme, string? Alias, string? Phoneme, string? Language, bool MatchCase) Checked(LexiconEntryRequest request)
    {
        var limits = options.Value;
        var grapheme = request.Grapheme?.Trim() ?? "";
        if (grapheme.Length == 0 || grapheme.Length > limits.MaxGraphemeLength || !IsPlainText(grapheme) || !grapheme.Any(char.IsLetterOrDigit))
        {
            throw Refuse.LexiconEntryInvalid.With(
                $"'grapheme' is the word or phrase as written: 1 to {limits.MaxGraphemeLength} characters with a letter or digit and no control characters");
        }
        var alias = string.IsNullOrWhiteSpace(request.Alias) ? null : request.Alias.Trim();
        var phoneme = string.IsNullOrWhiteSpace(request.Phoneme) ? null : request.Phoneme.Trim();
        if ((alias is null) == (phoneme is null))
        {
            throw Refuse.LexiconEntryInvalid.With($"'{Quote.Shown(grapheme)}' needs either an 'alias' (what to say instead) or a 'phoneme' (IPA), not both or neither");
        }
        if ((alias ?? phoneme)!.Length > limits.MaxPronunciationLength || !IsPlainText(alias ?? phoneme!))
        {
            throw Refuse.LexiconEntryInvalid.With(
                $"the {(alias is null ? "phoneme" : "alias")} of '{Quote.Shown(grapheme)}' is at most {limits.MaxPronunciationLength} characters without control characters");
        }
        return (grapheme, alias, phoneme, string.IsNullOrWhiteSpace(request.Language) ? null : LanguageCode(request.Language), request.MatchCase ?? false);
    }

    /// <summary>"en-US" → "en"; a language the app does not speak is refused.</summary>
    private static string LanguageCode(string language)
    {
        var code = language.Trim().Split('-', '_')[0].ToLowerInvariant();
        return Language(code) is not null
            ? code
            : throw Refuse.LexiconEntryInvalid.With($"'language' is one of en, zh, fr, it (or absent for every language), not '{Quote.Shown(language)}'");
    }

    private static SpeechLanguage? Language(string? code) => code switch
    {
        "en" => SpeechLanguage.English,
        "zh" => SpeechLanguage.Mandarin,
        "fr" => SpeechLanguage.French,
        "it" => SpeechLanguage.Italian,
        _ => null,
    };

    private static bool SameWord(LexiconEntry entry, string grapheme, string? language, bool matchCase) =>
        entry.Language == language
        && string.Equals(entry.Grapheme, grapheme, matchCase && entry.MatchCase ? StringComparison.Ordinal : StringComparison.OrdinalIgnoreCase);

    private static bool IsPlainText(string text) => !text.Any(c => char.IsControl(c) || char.GetUnicodeCategory(c) == System.Globalization.UnicodeCategory.Format);

    private static string NewId() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
}

/// <summary>
/// Compiled lexicons by user, each kept with the version of the entries it was made from (count, last change) and
/// when that version was last confirmed.
/// </summary>
public sealed class CompiledLexicons
{
    /// <summary>How long a confirmed lexicon is used without asking the database again.</summary>
    public static readonly TimeSpan Fresh = TimeSpan.FromSeconds(5);

    private readonly ConcurrentDictionary<string, Kept> byUser = new(StringComparer.Ordinal);

    public PronunciationLexicon? FindFresh(string userId, DateTimeOffset now) =>
        byUser.TryGetValue(userId, out var kept) && now - kept.Confirmed < Fresh ? kept.Lexicon : null;

    /// <summary>The lexicon made from <paramref name="version"/>, confirmed as current at <paramref name="now"/>.</summary>
    public PronunciationLexicon? Find(string userId, object version, DateTimeOffset now)
    {
        if (!byUser.TryGetValue(userId, out var kept) || !kept.Version.Equals(version))
        {
            return null;
        }
        byUser[userId] = kept with { Confirmed = now };
        return kept.Lexicon;
    }

    public void Keep(string userId, object version, PronunciationLexicon lexicon, DateTimeOffset now) => byUser[userId] = new(version, lexicon, now);

    public void Forget(string userId) => byUser.TryRemove(userId, out _);

    private sealed record Kept(object Version, PronunciationLexicon Lexicon, DateTimeOffset Confirmed);
}
