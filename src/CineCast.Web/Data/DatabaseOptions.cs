using System.ComponentModel.DataAnnotations;

namespace CineCast.Web.Data;

/// <summary>
/// Which database holds accounts, clone metadata, keys and batch jobs. Section <c>CineCast:Database</c>.
/// SQLite in the data directory is the embedded default; PostgreSQL is for several instances behind a load balancer.
/// </summary>
public sealed class DatabaseOptions : IValidatableObject
{
    public const string Section = "CineCast:Database";
    public const string Sqlite = "Sqlite";
    public const string Postgres = "Postgres";

    public string Provider { get; set; } = Sqlite;

    /// <summary>The PostgreSQL connection string (Npgsql syntax); SQLite needs none, its file lives in the data directory.</summary>
    public string? ConnectionString { get; set; }

    public bool IsPostgres => string.Equals(Provider, Postgres, StringComparison.OrdinalIgnoreCase);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!IsPostgres && !string.Equals(Provider, Sqlite, StringComparison.OrdinalIgnoreCase))
        {
            yield return new ValidationResult($"CineCast:Database:Provider is '{Provider}'; use {Sqlite} or {Postgres}.", [nameof(Provider)]);
        }
        if (IsPostgres && string.IsNullOrWhiteSpace(ConnectionString))
        {
            yield return new ValidationResult(
                "CineCast:Database:ConnectionString is required with the Postgres provider, e.g. Host=db;Database=cinecast;Username=cinecast;Password=…",
                [nameof(ConnectionString)]);
        }
    }
}
