using Governance.Engine.Storage;
using Governance.Workflows;
using Governance.Workflows.Storage;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Governance.Host.Auth;

public static class AuthExtensions
{
    /// <summary>Policy names: one per role group an endpoint needs.</summary>
    public const string HallStaff = "hall-staff";

    /// <summary>Those who set up a hall's sessions and hours: its lead and the administrator.</summary>
    public const string HallManagement = "hall-management";

    /// <summary>
    /// Page policies: the same roles, but read from the sign-in cookie only, so that a person who
    /// is not signed in is sent to the sign-in page (the API's default challenge is a bare 401).
    /// </summary>
    public const string StaffPages = "staff-pages";

    public const string LeadPages = "lead-pages";

    public const string AdminPages = "admin-pages";

    /// <summary>三零: those who work the ladder's matters and keep its registers; each use case narrows it further by role and scope.</summary>
    public const string SafetyCampaign = "safety-campaign";

    public const string SafetyPages = "safety-pages";

    /// <summary>防返贫: the village team and township official who work warnings, the administrator, and a citizen for their own 自主申报.</summary>
    public const string PovertyPages = "poverty-pages";

    /// <summary>Citizens with an account: what they reported themselves (群众网上反映).</summary>
    public const string Citizens = "citizens";

    public const string CitizenPages = "citizen-pages";

    /// <summary>Everyone who works a queue: not citizens, whose empty scope would otherwise reach every queue.</summary>
    public const string Workers = "workers";

    private static readonly string[] SafetyRoles = [Roles.VillageTeam, Roles.TownshipOfficial, Roles.Department, Roles.ProxyHandler, Roles.Admin];

    /// <summary>Whether the signed-in person works the 三零 campaign (what the menus offer them).</summary>
    public static bool WorksSafetyCampaign(this System.Security.Claims.ClaimsPrincipal user) => SafetyRoles.Any(user.IsInRole);

    /// <summary>The provider settings of the sign-in store (also the migrator's, as the owner).</summary>
    public static DbContextOptionsBuilder UseAuthDatabase(this DbContextOptionsBuilder options, string connectionString) =>
        options.UseNpgsql(connectionString, n => n.MigrationsHistoryTable("__migrations", "auth"));

    /// <summary>Identity on PostgreSQL: bearer tokens for the API, cookies for pages; lockout after failed attempts.</summary>
    public static IServiceCollection AddGovernanceAuth(this IServiceCollection services, string connectionString)
    {
        services.AddDbContext<AuthDbContext>(o => o.UseAuthDatabase(connectionString).QuietConnectionErrors());
        services.AddDataProtection().SetApplicationName("Governance").PersistKeysToDbContext<AuthDbContext>();
        services.AddIdentityApiEndpoints<AppUser>(o =>
            {
                o.Lockout.MaxFailedAccessAttempts = 5;
                o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
                o.User.RequireUniqueEmail = true;
            })
            .AddRoles<IdentityRole>()
            .AddErrorDescriber<ChineseIdentityErrors>()
            .AddEntityFrameworkStores<AuthDbContext>();

        // The cookie's roles and scope are read afresh from the store on every request (three small
        // queries), so what the administrator changes holds at the person's next click, and a lock
        // or a new password ends their sessions there; the default is up to 30 minutes later.
        services.Configure<SecurityStampValidatorOptions>(o => o.ValidationInterval = TimeSpan.Zero);
        services.AddScoped<OrgUnits>();
        services.AddScoped<AccountAdministration>();
        services.AddAuthorizationBuilder()
            .AddPolicy(HallStaff, p => p.RequireRole(Roles.WindowStaff, Roles.HallLead))
            .AddPolicy(HallManagement, p => p.RequireRole(Roles.HallLead, Roles.Admin))
            .AddPolicy(StaffPages, p => p.AddAuthenticationSchemes(IdentityConstants.ApplicationScheme).RequireRole(Roles.WindowStaff, Roles.HallLead))
            .AddPolicy(LeadPages, p => p.AddAuthenticationSchemes(IdentityConstants.ApplicationScheme).RequireRole(Roles.HallLead))
            .AddPolicy(Workers, p => p.RequireRole(Roles.All.Where(r => r != Roles.Citizen)))
            .AddPolicy(SafetyCampaign, p => p.RequireRole(SafetyRoles))
            .AddPolicy(SafetyPages, p => p.AddAuthenticationSchemes(IdentityConstants.ApplicationScheme).RequireRole(SafetyRoles))
            .AddPolicy(PovertyPages, p => p.AddAuthenticationSchemes(IdentityConstants.ApplicationScheme).RequireRole([.. Workflows.PovertyMonitoring.PovertyWarningWorkflow.Workers, Roles.Citizen]))
            .AddPolicy(AdminPages, p => p.AddAuthenticationSchemes(IdentityConstants.ApplicationScheme).RequireRole(Roles.Admin))
            .AddPolicy(Citizens, p => p.RequireRole(Roles.Citizen))
            .AddPolicy(CitizenPages, p => p.AddAuthenticationSchemes(IdentityConstants.ApplicationScheme).RequireRole(Roles.Citizen));
        services.ConfigureApplicationCookie(o =>
        {
            o.LoginPath = "/login";
            o.AccessDeniedPath = "/denied";
            o.ExpireTimeSpan = TimeSpan.FromHours(10);
            o.SlidingExpiration = true;
        });
        return services;
    }
}
