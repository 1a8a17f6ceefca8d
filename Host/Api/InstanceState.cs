using Governance.Host.Operations;
using Governance.Engine.Runtime;

namespace Governance.Host.Api;

/// <summary>
/// Where a workflow instance stands after a step: what a client shows, and the version its next step
/// names. <c>DueProvisionalYear</c>, when set, makes <c>DueAt</c> provisional (暂定): it was counted
/// through that year before its holidays were entered, and moves when they are. <c>ClockPausedAt</c>,
/// when set, says the step's clock stands still (暂停计时, e.g. 补正) and <c>DueAt</c> is then null.
/// </summary>
public sealed record InstanceState(Guid Id, int Version, string State, DateTimeOffset? DueAt, int? DueProvisionalYear, DateTimeOffset? ClockPausedAt)
{
    public static InstanceState Of(WorkflowInstance instance)
    {
        ArgumentNullException.ThrowIfNull(instance);
        return new(instance.Id, instance.Version, instance.State, instance.DueAt, instance.DueProvisionalYear, instance.ClockPausedAt);
    }

    /// <summary>200 with where the instance now stands, or the ProblemDetails of a step that did not apply.</summary>
    public static async Task<IResult> AfterAsync(Task<TransitionResult> step)
    {
        ArgumentNullException.ThrowIfNull(step);
        var result = await step;
        return result.Applied ? TypedResults.Ok(Of(result.Instance!)) : ProblemDetailsMapping.ForTransition(result);
    }
}
