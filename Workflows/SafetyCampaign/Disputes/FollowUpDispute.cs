using Governance.Engine;
using Governance.Engine.Runtime;

namespace Governance.Workflows.SafetyCampaign.Disputes;

/// <summary>
/// The follow-up call (回访) records whether the citizen is satisfied. Satisfied closes the
/// matter; not satisfied reopens it at the level that resolved it, with that level's full limit
/// again (and a note of why, which is required).
/// </summary>
public sealed record FollowUpDispute(Guid Id, bool? Satisfied, string? Note, int ExpectedVersion);

public sealed class FollowUpDisputeHandler(WorkflowRuntime runtime)
{
    public Task<TransitionResult> HandleAsync(FollowUpDispute command, Actor actor, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(command);
        var satisfied = command.Satisfied == true;
        return runtime.MoveAsync(command.Id, DisputeWorkflow.Name, actor, async (db, instance, token) =>
        {
            new Validation()
                .Check(command.Satisfied is not null, "satisfied", "必填")
                .Text(command.Note, "note", 500, required: command.Satisfied == false)
                .ThrowIfInvalid();

            var note = string.IsNullOrWhiteSpace(command.Note) ? null : command.Note.Trim();
            var reason = $"回访{(satisfied ? "满意" : "不满意")}{(note is null ? "" : $"：{note}")}";
            var level = instance.GetData<DisputeData>().ResolvedLevel;
            var trigger = satisfied || level is null ? DisputeWorkflow.Close : DisputeWorkflow.ReopenTrigger(level.Value);
            var row = await Dispute.OfAsync(db, command.Id, token);
            return new Stimulus(command.Id, trigger, actor, command.ExpectedVersion, reason, c =>
            {
                if (!satisfied)
                {
                    c.UpdateData<DisputeData>(d => d with
                    {
                        LevelSince = c.Now,
                        LevelExtensionDays = 0,
                        ResolvedLevel = null,
                        Resolution = null,
                        Reopens = d.Reopens + 1,
                    });
                }

                row.FollowUp(satisfied, c.Now);
            });
        }, ct);
    }
}
