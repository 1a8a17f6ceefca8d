using Governance.Engine;
using Governance.Engine.Runtime;

namespace Governance.Workflows.ServiceHall.HomeVisits;

/// <summary>The hall lead closes a visited request (办结), with an optional note.</summary>
public sealed record CloseHomeVisit(Guid Id, string? Note, int ExpectedVersion);

public sealed class CloseHomeVisitHandler(WorkflowRuntime runtime)
{
    public Task<TransitionResult> HandleAsync(CloseHomeVisit command, Actor actor, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(command);
        return runtime.MoveAsync(command.Id, HomeVisitWorkflow.Name, actor, () =>
        {
            new Validation()
                .Text(command.Note, "note", 500, required: false)
                .ThrowIfInvalid();

            var note = string.IsNullOrWhiteSpace(command.Note) ? null : command.Note.Trim();
            return new Stimulus(command.Id, HomeVisitWorkflow.Close, actor, command.ExpectedVersion, note, c => c.UpdateData<HomeVisitData>(d => d with { CloseNote = note }));
        }, ct);
    }
}
