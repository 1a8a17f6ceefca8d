using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace Governance.Host.Auth;

/// <summary>A person who signs in. Their role and org-unit scope are Identity roles and claims.</summary>
public sealed class AppUser : IdentityUser
{
    /// <summary>The name shown in the ledger (台账) and to colleagues.</summary>
    public string DisplayName { get; set; } = "";
}

/// <summary>
/// ASP.NET Core Identity's tables, in schema <c>auth</c> of the same database, and the Data
/// Protection key ring that seals sign-in cookies, bearer tokens, antiforgery tokens and booking
/// keys: kept here, not in each machine's file system, so that every node of a cluster reads what
/// another node sealed (a person's next click may reach any of them).
/// </summary>
public sealed class AuthDbContext(DbContextOptions<AuthDbContext> options) : IdentityDbContext<AppUser>(options), IDataProtectionKeyContext
{
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.HasDefaultSchema("auth");
        builder.Entity<DataProtectionKey>().ToTable("DataProtectionKeys");
    }
}
