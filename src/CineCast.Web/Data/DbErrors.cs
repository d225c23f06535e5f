using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace CineCast.Web.Data;

public static class DbErrors
{
    private const int SqliteConstraintUnique = 2067;

    /// <summary>The write lost a race against a unique index (e.g. two uploads choosing the same name at once).</summary>
    public static bool IsUniqueViolation(this DbUpdateException exception) =>
        exception.InnerException is SqliteException { SqliteExtendedErrorCode: SqliteConstraintUnique }
            or Npgsql.PostgresException { SqlState: Npgsql.PostgresErrorCodes.UniqueViolation };
}
