using System.ComponentModel.DataAnnotations;
using System.Net;

namespace CineCast.Web.Wyoming;

/// <summary>
/// Section <c>CineCast:Wyoming</c>: the Wyoming protocol server Home Assistant speaks through. Off unless
/// <see cref="Port"/> is set. Wyoming has no authentication, so the server speaks for one account, <see cref="User"/>.
/// </summary>
public sealed class WyomingOptions : IValidatableObject
{
    public const string Section = "CineCast:Wyoming";

    /// <summary>TCP port to listen on (10200 is Wyoming's usual); 0 takes any free port; unset keeps the server off.</summary>
    [Range(0, 65535)]
    public int? Port { get; set; }

    /// <summary>Address to listen on; loopback unless Home Assistant runs on another machine.</summary>
    public string Address { get; set; } = "127.0.0.1";

    /// <summary>The account (email) the server speaks for: its lexicon, its limits and the clones it offers.</summary>
    public string? User { get; set; }

    /// <summary>The voice for a request that names none: a preset's id, or a clone the account offers.</summary>
    public string DefaultVoice { get; set; } = "aiden";

    /// <summary>The engine that speaks; empty: the default engine.</summary>
    public string? Engine { get; set; }

    [Range(1, 1000)]
    public int MaxConnections { get; set; } = 8;

    /// <summary>A connection that sends nothing for this long is closed.</summary>
    [Range(1, 3600)]
    public int IdleSeconds { get; set; } = 60;

    /// <summary>A client that takes longer than this to accept a write is dropped, rather than holding a stream slot.</summary>
    [Range(1, 600)]
    public int WriteTimeoutSeconds { get; set; } = 30;

    [Range(256, 1024 * 1024)]
    public int MaxHeaderBytes { get; set; } = 64 * 1024;

    [Range(0, 16 * 1024 * 1024)]
    public int MaxDataBytes { get; set; } = 256 * 1024;

    /// <summary>A text-to-speech server is sent no audio; a payload larger than this ends the connection.</summary>
    [Range(0, 64 * 1024 * 1024)]
    public int MaxPayloadBytes { get; set; } = 64 * 1024;

    /// <summary>Announce the server as <c>_wyoming._tcp</c> over mDNS (zeroconf), so Home Assistant discovers it.</summary>
    public bool Zeroconf { get; set; }

    /// <summary>The name announced over zeroconf.</summary>
    public string ZeroconfName { get; set; } = "cinecast";

    public bool Enabled => Port is not null;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!Enabled)
        {
            yield break;
        }
        if (!IPAddress.TryParse(Address, out _))
        {
            yield return new ValidationResult($"'{Address}' is not an IP address to listen on.", [nameof(Address)]);
        }
        if (Zeroconf && !System.Text.RegularExpressions.Regex.IsMatch(ZeroconfName, "^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?$"))
        {
            yield return new ValidationResult($"'{ZeroconfName}' is not a name mDNS can announce: letters, digits and inner hyphens, at most 63.", [nameof(ZeroconfName)]);
        }
        if (string.IsNullOrWhiteSpace(User) || !User.Contains('@', StringComparison.Ordinal))
        {
            yield return new ValidationResult("Set CineCast:Wyoming:User to the email of the account the Wyoming server speaks for.", [nameof(User)]);
        }
    }
}
