namespace CineCast.Web.Provenance;

/// <summary>
/// What the server knows about one output it made: for which account, in which voice (with that voice's consent),
/// by which engine, when, and a hash of the text. Kept when the account or the voice is deleted, since that is when
/// it may be needed; a signed copy goes out with the audio (<see cref="ProvenanceKeys"/>).
/// </summary>
public sealed class ProvenanceRecord
{
    public required string Id { get; init; }
    public required string OwnerId { get; init; }
    public required string VoiceId { get; init; }
    public required string VoiceName { get; init; }
    public required string VoiceKind { get; init; }
    public string? ConsentBy { get; init; }
    public DateTime? ConsentAt { get; init; }
    public required string Engine { get; init; }

    /// <summary>SHA-256 of the caller's text as UTF-8, in hex; null for live text, which is not known when speech starts.</summary>
    public string? TextSha256 { get; init; }
    public required DateTime CreatedAt { get; init; }

    /// <summary>The number the output's watermark carries (32 bits, unique among records); null when it went out unmarked.</summary>
    public long? Mark { get; init; }

    public static string NewId() => Guid.CreateVersion7().ToString("N");
}
