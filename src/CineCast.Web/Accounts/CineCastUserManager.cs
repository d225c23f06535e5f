using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CineCast.Web.Accounts;

/// <summary>Makes the first account on a fresh database the administrator, whichever door it came in by.</summary>
public sealed partial class CineCastUserManager(
    IUserStore<CineCastUser> store,
    IOptions<IdentityOptions> optionsAccessor,
    IPasswordHasher<CineCastUser> passwordHasher,
    IEnumerable<IUserValidator<CineCastUser>> userValidators,
    IEnumerable<IPasswordValidator<CineCastUser>> passwordValidators,
    ILookupNormalizer keyNormalizer,
    IdentityErrorDescriber errors,
    IServiceProvider services,
    ILogger<CineCastUserManager> logger,
    Data.CineCastDb db,
    Data.DatabaseGate gate)
    : UserManager<CineCastUser>(store, optionsAccessor, passwordHasher, userValidators, passwordValidators, keyNormalizer, errors, services, logger)
{
    public override async Task<IdentityResult> CreateAsync(CineCastUser user)
    {
        // Two registrations racing on an empty database, on any instance, must not both become administrator.
        return await gate.RunAsync(db, Data.DatabaseGate.FirstAccount, async () =>
        {
            var isFirst = !await Users.AnyAsync(CancellationToken);
            var result = await base.CreateAsync(user);
            if (result.Succeeded)
            {
                result = await AddToRoleAsync(user, isFirst ? Roles.Admin : Roles.User);
                if (isFirst && result.Succeeded)
                {
                    LogFirstAdministrator(Logger, user.Id);
                }
            }
            return result;
        }, CancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "The first account, {UserId}, is the administrator.")]
    private static partial void LogFirstAdministrator(ILogger logger, string userId);
}
