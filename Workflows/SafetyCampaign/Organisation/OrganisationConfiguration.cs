using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Governance.Workflows.SafetyCampaign.Organisation;

// The 三零 tables live in schema "sanling". The organisation is referenced by matters and by the
// monthly ranking: a unit is retired by the administrator, never deleted from under them.

internal sealed class CityConfiguration : IEntityTypeConfiguration<City>
{
    public void Configure(EntityTypeBuilder<City> e)
    {
        e.ToTable("cities", "sanling");
        e.Property(c => c.Code).HasMaxLength(32);
        e.HasIndex(c => c.Code).IsUnique();
        e.Property(c => c.Name).HasMaxLength(50);
        e.HasMany(c => c.Townships).WithOne().HasForeignKey(t => t.CityId).OnDelete(DeleteBehavior.Restrict);
        e.HasMany(c => c.Departments).WithOne().HasForeignKey(d => d.CityId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class TownshipConfiguration : IEntityTypeConfiguration<Township>
{
    public void Configure(EntityTypeBuilder<Township> e)
    {
        e.ToTable("townships", "sanling");
        e.Property(t => t.Code).HasMaxLength(32);
        e.HasIndex(t => t.Code).IsUnique();
        e.Property(t => t.Name).HasMaxLength(50);
        e.HasIndex(t => new { t.CityId, t.Name }).IsUnique();
        e.Property(t => t.Kind).HasConversion<string>().HasMaxLength(16);
        e.HasMany(t => t.Officials).WithOne().HasForeignKey(o => o.TownshipId).OnDelete(DeleteBehavior.Restrict);
        e.HasMany(t => t.Places).WithOne(p => p.Township).HasForeignKey(p => p.TownshipId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class TownshipOfficialConfiguration : IEntityTypeConfiguration<TownshipOfficial>
{
    public void Configure(EntityTypeBuilder<TownshipOfficial> e)
    {
        e.ToTable("township_officials", "sanling");
        e.Property(o => o.Name).HasMaxLength(50);
        e.Property(o => o.Title).HasMaxLength(50);
        e.Property(o => o.Email).HasMaxLength(254);
        e.HasIndex(o => new { o.TownshipId, o.Email }).IsUnique();
    }
}

internal sealed class PlaceConfiguration : IEntityTypeConfiguration<Place>
{
    public void Configure(EntityTypeBuilder<Place> e)
    {
        e.ToTable("places", "sanling");
        e.Property(p => p.Code).HasMaxLength(32);
        e.HasIndex(p => p.Code).IsUnique();
        e.Property(p => p.Name).HasMaxLength(100);
        e.HasIndex(p => new { p.TownshipId, p.Name }).IsUnique();
        e.Property(p => p.Kind).HasConversion<string>().HasMaxLength(16);
        e.HasMany(p => p.Roster).WithOne().HasForeignKey(m => m.PlaceId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class RosterMemberConfiguration : IEntityTypeConfiguration<RosterMember>
{
    public void Configure(EntityTypeBuilder<RosterMember> e)
    {
        e.ToTable("roster_members", "sanling");
        e.Property(m => m.Role).HasConversion<string>().HasMaxLength(32);
        e.Property(m => m.Title).HasMaxLength(50);
        e.Property(m => m.Name).HasMaxLength(50);

        // 一村一警一员一连: one police officer, one mediator, one militia company (and one first secretary) per place.
        e.HasIndex(m => new { m.PlaceId, m.Role }).IsUnique()
            .HasFilter($"role IN ({string.Join(", ", RosterMember.SingleSeats.Select(r => $"'{r}'"))})")
            .HasDatabaseName("ux_roster_members_single_seat");
        e.HasIndex(m => m.PlaceId);
    }
}

internal sealed class DepartmentConfiguration : IEntityTypeConfiguration<Department>
{
    public void Configure(EntityTypeBuilder<Department> e)
    {
        e.ToTable("departments", "sanling");
        e.Property(d => d.Code).HasMaxLength(32);
        e.HasIndex(d => d.Code).IsUnique();
        e.Property(d => d.Name).HasMaxLength(100);
        e.Property(d => d.Email).HasMaxLength(254);
        e.HasMany(d => d.Authorities).WithOne().HasForeignKey(a => a.DepartmentId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class DepartmentAuthorityConfiguration : IEntityTypeConfiguration<DepartmentAuthority>
{
    public void Configure(EntityTypeBuilder<DepartmentAuthority> e)
    {
        e.ToTable("department_authorities", "sanling");
        e.HasKey(a => new { a.DepartmentId, a.Category });
        e.Property(a => a.Category).HasConversion<string>().HasMaxLength(32);
        e.HasIndex(a => a.Category);
    }
}
