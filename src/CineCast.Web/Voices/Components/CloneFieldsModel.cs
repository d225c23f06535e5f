namespace CineCast.Web.Voices.Components;

/// <summary>The fields a new clone needs, with the same rules the clone service applies.</summary>
public sealed class CloneFieldsModel
{
    public string Name { get; set; } = "";
    public string Transcript { get; set; } = "";
    public bool Consent { get; set; }

    public static string? NameProblem(string? name) =>
        name?.Trim() is { Length: > 0 and <= VoiceRules.MaxNameLength } ? null : $"A name is 1 to {VoiceRules.MaxNameLength} characters.";

    /// <summary>Why the fields cannot be sent yet, or null when they can.</summary>
    public string? Problem =>
        NameProblem(Name) ?? (Consent ? null : "Tick the consent box: only clone your own voice or one you have permission for.");

    /// <summary>The fields for the upload script, with the page's antiforgery token: the upload is signed in by cookie.</summary>
    public object ToUploadFields(string? antiforgeryToken) =>
        new { name = Name.Trim(), refText = Transcript.Trim(), consent = Consent, antiforgeryToken };
}
