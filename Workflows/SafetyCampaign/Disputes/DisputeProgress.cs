namespace Governance.Workflows.SafetyCampaign.Disputes;

/// <summary>Where a step of 办件进度 stands: done (ticked), the one the matter is at, passed over (a 越级 start, or a level never needed), or still ahead.</summary>
public enum DisputeStepStatus
{
    Done,
    Current,
    Skipped,
    Ahead,
}

/// <summary>One step of the bar: its short name, where it stands, and for the current one the state's own name (e.g. 代办送交部门).</summary>
public sealed record DisputeStep(string Name, DisputeStepStatus Status, string? Now);

/// <summary>
/// 办件进度, for people who will not read a graph (like 浙里办's): 受理 → 村级化解 → 镇级化解 →
/// 部门办理 → 回访 → 办结. It follows from the state alone with the level the matter arrived at and
/// the level it is at: a matter goes up one level at a time and never down (a reopening returns
/// to the level that resolved it), so the levels it passed are exactly those from the one it
/// arrived at to the one it is at.
/// </summary>
public static class DisputeProgress
{
    private static readonly (string Name, DisputeLevel? Level, string[] States)[] Steps =
    [
        ("受理", null, [DisputeWorkflow.Registered]),
        ("村级化解", DisputeLevel.Village, [DisputeWorkflow.AtVillage]),
        ("镇级化解", DisputeLevel.Township, [DisputeWorkflow.AtTownship]),
        ("部门办理", DisputeLevel.Department, [DisputeWorkflow.WithProxy, DisputeWorkflow.AtDepartment, DisputeWorkflow.JointHandling]),
        ("回访", null, [DisputeWorkflow.AwaitingFollowUp]),
        ("办结", null, [DisputeWorkflow.Closed]),
    ];

    public static IReadOnlyList<DisputeStep> Of(string state, DisputeLevel arrivedAt, DisputeLevel level)
    {
        var current = Array.FindIndex(Steps, s => s.States.Contains(state));
        var closed = state == DisputeWorkflow.Closed;
        return [.. Steps.Select((s, i) =>
        {
            var status = i == current && !closed ? DisputeStepStatus.Current
                : i > current ? DisputeStepStatus.Ahead
                : s.Level is { } l && (l < arrivedAt || l > level) ? DisputeStepStatus.Skipped
                : DisputeStepStatus.Done;
            return new DisputeStep(s.Name, status, status == DisputeStepStatus.Current ? DisputeWorkflow.Definition.States[state].DisplayName : null);
        })];
    }
}
