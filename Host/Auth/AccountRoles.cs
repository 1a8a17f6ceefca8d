using Governance.Workflows;

namespace Governance.Host.Auth;

/// <summary>The roles as people read them, and those an administrator gives (citizens make their own account).</summary>
public static class AccountRoles
{
    public static IReadOnlyList<string> Given { get; } = [Roles.WindowStaff, Roles.HallLead, Roles.VillageTeam, Roles.TownshipOfficial, Roles.Department, Roles.ProxyHandler, Roles.Admin];

    /// <summary>The role's zh-CN name (<see cref="Roles.DisplayName"/>); an account without one says so.</summary>
    public static string Name(string? role) => role is null ? "无角色" : Roles.DisplayName(role);
}
