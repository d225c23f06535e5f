using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Serialization;
using CineCast.Web.Data;
using CineCast.Web.Synthesis;
using CineCast.Web.Voices;
using Microsoft.EntityFrameworkCore;

namespace CineCast.Web.Provenance;

/// <summary>The voice in a provenance statement, with the consent its clip was given under.</summary>
public sealed record StatementVoice(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("kind")] string Kind,
    [property: JsonPropertyName("consent_by"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? ConsentBy,
    [property: JsonPropertyName("consent_at"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] long? ConsentAt);

/// <summary>
/// The claims of a signed provenance statement (a JWT): who (<c>sub</c>, the account), which voice, which engine,
/// when (<c>iat</c>), which text (<c>text_sha256</c>), and whether the audio carries a watermark — <c>"none"</c> until
/// the server embeds one, so the statement never claims more than is true.
/// </summary>
public sealed record ProvenanceStatement(
    [property: JsonPropertyName("iss")] string Issuer,
    [property: JsonPropertyName("jti")] string Id,
    [property: JsonPropertyName("iat")] long IssuedAt,
    [property: JsonPropertyName("sub")] string Account,
    [property: JsonPropertyName("voice")] StatementVoice Voice,
    [property: JsonPropertyName("engine")] string Engine,
    [property: JsonPropertyName("text_sha256")] string? TextSha256,
    [property: JsonPropertyName("watermark")] string Watermark)
{
    public const string IssuerName = "cinecast";

    public static ProvenanceStatement Of(ProvenanceRecord record) => new(
        IssuerName, record.Id, new DateTimeOffset(record.CreatedAt).ToUnixTimeSeconds(), record.OwnerId,
        new StatementVoice(record.VoiceId, record.VoiceName, record.VoiceKind, record.ConsentBy,
            record.ConsentAt is { } at ? new DateTimeOffset(at).ToUnixTimeSeconds() : null),
        record.Engine, record.TextSha256, "none");
}

/// <summary>Keeps a record of every output as it starts, and gives back its signed statement.</summary>
public sealed class ProvenanceLedger(CineCastDb db, ProvenanceKeys keys, TimeProvider clock)
{
    public async Task<string> RecordAsync(SynthesisPlan plan, CancellationToken cancellationToken)
    {
        var consent = plan.Voice.Kind == VoiceKinds.Clone
            ? await db.Voices.AsNoTracking().Where(v => v.Id == plan.Voice.Id).Select(v => new { v.ConsentBy, v.ConsentAt }).FirstOrDefaultAsync(cancellationToken)
            : null;
        var record = new ProvenanceRecord
        {
            Id = ProvenanceRecord.NewId(),
            OwnerId = plan.OwnerId,
            VoiceId = plan.Voice.Id,
            VoiceName = plan.Voice.Name,
            VoiceKind = plan.Voice.Kind,
            ConsentBy = consent?.ConsentBy,
            ConsentAt = consent?.ConsentAt,
            Engine = plan.Engine.Id,
            TextSha256 = plan.Text.Length > 0 ? Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(plan.Text))) : null,
            CreatedAt = clock.GetUtcNow().UtcDateTime,
        };
        db.ProvenanceRecords.Add(record);
        await db.SaveChangesAsync(cancellationToken);
        return keys.Sign(ProvenanceStatement.Of(record));
    }
}
