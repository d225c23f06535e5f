using System.Security.Claims;
using System.Text.Json.Serialization;
using CineCast.Audio;
using CineCast.Audio.Watermarking;
using CineCast.Web.Accounts;
using CineCast.Web.Hosting;
using CineCast.Web.Refusals;
using CineCast.Web.Voices;
using Microsoft.Extensions.Options;

namespace CineCast.Web.Provenance;

/// <summary>
/// What the detector says of a file: whether this server's mark is in it, how much of the mark was read as written
/// (0.5 is what unmarked audio reaches by chance, 1 is all of it), when the output was made, and — for its owner and
/// administrators only — the record behind it, in the claims of its signed statement.
/// </summary>
public sealed record Detection(
    [property: JsonPropertyName("present")] bool Present,
    [property: JsonPropertyName("confidence")] double Confidence,
    [property: JsonPropertyName("made_at"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] DateTime? MadeAt,
    [property: JsonPropertyName("record"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] ProvenanceStatement? Record);

/// <summary>bytes → decode → 24 kHz mono → detector → the ledger: is this our output, and whose.</summary>
public sealed class ProvenanceDetection(ProvenanceLedger ledger, IWatermarker watermarker, AppLocations locations, IOptions<ProvenanceOptions> options)
{
    /// <summary>Reads a multipart upload (<c>file</c>) to a temporary file; disposing it deletes the file.</summary>
    public Task<CloneUpload> ReadUploadAsync(HttpRequest request, CancellationToken cancellationToken) =>
        CloneUpload.ReadAsync(request, locations.TempDirectory, options.Value.MaxDetectBytes, cancellationToken);

    public async Task<Detection> DetectAsync(Stream audio, ClaimsPrincipal caller, CancellationToken cancellationToken)
    {
        var samples = Decode(audio);
        var reading = await Task.Run(() => watermarker.Read(samples), cancellationToken);
        if (await ledger.FindAsync(reading.Marks.Select(m => m.Mark), cancellationToken) is not { } record)
        {
            return new Detection(false, reading.BestConfidence, null, null);
        }
        var confidence = reading.Marks.First(m => m.Mark == record.Mark).Confidence;
        var maySee = caller.Identity?.IsAuthenticated == true && (caller.IsInRole(Roles.Admin) || caller.UserId() == record.OwnerId);
        return new Detection(true, confidence, DateTime.SpecifyKind(record.CreatedAt, DateTimeKind.Utc), maySee ? ProvenanceStatement.Of(record) : null);
    }

    /// <summary>The audio's first <see cref="ProvenanceOptions.SearchedSeconds"/> as 24 kHz mono; what is not audio is refused with the reason.</summary>
    private float[] Decode(Stream audio)
    {
        var limits = options.Value;
        PcmAudio decoded;
        try
        {
            decoded = AudioDecoder.Decode(audio, new DecodeLimits(limits.MaxDetectSeconds));
        }
        catch (AudioRejectedException rejected)
        {
            throw Refuse.DetectAudio.With(rejected.Message);
        }
        var mono = decoded.ToMono();
        var searched = mono.AsSpan(0, (int)Math.Min(mono.Length, (long)limits.SearchedSeconds * decoded.SampleRate));
        return decoded.SampleRate == WatermarkLayout.SampleRate ? searched.ToArray() : Resampler.Resample(searched, decoded.SampleRate, WatermarkLayout.SampleRate);
    }
}
