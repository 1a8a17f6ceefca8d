using Governance.Workflows.Runtime;

namespace Governance.Workflows.ServiceHall.HomeVisits;

/// <summary>How every home-visit use case fires its stimulus.</summary>
internal static class HomeVisitTransitions
{
    /// <summary>
    /// Fires <paramref name="stimulus"/> in one transaction. A citizen's scope is the whole city,
    /// so for them another person's request reads as absent (404), like anything out of scope.
    /// </summary>
    public static Task<TransitionResult> FireAsync(WorkflowRuntime runtime, Stimulus stimulus, CancellationToken ct) =>
        runtime.InTransactionAsync(async (db, token) =>
        {
            if (stimulus.Actor.Role == Roles.Citizen)
            {
                var instance = await db.LockInstanceAsync(stimulus.InstanceId, token);
                if (instance is null || instance.DefinitionName != HomeVisitWorkflow.Name || !instance.GetData<HomeVisitData>().IsRequestedBy(stimulus.Actor))
                {
                    return new TransitionResult(TransitionOutcome.NotFound, null, $"上门服务 {stimulus.InstanceId} 不存在");
                }
            }

            return await runtime.ApplyAsync(db, stimulus with { Workflow = HomeVisitWorkflow.Name }, token);
        }, ct);
}
