using System.Security.Cryptography;
using System.Text;
using CineCast.Web.Data;
using CineCast.Web.Hosting;
using Microsoft.EntityFrameworkCore;
using CineCast.Web.Refusals;

namespace CineCast.Web.Accounts;

public sealed record ApiKeyDto(string Id, string Name, string Prefix, DateTime CreatedAt, DateTime? LastUsedAt, DateTime? RevokedAt);

/// <summary>The key itself, shown once when it is created and never again.</summary>
public sealed record CreatedApiKey(string Id, string Name, string Prefix, DateTime CreatedAt, string Key);

/// <summary>Creates, lists, revokes and checks a user's API keys.</summary>
public sealed class ApiKeyService(CineCastDb db, TimeProvider clock)
{
    private const int SecretBytes = 32;

    public async Task<IReadOnlyList<ApiKeyDto>> ListAsync(string ownerId, CancellationToken cancellationToken)
    {
        var keys = await db.ApiKeys.AsNoTracking().Where(k => k.OwnerId == ownerId).OrderByDescending(k => k.CreatedAt).ToListAsync(cancellationToken);
        return keys.ConvertAll(ToDto);
    }

    public async Task<CreatedApiKey> CreateAsync(string ownerId, string? requestedName, CancellationToken cancellationToken)
    {
        var name = requestedName?.Trim() ?? "";
        if (name.Length is 0 or > ApiKeyRules.MaxNameLength || name.Any(char.IsControl))
        {
            throw Refuse.KeyNameInvalid.With(ApiKeyRules.MaxNameLength);
        }
        var key = ApiKeyRules.Marker + Convert.ToBase64String(RandomNumberGenerator.GetBytes(SecretBytes)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var row = new ApiKey
        {
            Id = Guid.CreateVersion7().ToString("N"),
            OwnerId = ownerId,
            Name = name,
            Prefix = PrefixOf(key),
            SecretHash = Hash(key),
            CreatedAt = clock.GetUtcNow().UtcDateTime,
        };
        db.ApiKeys.Add(row);
        await db.SaveChangesAsync(cancellationToken);
        return new CreatedApiKey(row.Id, row.Name, row.Prefix, row.CreatedAt, key);
    }

    /// <summary>False when the caller has no such key.</summary>
    public async Task<bool> RevokeAsync(string ownerId, string id, CancellationToken cancellationToken)
    {
        var key = await db.ApiKeys.FirstOrDefaultAsync(k => k.Id == id && k.OwnerId == ownerId, cancellationToken);
        if (key is null)
        {
            return false;
        }
        key.RevokedAt ??= clock.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(cancellationToken);
        return true;
    }

    /// <summary>The owner of a presented key, or null when it is unknown, malformed or revoked.</summary>
    public async Task<ApiKey?> VerifyAsync(string presented, CancellationToken cancellationToken)
    {
        if (!presented.StartsWith(ApiKeyRules.Marker, StringComparison.Ordinal) || presented.Length < ApiKeyRules.Marker.Length + ApiKeyRules.PrefixLength)
        {
            return null;
        }
        var prefix = PrefixOf(presented);
        var key = await db.ApiKeys.Include(k => k.Owner).FirstOrDefaultAsync(k => k.Prefix == prefix, cancellationToken);
        if (key is null || key.RevokedAt is not null || !CryptographicOperations.FixedTimeEquals(key.SecretHash, Hash(presented)))
        {
            return null;
        }
        // Recording every use would turn each request into a write; a minute's precision is enough to see a key in use.
        var now = clock.GetUtcNow().UtcDateTime;
        if (key.LastUsedAt is null || now - key.LastUsedAt > TimeSpan.FromMinutes(1))
        {
            key.LastUsedAt = now;
            await db.SaveChangesAsync(cancellationToken);
        }
        return key;
    }

    private static string PrefixOf(string key) => key.Substring(ApiKeyRules.Marker.Length, ApiKeyRules.PrefixLength);

    private static byte[] Hash(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));

    private static ApiKeyDto ToDto(ApiKey key) =>
        new(key.Id, key.Name, key.Prefix, key.CreatedAt, key.LastUsedAt, key.RevokedAt);
}
