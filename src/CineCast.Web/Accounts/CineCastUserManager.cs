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
    FirstAccountGate gate)
    : UserManager<CineCastUser>(store, optionsAccessor, passwordHasher, userValidators, passwordValidators, keyNormalizer, errors, services, logger)
{
    public override async Task<IdentityResult> CreateAsync(CineCastUser user)
    {
        // Two registrations racing on an empty database must not both become administrator.
        await gate.Lock.WaitAsync(CancellationToken);
        try
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
        }
        finally
        {
            gate.Lock.Release();
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "The first account, {UserId}, is the administrator.")]
    private static partial void LogFirstAdministrator(ILogger logger, string userId);
}

public sealed class FirstAccountGate
{
    public SemaphoreSlim Lock { get; } = new(1, 1);
}
