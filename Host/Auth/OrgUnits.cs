using Governance.Workflows;
using Governance.Workflows.SafetyCampaign.Organisation;
using Governance.Workflows.ServiceHall;

namespace Governance.Host.Auth;

/// <summary>
/// An org unit an account may be given (its scope claim), as the administrator chooses it: the
/// unit's <see cref="Scope"/> string, its name in full, the option's short text and group, and the
/// roles it fits.
/// </summary>
public sealed record OrgUnitChoice(string Scope, string Name, string Option, string Group, IReadOnlyList<string> Roles);

/// <summary>
/// The org units of the organisation and the halls, which are the only scopes an administrator
/// gives: a hall to its lead, a window to its staff, a township to its officials, a village
/// (community, unit) to its linkage team, a department to its staff; the proxy handler and the
/// administrator work city-wide (an empty scope). A typed code is never taken.
/// </summary>
public sealed class OrgUnits(OrganisationQueries organisation, CatalogueQueries catalogue)
{
    public const string CityWide = "";

    public async Task<IReadOnlyList<OrgUnitChoice>> ChoicesAsync(CancellationToken ct)
    {
        var choices = new List<OrgUnitChoice> { new(CityWide, "全市（不限所属）", "全市（不限所属）", "全市", [Roles.ProxyHandler, Roles.Admin]) };
        foreach (var hall in await catalogue.HallsAsync(ct))
        {
            choices.Add(new($"hall/{hall.Id}", hall.Name, $"{hall.Name}（全大厅）", hall.Name, [Roles.HallLead]));
            choices.AddRange((await catalogue.WindowsAsync(hall.Id, ct)).Select(w =>
                new OrgUnitChoice(w.OrgUnit, $"{hall.Name} {w.Code} {w.Name}窗口", $"{w.Code} {w.Name}窗口", hall.Name, [Roles.WindowStaff])));
        }

        var townships = await organisation.TownshipsAsync(ct);
        choices.AddRange(townships.Select(t => new OrgUnitChoice(Township.OrgUnitOf(t.Id), t.Name, t.Name, "镇（乡、街道）", [Roles.TownshipOfficial])));
        foreach (var township in townships)
        {
            choices.AddRange((await organisation.PlacesAsync(township.Id, ct) ?? []).Select(p =>
                new OrgUnitChoice(Place.OrgUnitOf(township.Id, p.Id), $"{township.Name} {p.Name}", p.Name, $"{township.Name}·村（社区）、单位", [Roles.VillageTeam])));
        }

        choices.AddRange((await organisation.DepartmentsAsync(ct)).Select(d => new OrgUnitChoice(Department.OrgUnitOf(d.Id), d.Name, d.Name, "市直部门", [Roles.Department])));
        return choices;
    }
}
