using Governance.Workflows;

namespace Governance.Host.Auth;

/// <summary>The roles as people read them, and those an administrator gives (citizens make their own account).</summary>
public static class AccountRoles
{
    public static IReadOnlyList<string> Given { get; } = [Roles.WindowStaff, Roles.HallLead, Roles.VillageTeam, Roles.TownshipOfficial, Roles.Department, Roles.ProxyHandler, Roles.Admin];

    public static string Name(string? role) => role switch
    {
        Roles.Citizen => "群众",
        Roles.WindowStaff => "窗口工作人员",
        Roles.HallLead => "窗口负责人",
        Roles.VillageTeam => "村联动工作队",
        Roles.TownshipOfficial => "镇级领导",
        Roles.Department => "市直部门",
        Roles.ProxyHandler => "代办员",
        Roles.Admin => "系统管理员",
        _ => "无角色",
    };
}
