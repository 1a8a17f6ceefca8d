using Governance.Engine.Calendar;
using Governance.Engine.Runtime;
using Governance.Workflows.Administration;
using Governance.Workflows.SafetyCampaign.Disputes;
using Governance.Workflows.Storage;
using Governance.Workflows.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;

namespace Governance.Workflows.Tests.SafetyCampaign;

/// <summary>A database of its own: these tests enter 2027 and pump timers into January.</summary>
public sealed class ProvisionalLimitDatabase() : TestDatabase("provisional");

/// <summary>
/// December 2026 with 2027's holidays not entered: limits into 2027 are provisional (暂定), nothing
/// is refused or rolled back, and entering the year recomputes them, once, on any number of nodes.
/// </summary>
public sealed class ProvisionalLimitTests(ProvisionalLimitDatabase database) : IClassFixture<ProvisionalLimitDatabase>
{
    /// <summary>Monday 14 December 2026, 10:00: the village's 5 working days end on the 21st, the township's 10 in January.</summary>
    private static readonly DateTimeOffset December14 = SanlingHarness.Cst(12, 14, 10);

    private static DateTimeOffset In2027(int month, int day, int hour) => new(2027, month, day, hour, 0, 0, TimeSpan.FromHours(8));

    [Fact]
    public async Task Bug_a_township_limit_running_out_in_2027_unentered_escalates_and_its_red_alert_commits()
    {
        var h = new SanlingHarness(database, December14);
        var t = await TestTownship.CreateAsync(database);
        var registered = await h.RegisterAsync(t);

        await h.AtAsync(SanlingHarness.Cst(12, 21, 10));
        var atTownship = await h.InstanceAsync(registered.Id);
        // 22–31 Dec are 8 working days, 1 Jan is 元旦 by law, then 4 and 5 Jan.
        Assert.Equal((DisputeWorkflow.AtTownship, In2027(1, 5, 10), (int?)2027), (atTownship.State, atTownship.DueAt, atTownship.DueProvisionalYear));

        await h.AtAsync(In2027(1, 5, 10));

        var withProxy = await h.InstanceAsync(registered.Id);
        // 30 working days from 5 Jan, skipping 春节 5–8 Feb (除夕 to 初三) as the law fixes it.
        Assert.Equal((DisputeWorkflow.WithProxy, In2027(2, 18, 10), (int?)2027), (withProxy.State, withProxy.DueAt, withProxy.DueProvisionalYear));
        Assert.Equal(
            ["start", "route-village", "sla-warning", "sla-expired", "escalate-overdue", "sla-warning", "sla-expired", "escalate-overdue"],
            await h.TriggersAsync(registered.Id));
        Assert.Equal(2, (await h.OutboxAsync(registered.Id)).Count(o => o.Template == "dispute.overdue"));
        Assert.Equal((DisputeLevel.Department, 2, 2), ((await h.RowAsync(registered.Id)).Level, (await h.RowAsync(registered.Id)).Escalations, (await h.RowAsync(registered.Id)).LimitBreaches));
        await using var db = database.CreateContext();
        Assert.False(await db.Timers.AnyAsync(x => x.InstanceId == registered.Id && (x.FailedAttempts > 0 || x.Outcome!.StartsWith("error"))));
    }

    [Fact]
    public async Task Entering_2027_recomputes_each_provisional_limit_and_its_timers_once_with_a_ledger_line_on_two_nodes()
    {
        var h = new SanlingHarness(database, December14);
        var t = await TestTownship.CreateAsync(database);
        var first = await h.RegisterAsync(t);
        var second = await h.RegisterAsync(t);
        await h.AtAsync(SanlingHarness.Cst(12, 21, 10));

        var seen = await h.Queries.GetAsync(first.Id, t.OfficialActor, CancellationToken.None);
        Assert.Equal((In2027(1, 5, 10), (int?)2027), (seen!.DueAt, seen.DueProvisionalYear));
        Assert.Equal((int?)2027, (await h.Queries.ListAsync(t.OfficialActor, null, 10, CancellationToken.None)).Items.First(i => i.Id == first.Id).DueProvisionalYear);

        // The administrator enters 2027 on node A while node B runs its reload, as CalendarRefresh does.
        // A test-only arrangement: 1–4 January off, so the township's 10 working days end on the 6th.
        h.Clock.SetUtcNow(SanlingHarness.Cst(12, 22, 9).ToUniversalTime());
        var nodeA = NodeOn(h.Calendar, h.Clock);
        var nodeB = NodeOn(new WorkingCalendar(HolidayYears.Shipped), h.Clock);
        var enter = new EnterHolidayYearHandler(new EngineContexts(database.Factory), h.Calendar, nodeA.Years, nodeA.Recompute, h.Clock);
        var entering = enter.HandleAsync(new EnterHolidayYear(2027, "测试用安排（非国务院通知）", [["2027-01-01", "2027-01-04", "元旦（测试用）"]], []), TestTownship.Admin, CancellationToken.None);
        var reloading = nodeB.ReloadAsync();
        await Task.WhenAll(entering, reloading);
        Assert.True((await entering).Recomputed + await reloading >= 2);

        foreach (var id in new[] { first.Id, second.Id })
        {
            var instance = await h.InstanceAsync(id);
            Assert.Equal((DisputeWorkflow.AtTownship, In2027(1, 6, 10), (int?)null), (instance.State, instance.DueAt, instance.DueProvisionalYear));
            await using var db = database.CreateContext();
            var pending = await db.Timers.AsNoTracking().Where(x => x.InstanceId == id && x.FiredAt == null && x.CancelledAt == null).Select(x => new { x.WarnAt, x.DueAt, x.NextAt }).ToListAsync();
            Assert.Equal([(SanlingHarness.Cst(12, 31, 10), In2027(1, 6, 10), SanlingHarness.Cst(12, 31, 10))], pending.Select(x => (x.WarnAt!.Value, x.DueAt, x.NextAt)));
            Assert.Equal([In2027(1, 6, 10)], await db.WorkItems.Where(w => w.InstanceId == id && w.ClosedAt == null).Select(w => w.DueAt).ToListAsync());
            var lines = await db.Ledger.AsNoTracking().Where(l => l.InstanceId == id && l.Kind == LedgerKind.LimitRecomputed).ToListAsync();
            var line = Assert.Single(lines);
            Assert.Equal(("limit-recomputed", DisputeWorkflow.AtTownship, Actor.System.Id), (line.Trigger, line.ToState, line.ActorId));
            Assert.Equal("已录入 2027 年节假日安排，办理时限按此重算：由 2027-01-05 10:00（暂定）改为 2027-01-06 10:00", line.Reason);
        }

        // What the township official reads now, and a retry on either node does nothing more.
        var now = await h.Queries.GetAsync(first.Id, t.OfficialActor, CancellationToken.None);
        Assert.Equal((In2027(1, 6, 10), (int?)null, "时限重算"), (now!.DueAt, now.DueProvisionalYear, now.Ledger[^1].Step));
        Assert.Equal(0, await nodeA.ReloadAsync());
        Assert.Equal(0, await nodeB.ReloadAsync());

        // The timers follow the entered arrangement: nothing on the 5th, up to the proxy on the 6th.
        await h.AtAsync(In2027(1, 5, 10));
        Assert.Equal(DisputeWorkflow.AtTownship, (await h.InstanceAsync(first.Id)).State);
        await h.AtAsync(In2027(1, 6, 10));
        var up = await h.InstanceAsync(first.Id);
        Assert.Equal((DisputeWorkflow.WithProxy, (int?)null), (up.State, up.DueProvisionalYear));
    }

    private Node NodeOn(WorkingCalendar calendar, FakeTimeProvider clock)
    {
        var runtime = new WorkflowRuntime(new EngineContexts(database.Factory), new WorkflowRegistry([DisputeWorkflow.Definition], Roles.Catalogue), calendar, clock);
        return new Node(new HolidayYears(new EngineContexts(database.Factory), calendar), new RecomputeProvisionalLimits(runtime));
    }

    /// <summary>What one Host holds of the calendar: its reload is CalendarRefresh's tick.</summary>
    private sealed record Node(HolidayYears Years, RecomputeProvisionalLimits Recompute)
    {
        public async Task<int> ReloadAsync()
        {
            await Years.RefreshAsync(CancellationToken.None);
            return await Recompute.RunAsync(CancellationToken.None);
        }
    }
}
