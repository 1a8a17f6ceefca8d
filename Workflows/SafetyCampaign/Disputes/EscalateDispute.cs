using Governance.Engine;
using Governance.Engine.Runtime;

namespace Governance.Workflows.SafetyCampaign.Disputes;

/// <summary>
/// The authority (事权) is not at this level: the village team (or a township official) sends
/// the matter up to the township, or the township hands it to a proxy handler (代办) for the
/// competent department — at any time, always with the reason. The township's officials are told.
/// </summary>
public sealed record EscalateDispute(Guid Id, string? Reason, int ExpectedVersion);

public sealed class EscalateDisputeHandler(WorkflowRuntime runtime)
{
    public Task<TransitionResult> HandleAsync(EscalateDispute command, Actor actor, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(command);
        return runtime.MoveAsync(command.Id, DisputeWorkflow.Name, actor, () =>
        {
            new Validation().Text(command.Reason, "reason", 500).ThrowIfInvalid();
            return new Stimulus(command.Id, DisputeWorkflow.Escalate, actor, command.ExpectedVersion, command.Reason!.Trim());
        }, ct);
    }
}
