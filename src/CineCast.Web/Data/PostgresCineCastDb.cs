using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace CineCast.Web.Data;

/// <summary>
/// The same model on PostgreSQL. A context type of its own gives it its own migrations (Data/Migrations/Postgres),
/// since each provider's migrations carry provider-specific column types.
/// </summary>
public sealed class PostgresCineCastDb(DbContextOptions<PostgresCineCastDb> options) : CineCastDb(options);

/// <summary>Lets <c>dotnet ef migrations add … --context PostgresCineCastDb</c> build the model without a server.</summary>
public sealed class PostgresDesignTimeDbFactory : IDesignTimeDbContextFactory<PostgresCineCastDb>
{
    public PostgresCineCastDb CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresCineCastDb>().UseNpgsql("Host=localhost;Database=cinecast_design_time").Options);
}
