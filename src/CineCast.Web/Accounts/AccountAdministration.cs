using CineCast.Web.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace CineCast.Web.Accounts;

public sealed record UserSummary(string Id, string Email, string Role, DateTime CreatedAt, int CloneCount);

public enum RoleChangeOutcome { Changed, UnknownUser, UnknownRole, LastAdministrator }

/// <summary>What an administrator may do to accounts: list them and move them between roles.</summary>
public sealed class AccountAdministration(CineCastDb db, UserManager<CineCastUser> users)
{
    public async Task<IReadOnlyList<UserSummary>> ListAsync(CancellationToken cancellationToken)
    {
        var adminIds = await AdminIdsAsync(cancellationToken);
        var rows = await db.Users
            .OrderBy(u => u.CreatedAt)
            .Select(u => new { u.Id, u.Email, u.CreatedAt, CloneCount = db.Voices.Count(v => v.OwnerId == u.Id) })
            .ToListAsync(cancellationToken);
        return rows.ConvertAll(u => new UserSummary(u.Id, u.Email ?? "", adminIds.Contains(u.Id) ? Roles.Admin : Roles.User, u.CreatedAt, u.CloneCount));
    }

    public async Task<(RoleChangeOutcome Outcome, UserSummary? User)> SetRoleAsync(string userId, string role, CancellationToken cancellationToken)
    {
        if (role is not (Roles.Admin or Roles.User))
        {
            return (RoleChangeOutcome.UnknownRole, null);
        }
        var user = await users.FindByIdAsync(userId);
        if (user is null)
        {
            return (RoleChangeOutcome.UnknownUser, null);
        }
        var isAdmin = await users.IsInRoleAsync(user, Roles.Admin);
        if (isAdmin && role == Roles.User && (await AdminIdsAsync(cancellationToken)).Count == 1)
        {
            return (RoleChangeOutcome.LastAdministrator, null);
        }
        if (isAdmin != (role == Roles.Admin))
        {
            var (remove, add) = role == Roles.Admin ? (Roles.User, Roles.Admin) : (Roles.Admin, Roles.User);
            await users.RemoveFromRoleAsync(user, remove);
            await users.AddToRoleAsync(user, add);
        }
        var clones = await db.Voices.CountAsync(v => v.OwnerId == user.Id, cancellationToken);
        return (RoleChangeOutcome.Changed, new UserSummary(user.Id, user.Email ?? "", role, user.CreatedAt, clones));
    }

    private async Task<HashSet<string>> AdminIdsAsync(CancellationToken cancellationToken)
    {
        var admins = await users.GetUsersInRoleAsync(Roles.Admin);
        cancellationToken.ThrowIfCancellationRequested();
        return admins.Select(u => u.Id).ToHashSet();
    }
}
