using Governance.Engine;
using Governance.Engine.Runtime;
using Governance.Workflows.SafetyCampaign.Organisation;
using Microsoft.EntityFrameworkCore;

namespace Governance.Workflows.SafetyCampaign.Disputes;

/// <summary>
/// 按程序转交: the authority (事权) sits with a city department, and the township sends the
/// matter there through organisational procedure, always with the reason: to the department that
/// holds authority over its category, or to the one named. (The other way up is 交代办, where a
/// proxy handler carries it for the citizen.) The department level's clock starts now.
/// </summary>
public sealed record ReferDispute(Guid Id, int? DepartmentId, string? Reason, int ExpectedVersion);

public sealed class ReferDisputeHandler(WorkflowRuntime runtime)
{
    public Task<TransitionResult> HandleAsync(ReferDispute command, Actor actor, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(command);
        return runtime.MoveAsync(command.Id, DisputeWorkflow.Name, actor, async (db, instance, token) =>
        {
            new Validation()
                .Check(command.DepartmentId is null or > 0, "departmentId", "部门不存在")
                .Text(command.Reason, "reason", 500)
                .ThrowIfInvalid();
            var data = instance.GetData<DisputeData>();
            var department = command.DepartmentId is { } id
                ? await db.Set<Department>().AsNoTracking().SingleOrDefaultAsync(d => d.Id == id, token)
                : await DisputeRecipients.DepartmentFor(db, data.Category, token);
            new Validation()
                .Check(department is not null, "departmentId", command.DepartmentId is null ? "没有对该类事项有事权的部门，请指定转交部门" : "部门不存在")
                .ThrowIfInvalid();

            return new Stimulus(command.Id, DisputeWorkflow.Refer, actor, command.ExpectedVersion, $"转交{department!.Name}：{command.Reason!.Trim()}", c =>
                c.UpdateData<DisputeData>(d => d with { DepartmentId = department.Id, DepartmentName = department.Name }));
        }, ct);
    }
}
