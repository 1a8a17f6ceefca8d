using Governance.Engine;
using Governance.Engine.Runtime;

namespace Governance.Workflows.ServiceHall.HomeVisits;

/// <summary>
/// The applicant withdraws their own request, or hall staff cancel it, before the visit is
/// recorded (撤回), always with a reason. The lead hears of an applicant's withdrawal; the
/// applicant (if they left an email) of the hall's.
/// </summary>
public sealed record CancelHomeVisit(Guid Id, string? Reason, int ExpectedVersion);

public sealed class CancelHomeVisitHandler(WorkflowRuntime runtime)
{
    public Task<TransitionResult> HandleAsync(CancelHomeVisit command, Actor actor, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(command);
        return runtime.MoveAsync(command.Id, HomeVisitWorkflow.Name, actor, () =>
        {
            new Validation()
                .Text(command.Reason, "reason", 500)
                .ThrowIfInvalid();

            var reason = command.Reason!.Trim();
            return new Stimulus(command.Id, HomeVisitWorkflow.Cancel, actor, command.ExpectedVersion, reason, c => c.UpdateData<HomeVisitData>(d => d with { CancelReason = reason }));
        }, ct);
    }
}
