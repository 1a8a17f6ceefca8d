using Governance.Engine;
using Governance.Engine.Runtime;

namespace Governance.Workflows.ServiceHall.ExtendedHours;

/// <summary>Staff mark an extended-hours service served (办结), or withdraw it (撤销) with a reason.</summary>
public sealed record CloseExtendedHours(Guid Id, bool Served, string? Note, int ExpectedVersion);

public sealed class CloseExtendedHoursHandler(WorkflowRuntime runtime)
{
    public Task<TransitionResult> HandleAsync(CloseExtendedHours command, Actor actor, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(command);
        return runtime.MoveAsync(command.Id, ExtendedHoursWorkflow.Name, actor, () =>
        {
            new Validation()
                .Text(command.Note, "note", 500, required: !command.Served)
                .ThrowIfInvalid();

            var trigger = command.Served ? ExtendedHoursWorkflow.Serve : ExtendedHoursWorkflow.Withdraw;
            return new Stimulus(command.Id, trigger, actor, command.ExpectedVersion, command.Note, c => c.UpdateData<ExtendedHoursData>(d => d with { Outcome = command.Note }));
        }, ct);
    }
}
