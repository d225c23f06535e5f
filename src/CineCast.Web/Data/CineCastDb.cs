using CineCast.Web.Accounts;
using CineCast.Web.Voices;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace CineCast.Web.Data;

public sealed class CineCastDb(DbContextOptions<CineCastDb> options) : IdentityDbContext<CineCastUser>(options)
{
    public DbSet<Voice> Voices => Set<Voice>();

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
    }
}
