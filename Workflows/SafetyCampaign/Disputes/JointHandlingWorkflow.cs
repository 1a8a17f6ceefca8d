using Governance.Engine.Runtime;
using Governance.Workflows.SafetyCampaign.Organisation;
using Microsoft.EntityFrameworkCore;

namespace Governance.Workflows.SafetyCampaign.Disputes;

/// <summary>
/// One department's part of a joint handling (联合办理), pinned when the township assigned it: the
/// lead (主办) or an assisting department (协办), its limit in working days, and once done its note
/// and whether it was in time. No personal data: the parties stay on the matter, masked.
/// </summary>
public sealed record JointPart(
    Guid DisputeId,
    int TownshipId,
    int PlaceId,
    string Place,
    string Category,
    int DepartmentId,
    string DepartmentName,
    bool Lead,
    double WorkingDays,
    string? Note = null,
    bool? OnTime = null)
{
    /// <summary>主办 or 协办.</summary>
    public string Role => Lead ? "主办" : "协办";
}

/// <summary>
/// A department's part of a matter that needs several (主办/协办), a child of the dispute:
/// <code>
/// InProgress 办理中 ─finish 本部门办结 (that department)─► Done 已办结
/// </code>
/// Its limit is its own (configured per role, pinned on the part); at 80 % the township officials
/// and the department are warned, at 100 % alerted, and nothing moves by itself. The dispute waits
/// in 联合办理中 until every part is done (<see cref="DisputeWorkflow.JointDone"/>).
/// </summary>
public static class JointHandlingWorkflow
{
    public const string Name = "dispute-joint-handling";

    public const string InProgress = "InProgress";
    public const string Done = "Done";
    public const string Finish = "finish";

    /// <summary>The township's officials, and the department at its office address if it has one (declared before the definition, which reads it).</summary>
    private static RecipientRule TownshipAndDepartment { get; } = new("事项所在镇的镇级领导和承办部门", async (c, ct) =>
    {
        var part = c.Data<JointPart>();
        var officials = await DisputeRecipients.OfficialsOf(c.Db, part.TownshipId, ct);
        var office = await c.Db.Set<Department>().Where(d => d.Id == part.DepartmentId && d.Email != null)
            .Select(d => new Recipient(d.Name, d.Email!)).ToListAsync(ct);
        return [.. officials, .. office];
    });

    public static WorkflowDefinition Definition { get; } = WorkflowDefinition.Create(Name, 1, "联合办理（主办、协办）", b =>
    {
        // A department reaches its own part only; the 三零 roles the parts of their township's (or village's) matters.
        b.ReachedBy((actor, instance) =>
        {
            if (actor.Role == Roles.Department)
            {
                return actor.CanSee(instance.OrgUnit);
            }

            var (part, scope) = (instance.GetData<JointPart>(), SafetyScope.Of(actor));
            return actor.Role is Roles.VillageTeam or Roles.TownshipOfficial or Roles.ProxyHandler or Roles.Admin
                && (scope.CityWide || (scope.TownshipId == part.TownshipId && (scope.PlaceId is null || scope.PlaceId == part.PlaceId)));
        });
        var defaults = new DisputeOptions();
        b.State(InProgress, "办理中").Initial()
            .Sla(
                SlaLimit.WorkingDays($"主办 {defaults.JointLeadWorkingDays:0.##}、协办 {defaults.JointAssistingWorkingDays:0.##} 个工作日（默认，可配置）", i => i.GetData<JointPart>().WorkingDays),
                expiryTrigger: null,
                DisputeWorkflow.WarnFraction,
                new NotificationSpec("dispute.joint-warning", TownshipAndDepartment, Model))
            .AlertOnExpiry(new NotificationSpec("dispute.joint-overdue", TownshipAndDepartment, Model))
            .WorkItem(i => i.OrgUnit, priority: 50);
        b.State(Done, "已办结").Final();
        b.Permit(InProgress, Finish, Done, "本部门办结", [Roles.Department]);
    });

    /// <summary>The dispute, entering 联合办理中: a part for each department the township named, lead first.</summary>
    internal static async Task StartPartsAsync(TransitionContext c, CancellationToken ct)
    {
        foreach (var part in c.Data<DisputeData>().JointParts ?? [])
        {
            await c.StartChildAsync(Name, Department.OrgUnitOf(part.DepartmentId), $"{part.Role}：{c.Instance.Title}", part, ct);
        }
    }

    /// <summary>
    /// The dispute, entering 待回访 because its last part is done: its resolution is every
    /// department's note, lead first, and it was resolved in time if every part was.
    /// Any other entry of 待回访 (a level resolved it) is the resolving use case's.
    /// </summary>
    internal static async Task ResolveParentAsync(TransitionContext c, CancellationToken ct)
    {
        if (c.Trigger != DisputeWorkflow.JointDone)
        {
            return;
        }

        var id = c.Instance.Id;
        var parts = (await c.Db.Instances.AsNoTracking().Where(i => i.ParentId == id && i.DefinitionName == Name).OrderBy(i => i.CreatedAt).ToListAsync(ct))
            .Select(i => i.GetData<JointPart>())
            .OrderByDescending(p => p.Lead)
            .ToList();
        var resolution = string.Join("；", parts.Select(p => $"{p.Role} {p.DepartmentName}：{p.Note}"));
        c.UpdateData<DisputeData>(d => d with { ResolvedLevel = DisputeLevel.Department, Resolution = resolution });
        var row = await c.Db.Set<Dispute>().FindAsync([id], ct) ?? throw new InvalidOperationException($"Dispute {id} has no row.");
        row.Resolve(c.Now, parts.All(p => p.OnTime == true));
    }

    /// <summary>What the warning and the alert show: the matter's place and category, the department and its role; no party's personal data.</summary>
    private static object Model(TransitionContext c)
    {
        var part = c.Data<JointPart>();
        return new { part.Place, part.Category, Department = part.DepartmentName, part.Role, part.WorkingDays };
    }
}
