namespace CineCast.Web.Accounts;

/// <summary>
/// A long-lived key a user creates for programs. Only a SHA-256 hash of the secret is stored (keys are random and
/// long, so a fast hash is enough); the prefix identifies the key in lists and finds its row.
/// </summary>
public sealed class ApiKey
{
    public required string Id { get; init; }
    public required string OwnerId { get; init; }
    public CineCastUser? Owner { get; init; }
    public required string Name { get; set; }
    public required string Prefix { get; init; }
    public required byte[] SecretHash { get; init; }
    public required DateTime CreatedAt { get; init; }
    public DateTime? LastUsedAt { get; set; }
    public DateTime? RevokedAt { get; set; }
}

public static class ApiKeyRules
{
    public const int MaxNameLength = 80;
    public const int PrefixLength = 12;
    public const string Marker = "ccak_";
}
