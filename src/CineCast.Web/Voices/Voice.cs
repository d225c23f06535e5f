using CineCast.Web.Accounts;

namespace CineCast.Web.Voices;

/// <summary>A stored clone. The row is the index; <c>clones/{Id}.wav</c> under the data directory is the payload.</summary>
public sealed class Voice
{
    public required string Id { get; init; }
    public required string OwnerId { get; init; }
    public CineCastUser? Owner { get; init; }
    public required string Name
    {
        get;
        set
        {
            field = value;
            NormalizedName = NormalizeName(value);
        }
    }

    /// <summary>The name folded for case-insensitive uniqueness per owner, which SQLite's NOCASE does only for ASCII.</summary>
    public string NormalizedName { get; private set; } = "";
    public string? RefText { get; init; }
    public required int SampleRate { get; init; }
    public required double DurationSeconds { get; init; }
    public required long Bytes { get; init; }
    public double? MedianF0Hz { get; init; }
    public double? F0SpreadSemitones { get; init; }
    public double VoicedFraction { get; init; }
    public double LoudnessDbfs { get; init; }
    public required string ConsentBy { get; init; }
    public required DateTime ConsentAt { get; init; }
    public required DateTime CreatedAt { get; init; }
    public DateTime? LastUsedAt { get; set; }

    /// <summary>Whether the owner lets the Wyoming server (Home Assistant) speak with this clone; off until they turn it on.</summary>
    public bool ExposedToWyoming { get; set; }

    public static string NewId() => Guid.CreateVersion7().ToString("N");

    public static string NormalizeName(string name) => name.ToUpperInvariant();

    public static bool IsWellFormedId(string id) =>
        id.Length == 32 && id.All(char.IsAsciiHexDigitLower);
}
