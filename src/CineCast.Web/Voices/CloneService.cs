using System.Security.Claims;
using CineCast.Audio;
using CineCast.Web.Accounts;
using CineCast.Web.Hosting;
using Microsoft.Extensions.Options;
using CineCast.Web.Refusals;

namespace CineCast.Web.Voices;

/// <summary>bytes → decode → validate → normalise → store: the one way a clone comes into being.</summary>
public sealed partial class CloneService(
    VoiceLibrary library,
    CloneStore store,
    Storage.CloneQuota quota,
    Data.CineCastDb db,
    AppLocations locations,
    IOptions<VoicesOptions> options,
    Engines.ProfileWarmup warmup,
    TimeProvider clock,
    ILogger<CloneService> logger)
{
    /// <summary>Reads a multipart clone upload without buffering it; the caller disposes it (which deletes the temp file).</summary>
    public Task<CloneUpload> ReadUploadAsync(HttpRequest request, CancellationToken cancellationToken) =>
        CloneUpload.ReadAsync(request, locations.TempDirectory, options.Value.MaxUploadBytes, cancellationToken);

    public async Task<Voice> CreateAsync(HttpRequest request, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        using var upload = await ReadUploadAsync(request, cancellationToken);
        return await CreateAsync(upload, CloneFieldNames.Standard, user, cancellationToken);
    }

    public async Task<Voice> CreateAsync(CloneUpload upload, CloneFieldNames fields, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var limits = options.Value;
        if (!upload.HasFile)
        {
            throw Refuse.UploadNoFile.With();
        }
        if (!string.Equals(upload.Field(fields.Consent)?.Trim(), "true", StringComparison.OrdinalIgnoreCase))
        {
            throw Refuse.NoConsent.With(fields.Consent);
        }
        var refText = upload.Field(fields.RefText)?.Trim();
        if (refText?.Length > VoiceRules.MaxRefTextLength)
        {
            throw Refuse.RefTextTooLong.With(fields.RefText, VoiceRules.MaxRefTextLength);
        }
        var ownerId = user.UserId();
        var name = await library.CheckNameAsync(ownerId, upload.Field(fields.Name), null, cancellationToken);
        await quota.CheckCountAsync(db, ownerId, cancellationToken);

        var clip = Prepare(upload, limits);
        var attestedBy = user.FindFirstValue(ClaimTypes.Email) ?? user.Identity?.Name ?? ownerId;
        var voice = await store.SaveAsync(
            new NewClone(ownerId, name, string.IsNullOrEmpty(refText) ? null : refText, attestedBy, clock.GetUtcNow().UtcDateTime),
            clip,
            cancellationToken);
        LogCloneStored(voice.Id, ownerId, voice.DurationSeconds, voice.MedianF0Hz);
        warmup.Enqueue(
            SpeakingVoice.OfClip(voice.Id, voice.Name, locations.CloneAudioPath(voice.Id), voice.CreatedAt),
            SpeakingVoice.LikelyLanguage(null, voice.RefText));
        return voice;
    }

    private static PreparedClip Prepare(CloneUpload upload, VoicesOptions limits)
    {
        try
        {
            using var audio = new FileStream(upload.TempFile, FileMode.Open, FileAccess.Read, FileShare.Read, 81920);
            var decoded = AudioDecoder.Decode(audio, new DecodeLimits(limits.MaxDecodedSeconds));
            return ClonePreparation.Prepare(decoded, limits.ToRules());
        }
        catch (AudioRejectedException rejected)
        {
            throw Refuse.Audio(rejected.Problem).With(rejected.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Stored clone {VoiceId} for {OwnerId}: {DurationSeconds:0.00} s, median F0 {MedianF0Hz} Hz.")]
    private partial void LogCloneStored(string voiceId, string ownerId, double durationSeconds, double? medianF0Hz);
}

/// <summary>What the multipart fields of a clone upload are called: the REST API's names or the older server's.</summary>
public sealed record CloneFieldNames(string Name, string RefText, string Consent)
{
    public static CloneFieldNames Standard { get; } = new("name", "refText", "consent");

    public static CloneFieldNames Legacy { get; } = new("voice_name", "ref_text", "consent");
}
