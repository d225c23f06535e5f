using CineCast.Web.Data;
using CineCast.Web.Voices;
using Microsoft.EntityFrameworkCore;

namespace CineCast.Web.Admin;

public sealed record AdminVoiceDto(string Id, string Name, string OwnerId, string OwnerEmail, long Bytes, double DurationSeconds, DateTime CreatedAt, string ConsentBy, DateTime ConsentAt);

/// <summary>Every clone of every user: what administrators see and may remove.</summary>
public sealed class CloneCatalog(CineCastDb db, CloneStore store)
{
    public async Task<IReadOnlyList<AdminVoiceDto>> ListAsync(CancellationToken cancellationToken)
    {
        return await db.Voices.AsNoTracking()
            .OrderByDescending(v => v.CreatedAt)
            .Select(v => new AdminVoiceDto(v.Id, v.Name, v.OwnerId, v.Owner!.Email ?? "", v.Bytes, v.DurationSeconds,
                v.CreatedAt, v.ConsentBy, v.ConsentAt))
            .ToListAsync(cancellationToken);
    }

    public Task<Voice?> FindAsync(string id, CancellationToken cancellationToken) =>
        Voice.IsWellFormedId(id) ? db.Voices.FirstOrDefaultAsync(v => v.Id == id, cancellationToken) : Task.FromResult<Voice?>(null);

    /// <summary>False when there is no such clone.</summary>
    public async Task<bool> DeleteAsync(string id, CancellationToken cancellationToken)
    {
        if (await FindAsync(id, cancellationToken) is not { } clone)
        {
            return false;
        }
        await store.DeleteAsync(clone, cancellationToken);
        return true;
    }
}
