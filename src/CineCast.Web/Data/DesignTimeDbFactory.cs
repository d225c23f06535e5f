using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace CineCast.Web.Data;

/// <summary>Lets <c>dotnet ef migrations add</c> build the model without starting the app.</summary>
public sealed class DesignTimeDbFactory : IDesignTimeDbContextFactory<CineCastDb>
{
    public CineCastDb CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<CineCastDb>().UseSqlite("Data Source=design-time.db").Options);
}
