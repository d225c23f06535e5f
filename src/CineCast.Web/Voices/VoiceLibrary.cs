using CineCast.Web.Data;
using CineCast.Web.Hosting;
using Microsoft.EntityFrameworkCore;
using CineCast.Web.Refusals;

namespace CineCast.Web.Voices;

/// <summary>What a user can see: the presets and their own clones. Another user's clone is simply not there.</summary>
public sealed class VoiceLibrary(CineCastDb db, PresetCatalog presets, AppLocations locations)
{
    public async Task<IReadOnlyList<VoiceDto>> ListAsync(string userId, CancellationToken cancellationToken)
    {
        var clones = await db.Voices.AsNoTracking()
            .Where(v => v.OwnerId == userId)
            .OrderByDescending(v => v.CreatedAt)
            .ToListAsync(cancellationToken);
        return [.. presets.All.Select(VoiceDto.From), .. clones.Select(VoiceDto.From)];
    }

    public async Task<VoiceDto?> FindAsync(string userId, string id, CancellationToken cancellationToken)
    {
        if (presets.Find(id) is { } preset)
        {
            return VoiceDto.From(preset);
        }
        return await FindCloneAsync(userId, id, cancellationToken) is { } clone ? VoiceDto.From(clone) : null;
    }

    /// <summary>
    /// The voice a user may speak with, by id or by name: a preset, or one of their own clones with its stored clip.
    /// Names cannot be ambiguous: a clone's name is unique for its owner and never a preset's.
    /// </summary>
    public async Task<SpeakingVoice?> FindSpeakingVoiceAsync(string userId, string idOrName, CancellationToken cancellationToken)
    {
        if ((presets.Find(idOrName) ?? presets.All.FirstOrDefault(p => string.Equals(p.Name, idOrName, StringComparison.OrdinalIgnoreCase))) is { } preset)
        {
            return SpeakingVoice.From(preset);
        }
        var normalized = Voice.NormalizeName(idOrName);
        var clone = await FindCloneAsync(userId, idOrName, cancellationToken)
            ?? await db.Voices.FirstOrDefaultAsync(v => v.OwnerId == userId && v.NormalizedName == normalized, cancellationToken);
        return clone is null ? null : SpeakingVoice.OfClip(clone.Id, clone.Name, locations.CloneAudioPath(clone.Id), clone.CreatedAt);
    }

    public Task<Voice?> FindCloneAsync(string userId, string id, CancellationToken cancellationToken) =>
        Voice.IsWellFormedId(id)
            ? db.Voices.FirstOrDefaultAsync(v => v.Id == id && v.OwnerId == userId, cancellationToken)
            : Task.FromResult<Voice?>(null);

    public Task<Voice> RenameAsync(Voice clone, string? requestedName, CancellationToken cancellationToken) =>
        UpdateAsync(clone, new UpdateVoiceRequest(requestedName), cancellationToken);

    /// <summary>Renames the clone when a name is given (a missing name is refused unless only the Wyoming switch changes).</summary>
    public async Task<Voice> UpdateAsync(Voice clone, UpdateVoiceRequest change, CancellationToken cancellationToken)
    {
        if (change.Name is not null || change.Wyoming is null)
        {
            clone.Name = await CheckNameAsync(clone.OwnerId, change.Name, clone.Id, cancellationToken);
        }
        clone.ExposedToWyoming = change.Wyoming ?? clone.ExposedToWyoming;
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException exception) when (exception.IsUniqueViolation())
        {
            db.ChangeTracker.Clear();
            throw NameTaken(clone.Name);
        }
        return clone;
    }

    /// <summary>
    /// Names identify voices in the older API and in scripts, so a name must be unambiguous for its owner:
    /// not a preset's name and not another of their clones'.
    /// </summary>
    public async Task<string> CheckNameAsync(string ownerId, string? requestedName, string? exceptId, CancellationToken cancellationToken)
    {
        var name = requestedName?.Trim() ?? "";
        if (name.Length is 0 or > VoiceRules.MaxNameLength || name.Any(VoiceRules.IsHiddenCharacter))
        {
            throw Refuse.VoiceNameInvalid.With(VoiceRules.MaxNameLength);
        }
        if (presets.HasName(name))
        {
            throw Refuse.VoiceNameTaken.With(name, "a preset voice");
        }
        var normalized = Voice.NormalizeName(name);
        var taken = await db.Voices.AnyAsync(
            v => v.OwnerId == ownerId && v.Id != exceptId && v.NormalizedName == normalized, cancellationToken);
        if (taken)
        {
            throw NameTaken(name);
        }
        return name;
    }

    public static RefusedException NameTaken(string name) => Refuse.VoiceNameTaken.With(name, "one of your voices");
}
