using Governance.Engine.Calendar;
using Governance.Engine.Runtime;

namespace Governance.Workflows.SafetyCampaign.Ranking;

/// <summary>
/// The monthly schedule (月例会、月排名、月通报): from the first working day of a month on the
/// holiday calendar (1 October 2026 is National Day, so October's is the 8th; January 2026's is
/// Sunday the 4th, a make-up working day), the month before is ranked. Quartz calls this every
/// morning: before that day it does nothing, on that day it ranks, and on a later day it finds the
/// month stored and does nothing again, or ranks it then if every node was down on the day.
/// </summary>
public sealed class RunDueRanking(ComputeMonthlyRanking compute, WorkflowRuntime runtime)
{
    /// <summary>The first working day of the month after <paramref name="month"/>: when it is ranked.</summary>
    public DateOnly DueOn(CalendarMonth month)
    {
        var next = month.First.AddMonths(1);
        return runtime.Calendar.FirstWorkingDayOfMonth(next.Year, next.Month);
    }

    /// <summary>Ranks last month if it is due; empty if not yet due.</summary>
    public async Task<IReadOnlyList<RankingComputed>> RunAsync(CancellationToken ct)
    {
        var today = ChinaTime.DateOf(runtime.Now);
        var last = CalendarMonth.Of(today).Previous;
        return today < DueOn(last) ? [] : await compute.RunAsync(last, Actor.System, ct);
    }
}
