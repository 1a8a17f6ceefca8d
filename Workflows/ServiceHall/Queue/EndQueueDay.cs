using Governance.Engine.Calendar;
using Governance.Engine.Runtime;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Governance.Workflows.ServiceHall.Queue;

/// <summary>
/// The end-of-day sweep: once the day is over (<see cref="QueueOptions.DayEndsAt"/>, China time),
/// every ticket of that day still waiting, called or set aside is closed as not served (当日未办)
/// with the reason, each in its own transaction; the lead's figures count them. Run often: a run
/// finds only what is still open, so a run missed while the Host was down is made up by the next.
/// A ticket being served is the window's to finish and is left alone.
/// </summary>
public sealed class EndQueueDay(WorkflowRuntime runtime, IOptions<QueueOptions> options)
{
    private static readonly string[] Sweepable = [TicketWorkflow.Waiting, TicketWorkflow.Called, TicketWorkflow.SetAside];

    /// <summary>How many tickets this run closed.</summary>
    public async Task<int> RunAsync(CancellationToken ct)
    {
        var now = runtime.Now;
        var today = ChinaTime.DateOf(now);
        var lastDayOver = TimeOnly.FromDateTime(ChinaTime.ToLocal(now).DateTime) >= options.Value.DayEndsAt ? today : today.AddDays(-1);
        var open = await runtime.InTransactionAsync((db, token) => db.Set<Ticket>()
            .Where(t => t.Date <= lastDayOver && Sweepable.Contains(t.State))
            .OrderBy(t => t.Date).ThenBy(t => t.Number)
            .Select(t => new { t.Id, t.State })
            .ToListAsync(token), ct);
        var closed = 0;
        foreach (var ticket in open)
        {
            var reason = ticket.State switch
            {
                TicketWorkflow.Waiting => "当日办理时间结束，未叫到号",
                TicketWorkflow.Called => "叫号后未到窗口",
                _ => "过号后未回队",
            };
            var result = await runtime.InTransactionAsync((db, token) => runtime.ApplyAtCurrentVersionAsync(
                db, ticket.Id, TicketWorkflow.Name, version => new Stimulus(ticket.Id, TicketWorkflow.EndOfDay, Actor.System, version, reason), token), ct);
            closed += result.Applied ? 1 : 0;
        }

        return closed;
    }
}
