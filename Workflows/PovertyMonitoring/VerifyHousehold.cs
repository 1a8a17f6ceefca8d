using Governance.Engine;
using Governance.Engine.Runtime;

namespace Governance.Workflows.PovertyMonitoring;

/// <summary>入户核实: the village team visited the home and says what it found and whether it recommends taking the household in.</summary>
public sealed record VerifyHousehold(Guid Id, string? Findings, bool? RecommendInclusion, int ExpectedVersion);

public sealed class VerifyHouseholdHandler(WorkflowRuntime runtime)
{
    public const int MaxFindings = 1000;

    public Task<TransitionResult> HandleAsync(VerifyHousehold command, Actor actor, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(actor);
        return runtime.MoveAsync(
            command.Id,
            PovertyWarningWorkflow.Name,
            actor,
            async (db, instance, token) =>
            {
                new Validation()
                    .Text(command.Findings, "findings", MaxFindings)
                    .Check(command.RecommendInclusion is not null, "recommendInclusion", "请选择建议纳入或建议不纳入")
                    .ThrowIfInvalid();
                var onTime = PovertyWarning.InTime(instance, runtime.Now);
                var row = await PovertyWarning.OfAsync(db, command.Id, token);
                var verification = new Verification(runtime.Now, actor.Name, command.Findings!.Trim(), command.RecommendInclusion!.Value);
                var reason = $"{(verification.RecommendInclusion ? "建议纳入监测" : "建议不纳入")}：{verification.Findings}";
                return new Stimulus(command.Id, PovertyWarningWorkflow.Verify, actor, command.ExpectedVersion, reason, c =>
                {
                    c.UpdateData<PovertyWarningData>(d => d with { Verification = verification });
                    row.Verified(c.Now, onTime);
                });
            },
            ct);
    }
}
