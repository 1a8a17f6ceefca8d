using Governance.Engine;
using Governance.Engine.Runtime;

namespace Governance.Workflows.SafetyCampaign.Disputes;

/// <summary>A department reports its part of a joint handling done (本部门办结), with a note of what it did; a department reaches its own part only.</summary>
public sealed record FinishJointPart(Guid PartId, string? Note, int ExpectedVersion);

public sealed class FinishJointPartHandler(WorkflowRuntime runtime)
{
    public const int MaxNote = 1000;

    public Task<TransitionResult> HandleAsync(FinishJointPart command, Actor actor, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(command);
        return runtime.MoveAsync(
            command.PartId,
            JointHandlingWorkflow.Name,
            actor,
            (_, instance, _) =>
            {
                new Validation().Text(command.Note, "note", MaxNote).ThrowIfInvalid();
                var (note, onTime) = (command.Note!.Trim(), instance.DueAt is not { } due || runtime.Now <= due);
                return Task.FromResult(new Stimulus(command.PartId, JointHandlingWorkflow.Finish, actor, command.ExpectedVersion, note, c =>
                    c.UpdateData<JointPart>(p => p with { Note = note, OnTime = onTime })));
            },
            ct);
    }
}
