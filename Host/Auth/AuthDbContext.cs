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

/// <summary>ASP.NET Core Identity's tables, in schema <c>auth</c> of the same database.</summary>
public sealed class AuthDbContext(DbContextOptions<AuthDbContext> options) : IdentityDbContext<AppUser>(options)
{
    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.HasDefaultSchema("auth");
    }
}
