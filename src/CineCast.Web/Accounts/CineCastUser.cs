using Microsoft.AspNetCore.Identity;

namespace CineCast.Web.Accounts;

public sealed class CineCastUser : IdentityUser
{
    public DateTime CreatedAt { get; set; } = DateTime.UtcNow;
}

public static class Roles
{
    public const string Admin = "admin";
    public const string User = "user";
    public const string AdminPolicy = "admin";
}
