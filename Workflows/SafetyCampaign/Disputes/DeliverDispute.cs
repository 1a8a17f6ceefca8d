using Governance.Engine;
using Governance.Engine.Runtime;
using Governance.Workflows.SafetyCampaign.Organisation;
using Microsoft.EntityFrameworkCore;

namespace Governance.Workflows.SafetyCampaign.Disputes;

/// <summary>
/// The proxy handler (代办员) has carried the matter to the department, so the citizen need not
/// travel: by default the one holding authority (事权) over its category, or the one named.
/// The department level's clock keeps running from when the township handed it over.
/// </summary>
public sealed record DeliverDispute(Guid Id, int? DepartmentId, string? Note, int ExpectedVersion);

public sealed class DeliverDisputeHandler(WorkflowRuntime runtime)
{
    public Task<TransitionResult> HandleAsync(DeliverDispute command, Actor actor, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(command);
        return runtime.MoveAsync(command.Id, DisputeWorkflow.Name, actor, async (db, instance, token) =>
        {
            new Validation()
                .Check(command.DepartmentId is null or > 0, "departmentId", "部门不存在")
                .Text(command.Note, "note", 500, required: false)
                .ThrowIfInvalid();
            var department = command.DepartmentId is { } id ? await db.Set<Department>().AsNoTracking().SingleOrDefaultAsync(d => d.Id == id, token) : null;
            var assigned = department?.Name ?? instance.GetData<DisputeData>().DepartmentName;
            new Validation()
                .Check(command.DepartmentId is null || department is not null, "departmentId", "部门不存在")
                .Check(assigned is not null, "departmentId", "没有对该类事项有事权的部门，请指定送达部门")
                .ThrowIfInvalid();

            var note = string.IsNullOrWhiteSpace(command.Note) ? null : command.Note.Trim();
            var reason = $"送达{assigned}{(note is null ? "" : $"：{note}")}";
            return new Stimulus(command.Id, DisputeWorkflow.Deliver, actor, command.ExpectedVersion, reason, c =>
            {
                if (department is not null)
                {
                    c.UpdateData<DisputeData>(d => d with { DepartmentId = department.Id, DepartmentName = department.Name });
                }
            });
        }, ct);
    }
}
