using CineCast.Web.Accounts;
using CineCast.Web.Batches;
using CineCast.Web.Lexicon;
using CineCast.Web.Provenance;
using CineCast.Web.Voices;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace CineCast.Web.Data;

public class CineCastDb : IdentityDbContext<CineCastUser>
{
    public CineCastDb(DbContextOptions<CineCastDb> options)
        : base(options)
    {
    }

    /// <summary>For a provider's own context type (<see cref="PostgresCineCastDb"/>), which keeps its own migrations.</summary>
    protected CineCastDb(DbContextOptions options)
        : base(options)
    {
    }

    public DbSet<Voice> Voices => Set<Voice>();
    public DbSet<ApiKey> ApiKeys => Set<ApiKey>();
    public DbSet<BatchJob> BatchJobs => Set<BatchJob>();
    public DbSet<LexiconEntry> LexiconEntries => Set<LexiconEntry>();
    public DbSet<ProvenanceRecord> ProvenanceRecords => Set<ProvenanceRecord>();

    // SQLite keeps no time zone; every time the app stores is UTC, so every time it reads is marked UTC here,
    // once, rather than by each query that hands a time to a client.
    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
        configurationBuilder.Properties<DateTime?>().HaveConversion<UtcDateTimeConverter>();
    }

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.Entity<Voice>(voice =>
        {
            voice.HasKey(v => v.Id);
            voice.Property(v => v.Id).HasMaxLength(32);
            voice.Property(v => v.Name).HasMaxLength(VoiceRules.MaxNameLength);
            voice.Property(v => v.RefText).HasMaxLength(VoiceRules.MaxRefTextLength);
            voice.Property(v => v.ConsentBy).HasMaxLength(256);
            voice.HasOne(v => v.Owner).WithMany().HasForeignKey(v => v.OwnerId).OnDelete(DeleteBehavior.Restrict);
            voice.Property(v => v.NormalizedName).HasMaxLength(VoiceRules.MaxNameLength);
            voice.HasIndex(v => new { v.OwnerId, v.CreatedAt });
            voice.HasIndex(v => new { v.OwnerId, v.NormalizedName }).IsUnique();
        });
        builder.Entity<ApiKey>(key =>
        {
            key.HasKey(k => k.Id);
            key.Property(k => k.Id).HasMaxLength(32);
            key.Property(k => k.Name).HasMaxLength(ApiKeyRules.MaxNameLength);
            key.Property(k => k.Prefix).HasMaxLength(ApiKeyRules.PrefixLength);
            key.HasIndex(k => k.Prefix).IsUnique();
            key.HasIndex(k => k.OwnerId);
            key.HasOne(k => k.Owner).WithMany().HasForeignKey(k => k.OwnerId).OnDelete(DeleteBehavior.Cascade);
        });
        builder.Entity<BatchJob>(job =>
        {
            job.HasKey(j => j.Id);
            job.Property(j => j.Id).HasMaxLength(32);
            job.Property(j => j.Status).HasMaxLength(16);
            job.Property(j => j.Format).HasMaxLength(8);
            job.Property(j => j.Engine).HasMaxLength(64);
            job.Property(j => j.VoiceId).HasMaxLength(64);
            job.Property(j => j.VoiceName).HasMaxLength(VoiceRules.MaxNameLength);
            job.Property(j => j.Provenance).HasMaxLength(8000);
            job.HasIndex(j => new { j.OwnerId, j.CreatedAt });
            job.HasIndex(j => j.Status);
            job.HasOne(j => j.Owner).WithMany().HasForeignKey(j => j.OwnerId).OnDelete(DeleteBehavior.Cascade);
        });
        builder.Entity<LexiconEntry>(entry =>
        {
            entry.HasKey(e => e.Id);
            entry.Property(e => e.Id).HasMaxLength(32);
            entry.Property(e => e.Grapheme).HasMaxLength(1000);
            entry.Property(e => e.Alias).HasMaxLength(5000);
            entry.Property(e => e.Phoneme).HasMaxLength(5000);
            entry.Property(e => e.Language).HasMaxLength(8);
            entry.HasIndex(e => new { e.OwnerId, e.Grapheme });
            entry.HasOne(e => e.Owner).WithMany().HasForeignKey(e => e.OwnerId).OnDelete(DeleteBehavior.Cascade);
        });
        // No foreign keys: a record outlives the account and the voice it names.
        builder.Entity<ProvenanceRecord>(record =>
        {
            record.HasKey(r => r.Id);
            record.Property(r => r.Id).HasMaxLength(32);
            record.Property(r => r.OwnerId).HasMaxLength(450);
            record.Property(r => r.VoiceId).HasMaxLength(64);
            record.Property(r => r.VoiceName).HasMaxLength(VoiceRules.MaxNameLength);
            record.Property(r => r.VoiceKind).HasMaxLength(16);
            record.Property(r => r.ConsentBy).HasMaxLength(256);
            record.Property(r => r.Engine).HasMaxLength(64);
            record.Property(r => r.TextSha256).HasMaxLength(64);
            record.HasIndex(r => new { r.OwnerId, r.CreatedAt });
            record.HasIndex(r => r.Mark).IsUnique();
        });
    }
}

/// <summary>Reads stored times back as UTC; writes them unchanged (they are UTC already).</summary>
public sealed class UtcDateTimeConverter() : Microsoft.EntityFrameworkCore.Storage.ValueConversion.ValueConverter<DateTime, DateTime>(
    value => value, value => DateTime.SpecifyKind(value, DateTimeKind.Utc));
