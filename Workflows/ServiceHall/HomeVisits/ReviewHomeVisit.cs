using Governance.Engine;
using Governance.Engine.Runtime;

namespace Governance.Workflows.ServiceHall.HomeVisits;

/// <summary>The hall lead approves a request (审核通过), or rejects it with a reason the applicant is told.</summary>
public sealed record ReviewHomeVisit(Guid Id, bool Approve, string? Note, int ExpectedVersion);

public sealed class ReviewHomeVisitHandler(WorkflowRuntime runtime)
{
    public Task<TransitionResult> HandleAsync(ReviewHomeVisit command, Actor actor, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(command);
        return runtime.MoveAsync(command.Id, HomeVisitWorkflow.Name, actor, () =>
        {
            new Validation()
                .Text(command.Note, "note", 500, required: !command.Approve)
                .ThrowIfInvalid();

            var note = string.IsNullOrWhiteSpace(command.Note) ? null : command.Note.Trim();
            var trigger = command.Approve ? HomeVisitWorkflow.Approve : HomeVisitWorkflow.Reject;
            return new Stimulus(command.Id, trigger, actor, command.ExpectedVersion, note, c => c.UpdateData<HomeVisitData>(d => d with { ReviewNote = note }));
        }, ct);
    }
}
