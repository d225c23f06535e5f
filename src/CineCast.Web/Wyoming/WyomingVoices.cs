using CineCast.Web.Accounts;
using CineCast.Web.Data;
using CineCast.Web.Engines;
using CineCast.Web.Refusals;
using CineCast.Web.Voices;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CineCast.Web.Wyoming;

/// <summary>A voice as Home Assistant sees it: by <paramref name="Name"/>, which it sends back to choose it.</summary>
public sealed record WyomingVoice(string Id, string Name, string Description, IReadOnlyList<string> Languages);

/// <summary>The account the Wyoming server speaks for and the voices it offers.</summary>
public sealed record WyomingAccount(string UserId, IReadOnlyList<WyomingVoice> Voices)
{
    /// <summary>
    /// The voice a request asks for: by name or id; else the default voice when it speaks the asked language (or
    /// none is asked); else the first preset in that language. Never another voice than the one named.
    /// </summary>
    public WyomingVoice Choose(string? name, string? language, string defaultVoice)
    {
        if (!string.IsNullOrWhiteSpace(name))
        {
            return Find(name) ?? throw Refuse.WyomingVoiceNotOffered.With(Quote.Shown(name), Names);
        }
        var fallback = Find(defaultVoice) ?? throw Refuse.WyomingVoiceNotOffered.With(Quote.Shown(defaultVoice), Names);
        if (string.IsNullOrWhiteSpace(language) || Speaks(fallback, language))
        {
            return fallback;
        }
        return Voices.FirstOrDefault(v => Speaks(v, language))
            ?? throw Refuse.WyomingNoVoiceForLanguage.With(Quote.Shown(language), string.Join(", ", Voices.SelectMany(v => v.Languages).Distinct().Order(StringComparer.Ordinal)));
    }

    private string Names => string.Join(", ", Voices.Select(v => v.Name));

    private WyomingVoice? Find(string nameOrId) =>
        Voices.FirstOrDefault(v => v.Id == nameOrId) ?? Voices.FirstOrDefault(v => string.Equals(v.Name, nameOrId.Trim(), StringComparison.OrdinalIgnoreCase));

    /// <summary>"en", "en_US" and "en-GB" all ask for English: the first part decides.</summary>
    private static bool Speaks(WyomingVoice voice, string language) =>
        voice.Languages.Any(l => string.Equals(Primary(l), Primary(language), StringComparison.OrdinalIgnoreCase));

    private static string Primary(string language) => language.Split('-', '_')[0];
}

/// <summary>Finds the configured account, and lists every preset and the clones that account switched on for Wyoming.</summary>
public sealed class WyomingVoices(
    CineCastDb db, UserManager<CineCastUser> users, PresetCatalog presets, EngineCatalog engines, IOptions<WyomingOptions> options)
{
    public async Task<WyomingAccount> AccountAsync(CancellationToken cancellationToken)
    {
        var email = options.Value.User!;
        var user = await users.FindByEmailAsync(email) ?? throw Refuse.WyomingAccountUnknown.With(email);
        var clones = await db.Voices.AsNoTracking()
            .Where(v => v.OwnerId == user.Id && v.ExposedToWyoming)
            .OrderBy(v => v.CreatedAt)
            .Select(v => new { v.Id, v.Name })
            .ToListAsync(cancellationToken);
        var engine = engines.Find(EngineId);
        var cloneLanguages = engine?.Status.Languages ?? [.. presets.All.Select(p => p.Language).Distinct()];
        return new WyomingAccount(user.Id,
        [
            .. presets.All.Select(p => new WyomingVoice(p.Id, p.Name, p.Description, [p.Language])),
            .. clones.Select(c => new WyomingVoice(c.Id, c.Name, $"{c.Name}: a voice cloned from its owner's recording", cloneLanguages)),
        ]);
    }

    /// <summary>The engine that speaks for Wyoming: the configured one, else the default.</summary>
    public string EngineId => string.IsNullOrWhiteSpace(options.Value.Engine) ? engines.DefaultEngineId : options.Value.Engine.Trim();
}
