using Governance.Engine;
using Governance.Engine.Runtime;

namespace Governance.Workflows.PovertyMonitoring;

/// <summary>风险消除: the township closes the household's monitoring, saying why the risk is gone. A later warning starts a new episode.</summary>
public sealed record EliminateRisk(Guid Id, string? Reason, int ExpectedVersion);

public sealed class EliminateRiskHandler(WorkflowRuntime runtime)
{
    public const int MaxReason = 500;

    public Task<TransitionResult> HandleAsync(EliminateRisk command, Actor actor, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(actor);
        return runtime.MoveAsync(
            command.Id,
            PovertyWarningWorkflow.Name,
            actor,
            async (db, _, token) =>
            {
                new Validation().Text(command.Reason, "reason", MaxReason).ThrowIfInvalid();
                var reason = command.Reason!.Trim();
                var row = await PovertyWarning.OfAsync(db, command.Id, token);
                return new Stimulus(command.Id, PovertyWarningWorkflow.Eliminate, actor, command.ExpectedVersion, reason, c =>
                {
                    c.UpdateData<PovertyWarningData>(d => d with { ClosingReason = reason });
                    row.Close(c.Now);
                });
            },
            ct);
    }
}
