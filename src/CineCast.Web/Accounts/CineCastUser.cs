using Microsoft.AspNetCore.Identity;

namespace CineCast.Web.Accounts;

public sealed class CineCastUser : IdentityUser
{
    public DateTime CreatedAt { get; set; } = DateTime.UtcNow;

    /// <summary>The voice the older API's <c>/set_voice</c> selected, used by <c>/read_stream</c> when no voice is named.</summary>
    public string? SelectedVoiceId { get; set; }
}

public static class Roles
{
    public const string Admin = "admin";
    public const string User = "user";
    public const string AdminPolicy = "admin";
}
