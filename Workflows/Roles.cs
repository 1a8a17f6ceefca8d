using Governance.Engine.Runtime;

namespace Governance.Workflows;

/// <summary>The roles people act in (see DOMAIN.md, "The people and what they do").</summary>
public static class Roles
{
    /// <summary>群众 / 企业.</summary>
    public const string Citizen = "citizen";

    /// <summary>窗口工作人员.</summary>
    public const string WindowStaff = "window_staff";

    /// <summary>窗口负责人 / 中心值班领导.</summary>
    public const string HallLead = "hall_lead";

    /// <summary>一村一警一员一连+N.</summary>
    public const string VillageTeam = "village_team";

    /// <summary>镇/乡/街道 领导, 综治中心.</summary>
    public const string TownshipOfficial = "township_official";

    /// <summary>市直部门.</summary>
    public const string Department = "department";

    /// <summary>代办员.</summary>
    public const string ProxyHandler = "proxy_handler";

    public const string Admin = "admin";

    /// <summary>Refuses anyone but the administrator: the endpoints say so too, this holds for pages and every other caller.</summary>
    public static void RequireAdmin(Actor actor, string refusal)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (actor.Role != Admin)
        {
            throw new UnauthorizedAccessException(refusal);
        }
    }

    /// <summary>
    /// The roles with the zh-CN names people read for them (timelines, diagrams, alerts, emails):
    /// the one place they are written, registered for the engine.
    /// </summary>
    public static RoleCatalogue Catalogue { get; } = new(
    [
        (Citizen, "群众"),
        (WindowStaff, "窗口工作人员"),
        (HallLead, "中心值班领导"),
        (VillageTeam, "村联动工作队"),
        (TownshipOfficial, "镇级领导"),
        (Department, "市直部门"),
        (ProxyHandler, "代办员"),
        (Admin, "管理员"),
    ]);

    /// <summary>The zh-CN name of a role (see <see cref="Catalogue"/>).</summary>
    public static string DisplayName(string role) => Catalogue.DisplayName(role);

    public static IReadOnlyList<string> All => Catalogue.All;
}
