using Governance.Engine;
using Governance.Engine.Runtime;

namespace Governance.Workflows.PovertyMonitoring;

/// <summary>回访: the monthly visit of a monitored household, saying how it is doing and how the measures stand. The next one is due a month on.</summary>
public sealed record FollowUpHousehold(Guid Id, string? Note, int ExpectedVersion);

public sealed class FollowUpHouseholdHandler(WorkflowRuntime runtime)
{
    public const int MaxNote = 1000;

    public Task<TransitionResult> HandleAsync(FollowUpHousehold command, Actor actor, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(actor);
        return runtime.MoveAsync(
            command.Id,
            PovertyWarningWorkflow.Name,
            actor,
            async (db, _, token) =>
            {
                new Validation().Text(command.Note, "note", MaxNote).ThrowIfInvalid();
                var note = command.Note!.Trim();
                var row = await PovertyWarning.OfAsync(db, command.Id, token);
                return new Stimulus(command.Id, PovertyWarningWorkflow.FollowUp, actor, command.ExpectedVersion, note, c =>
                {
                    c.UpdateData<PovertyWarningData>(d => d with { FollowUps = d.FollowUps + 1, LastFollowUp = note });
                    row.FollowedUp(c.Now);
                });
            },
            ct);
    }
}
