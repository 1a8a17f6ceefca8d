using Governance.Engine;
using Governance.Engine.Runtime;

namespace Governance.Workflows.SafetyCampaign.Disputes;

/// <summary>
/// The level working the matter has resolved it (化解/办结), saying how. It then waits for the
/// follow-up call (回访). Whether it was resolved within the level's limit is kept on its row.
/// </summary>
public sealed record ResolveDispute(Guid Id, string? Resolution, int ExpectedVersion);

public sealed class ResolveDisputeHandler(WorkflowRuntime runtime)
{
    public const int MaxResolution = 1000;

    public Task<TransitionResult> HandleAsync(ResolveDispute command, Actor actor, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(command);
        return runtime.MoveAsync(
            command.Id,
            DisputeWorkflow.Name,
            actor,
            async (db, _, token) =>
            {
                new Validation().Text(command.Resolution, "resolution", MaxResolution).ThrowIfInvalid();
                var resolution = command.Resolution!.Trim();
                var row = await Dispute.OfAsync(db, command.Id, token);
                return new Stimulus(command.Id, DisputeWorkflow.Resolve, actor, command.ExpectedVersion, resolution, c =>
                {
                    var d = c.Data<DisputeData>();
                    c.UpdateData<DisputeData>(_ => d with { ResolvedLevel = row.Level, Resolution = resolution });
                    row.Resolve(c.Now, c.Now <= DisputeWorkflow.LevelDeadline(c.Instance, row.Level, c.Calendar).DueAt);
                });
            },
            ct);
    }
}
