using Governance.Engine;
using Governance.Engine.Runtime;
using Governance.Workflows.SafetyCampaign.Organisation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Governance.Workflows.SafetyCampaign.Disputes;

/// <summary>
/// 联合办理: the matter needs several departments, and the township names the lead (主办) and one or
/// more assisting departments (协办), with the reason. Each gets its part, a
/// <see cref="JointHandlingWorkflow"/> child with its own limit (<see cref="DisputeOptions.JointLeadWorkingDays"/>,
/// <see cref="DisputeOptions.JointAssistingWorkingDays"/>), started by 联合办理中 when the matter
/// enters it, in the same transaction. The lead is the matter's department from then on.
/// </summary>
public sealed record ReferJoint(Guid Id, int? LeadDepartmentId, IReadOnlyList<int>? AssistingDepartmentIds, string? Reason, int ExpectedVersion);

public sealed class ReferJointHandler(WorkflowRuntime runtime, IOptions<DisputeOptions> options)
{
    public const int MaxAssisting = 5;

    public Task<TransitionResult> HandleAsync(ReferJoint command, Actor actor, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(command);
        var assisting = command.AssistingDepartmentIds ?? [];
        return runtime.MoveAsync(
            command.Id,
            DisputeWorkflow.Name,
            actor,
            async (db, instance, token) =>
            {
                new Validation()
                    .Check(command.LeadDepartmentId is not null, "leadDepartmentId", "请选择主办部门")
                    .Check(assisting.Count > 0, "assistingDepartmentIds", "请至少选择一个协办部门")
                    .Check(assisting.Count <= MaxAssisting, "assistingDepartmentIds", $"协办部门最多 {MaxAssisting} 个")
                    .Check(assisting.Distinct().Count() == assisting.Count, "assistingDepartmentIds", "同一协办部门选择了两次")
                    .Check(command.LeadDepartmentId is null || !assisting.Contains(command.LeadDepartmentId.Value), "assistingDepartmentIds", "主办部门不能同时为协办部门")
                    .Text(command.Reason, "reason", 500)
                    .ThrowIfInvalid();
                int[] ids = [command.LeadDepartmentId!.Value, .. assisting];
                var found = await db.Set<Department>().AsNoTracking().Where(d => ids.Contains(d.Id)).ToDictionaryAsync(d => d.Id, token);
                new Validation()
                    .Check(found.ContainsKey(ids[0]), "leadDepartmentId", "部门不存在")
                    .Check(assisting.All(found.ContainsKey), "assistingDepartmentIds", "部门不存在")
                    .ThrowIfInvalid();
                var lead = found[ids[0]];
                var names = string.Join("、", assisting.Select(id => found[id].Name));
                return new Stimulus(command.Id, DisputeWorkflow.ReferJoint, actor, command.ExpectedVersion, $"主办{lead.Name}，协办{names}：{command.Reason!.Trim()}", c =>
                    c.UpdateData<DisputeData>(d => d with
                    {
                        DepartmentId = lead.Id,
                        DepartmentName = lead.Name,
                        JointParts = [.. ids.Select((id, i) => new JointPart(
                            instance.Id, d.TownshipId, d.PlaceId, d.PlaceName, d.Category.DisplayName(), id, found[id].Name, i == 0,
                            i == 0 ? options.Value.JointLeadWorkingDays : options.Value.JointAssistingWorkingDays))],
                    }));
            },
            ct);
    }
}
