using Governance.Engine;
using Governance.Engine.Runtime;

namespace Governance.Workflows.PovertyMonitoring;

/// <summary>The township decides: 纳入监测 (as one of the three kinds) or 不纳入, always with its reason.</summary>
public sealed record ReviewWarning(Guid Id, bool Include, MonitoredKind? Kind, string? Reason, int ExpectedVersion);

public sealed class ReviewWarningHandler(WorkflowRuntime runtime)
{
    public const int MaxReason = 500;

    public Task<TransitionResult> HandleAsync(ReviewWarning command, Actor actor, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(actor);
        return runtime.MoveAsync(
            command.Id,
            PovertyWarningWorkflow.Name,
            actor,
            async (db, instance, token) =>
            {
                var validation = new Validation().Text(command.Reason, "reason", MaxReason);
                if (command.Include)
                {
                    validation.OneOf(command.Kind, "kind", PovertyNames.DisplayName);
                }

                validation.ThrowIfInvalid();
                var onTime = PovertyWarning.InTime(instance, runtime.Now);
                var row = await PovertyWarning.OfAsync(db, command.Id, token);
                var reason = command.Reason!.Trim();
                var decision = new Decision(runtime.Now, actor.Name, command.Include, command.Include ? command.Kind : null, reason);
                var said = command.Include ? $"纳入监测（{command.Kind!.Value.DisplayName()}）：{reason}" : $"不纳入：{reason}";
                return new Stimulus(
                    command.Id,
                    command.Include ? PovertyWarningWorkflow.Include : PovertyWarningWorkflow.Exclude,
                    actor,
                    command.ExpectedVersion,
                    said,
                    c =>
                    {
                        c.UpdateData<PovertyWarningData>(d => d with { Decision = decision });
                        row.Decided(c.Now, onTime, command.Include);
                    });
            },
            ct);
    }
}
