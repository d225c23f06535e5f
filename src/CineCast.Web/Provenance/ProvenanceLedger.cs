using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
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
/// when (<c>iat</c>), which text (<c>text_sha256</c>), and whether the audio carries the watermark
/// (<see cref="Watermarking.Scheme"/>, or <c>"none"</c> when an administrator turned it off).
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
        record.Engine, record.TextSha256, record.Mark is null ? "none" : Watermarking.Scheme);

    /// <summary><c>on</c> or <c>off</c> as a signed statement claims it (null when there is no readable statement).</summary>
    public static string? WatermarkOf(string? statement)
    {
        var parts = statement?.Split('.');
        if (parts is not { Length: 3 })
        {
            return null;
        }
        var payload = parts[1].Replace('-', '+').Replace('_', '/');
        using var claims = JsonDocument.Parse(Convert.FromBase64String(payload.PadRight(payload.Length + ((4 - (payload.Length % 4)) % 4), '=')));
        return claims.RootElement.TryGetProperty("watermark", out var watermark) ? (watermark.GetString() == "none" ? "off" : "on") : null;
    }
}

/// <summary>An output's record as it starts: its signed statement, and the number its watermark carries (null: unmarked).</summary>
public sealed record RecordedOutput(string Statement, uint? Mark);

/// <summary>Keeps a record of every output as it starts, gives back its signed statement, and finds records by mark.</summary>
public sealed class ProvenanceLedger(CineCastDb db, ProvenanceKeys keys, IWatermarker watermarker, TimeProvider clock)
{
    public async Task<RecordedOutput> RecordAsync(SynthesisPlan plan, CancellationToken cancellationToken)
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
            Mark = watermarker.Enabled ? await UnusedMarkAsync(cancellationToken) : null,
        };
        db.ProvenanceRecords.Add(record);
        await db.SaveChangesAsync(cancellationToken);
        return new RecordedOutput(keys.Sign(ProvenanceStatement.Of(record)), (uint?)record.Mark);
    }

    /// <summary>The record of the first of <paramref name="marks"/> that names one.</summary>
    public async Task<ProvenanceRecord?> FindAsync(IEnumerable<uint> marks, CancellationToken cancellationToken)
    {
        foreach (var mark in marks)
        {
            if (await db.ProvenanceRecords.AsNoTracking().FirstOrDefaultAsync(r => r.Mark == mark, cancellationToken) is { } record)
            {
                return record;
            }
        }
        return null;
    }

    /// <summary>
    /// A random mark number no record has: random, so a mark says nothing about how many outputs there were; checked,
    /// so a number read back names one output (the unique index settles a race between two instances).
    /// </summary>
    private async Task<long> UnusedMarkAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var mark = (long)BitConverter.ToUInt32(RandomNumberGenerator.GetBytes(4));
            if (mark != 0 && !await db.ProvenanceRecords.AnyAsync(r => r.Mark == mark, cancellationToken))
            {
                return mark;
            }
        }
    }
}
