using Governance.Engine;
using Governance.Engine.Calendar;
using Governance.Workflows.Privacy;
using Governance.Engine.Runtime;
using Governance.Workflows.SafetyCampaign.Organisation;
using Microsoft.EntityFrameworkCore;

namespace Governance.Workflows.PovertyMonitoring;

/// <summary>A household reported by hand: by a cadre who found it (干部排查), or by the family itself (群众自主申报).</summary>
public sealed record ReportHousehold(string? IdNumber, string? HouseholderName, int PlaceId, string? Situation);

/// <summary>
/// Raises a warning from a report, at the household's village, where it is verified like any
/// other. A village team reports within its village, a township official within the township; a
/// citizen reports their own family anywhere and then follows that warning only. A household with
/// an open warning is refused (409), nothing stored.
/// </summary>
public sealed class ReportHouseholdHandler(WorkflowRuntime runtime)
{
    public const int MaxSituation = 1000;

    public static IReadOnlyList<string> Reporters { get; } = [Roles.VillageTeam, Roles.TownshipOfficial, Roles.Citizen];

    public Task<WorkflowInstance> HandleAsync(ReportHousehold command, Actor actor, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(actor);
        if (!Reporters.Contains(actor.Role))
        {
            throw new UnauthorizedAccessException($"{Roles.DisplayName(actor.Role)}不能申报防返贫监测对象");
        }

        var id = command.IdNumber?.Trim().ToUpperInvariant();
        new Validation()
            .Check(PersonalData.IsIdNumber(id, ChinaTime.DateOf(runtime.Now)), "idNumber", string.IsNullOrEmpty(id) ? "必填" : "身份证号应为 18 位且地区码、出生日期和校验位正确")
            .Text(command.HouseholderName, "householderName", 50)
            .Check(command.PlaceId > 0, "placeId", "必填")
            .Text(command.Situation, "situation", MaxSituation)
            .ThrowIfInvalid();
        var self = actor.Role == Roles.Citizen;
        return runtime.InTransactionAsync(async (db, token) =>
        {
            var place = await db.Set<Place>().AsNoTracking().Include(p => p.Township).SingleOrDefaultAsync(p => p.Id == command.PlaceId && p.Kind != PlaceKind.Unit, token);
            new Validation().Check(place is not null, "placeId", "村（社区）不存在").ThrowIfInvalid();
            if (!actor.CanSee(Place.OrgUnitOf(place!.TownshipId, place.Id)))
            {
                throw new UnauthorizedAccessException("该村（社区）不在您的职责范围内");
            }

            var source = self ? WarningSource.SelfReport : WarningSource.CadreReport;
            var situation = command.Situation!.Trim();
            var cause = new WarningCause(source, $"{source.DisplayName()}：{situation}", ReportedBy: actor.Id);
            return await RaiseWarning.RaiseAsync(db, runtime, new HouseholdFacts(id!, command.HouseholderName!.Trim(), place), cause, actor, token)
                ?? throw new RuleViolationException("该户已在预警或监测中", "该户已有待核实、待研判或正在监测帮扶的预警，无需重复申报");
        }, ct);
    }
}
