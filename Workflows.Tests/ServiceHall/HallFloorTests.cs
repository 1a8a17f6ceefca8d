using Governance.Engine.Calendar;
using Governance.Engine.Runtime;
using Governance.Workflows.ServiceHall;
using Governance.Workflows.ServiceHall.Queue;
using Governance.Workflows.ServiceHall.Ratings;
using Governance.Workflows.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Governance.Workflows.Tests.ServiceHall;

public sealed class HallFloorDatabase() : TestDatabase("floor");

/// <summary>
/// Calling as halls do, on real PostgreSQL with the clock moved and the timers pumped: 重呼, 过号
/// by the ticket's own timer, 回队 behind the next three, the end-of-day sweep; and what the
/// kiosk, the big screen and a ticket's phone page read (ahead, estimated wait).
/// </summary>
public sealed class HallFloorTests(HallFloorDatabase database) : IClassFixture<HallFloorDatabase>
{
    private static readonly DateOnly Friday = new(2026, 11, 20);

    private static readonly QueueOptions Options = new();

    private readonly RuntimeHarness _h = new(database, ChinaTime.At(Friday, new TimeOnly(9, 0)), TicketWorkflow.Definition, RatingInvitationWorkflow.Definition);

    private IssueTicketHandler Issue => new(_h.Runtime, Microsoft.Extensions.Options.Options.Create(Options));

    private CallNextHandler Call => new(_h.Runtime);

    private ServeTicketHandler Serve => new(_h.Runtime, new RatingInvitations(_h.Runtime, Microsoft.Extensions.Options.Options.Create(new RatingOptions())), Microsoft.Extensions.Options.Options.Create(Options));

    private HallFloorQueries Floor => new(database.Factory, _h.Clock, Microsoft.Extensions.Options.Options.Create(Options));

    private async Task<(TestHall Hall, ServiceItem Item)> HallAsync()
    {
        var hall = await TestHall.CreateAsync(database);
        await using var db = database.CreateContext();
        var windows = await db.Set<ServiceWindow>().Where(w => w.HallId == hall.Hall.Id).OrderBy(w => w.Id).ToListAsync();
        var item = new ServiceItem(hall.Hall.Id, "BDC", "不动产登记");
        item.Windows.AddRange([windows[0], windows[1]]);
        db.Add(item);
        await db.SaveChangesAsync();
        return (hall, item);
    }

    private async Task<TicketView> WalkInAsync(TestHall hall, ServiceItem item)
    {
        var ticket = await Issue.HandleAsync(new IssueTicket(item.Id, null, null, null, null), RuntimeHarness.Staff(hall), CancellationToken.None);
        _h.Clock.Advance(TimeSpan.FromSeconds(1));
        return ticket;
    }

    private Task<TicketView> StepAsync(TicketView ticket, string trigger, Actor staff) =>
        Serve.StepAsync(new CallStep(ticket.Id, trigger, database.VersionOf(ticket.Id)), staff, CancellationToken.None);

    private async Task<Ticket> TicketAsync(Guid id)
    {
        await using var db = database.CreateContext();
        return await db.Set<Ticket>().AsNoTracking().SingleAsync(t => t.Id == id);
    }

    private async Task<IReadOnlyList<string>> TriggersAsync(Guid id)
    {
        await using var db = database.CreateContext();
        return await db.Ledger.Where(l => l.InstanceId == id).OrderBy(l => l.Id).Select(l => l.Trigger).ToListAsync();
    }

    [Fact]
    public async Task A_called_citizen_who_does_not_come_is_set_aside_by_the_timer_and_rejoins_after_the_next_three()
    {
        var (hall, item) = await HallAsync();
        var staff = RuntimeHarness.Staff(hall, 0);
        var late = await WalkInAsync(hall, item);
        var others = new List<TicketView>();
        for (var i = 0; i < 5; i++)
        {
            others.Add(await WalkInAsync(hall, item));
        }

        var called = await Call.HandleAsync(hall.Windows[0].Id, staff, CancellationToken.None);
        Assert.Equal((late.Id, TicketWorkflow.Called), (called!.Id, called.State));

        // 重呼 two minutes on: the three minutes to come start again, so the first deadline passes harmlessly.
        _h.Clock.Advance(TimeSpan.FromMinutes(2));
        await StepAsync(late, TicketWorkflow.Recall, staff);
        _h.Clock.Advance(TimeSpan.FromMinutes(2));
        await _h.PumpAllAsync();
        Assert.Equal(TicketWorkflow.Called, (await TicketAsync(late.Id)).State);

        _h.Clock.Advance(TimeSpan.FromMinutes(1.5));
        await _h.PumpAllAsync();
        var setAside = await TicketAsync(late.Id);
        Assert.Equal((TicketWorkflow.SetAside, 1, 1), (setAside.State, setAside.SetAsideCount, setAside.Recalls));

        // The window is free again: it calls the next one.
        Assert.Equal(others[0].Id, (await Call.HandleAsync(hall.Windows[0].Id, staff, CancellationToken.None))!.Id);

        // Back at the window: 回队 puts the ticket behind the next three of the four still waiting.
        var rejoined = await StepAsync(late, TicketWorkflow.Rejoin, staff);
        Assert.Equal(TicketWorkflow.Waiting, rejoined.State);
        var order = new List<Guid>();
        var second = RuntimeHarness.Staff(hall, 1);
        for (var i = 0; i < 5; i++)
        {
            var next = await Call.HandleAsync(hall.Windows[1].Id, second, CancellationToken.None);
            order.Add(next!.Id);
            await Serve.CompleteAsync(new CompleteTicket(next.Id, null, database.VersionOf(next.Id)), second, CancellationToken.None);
        }

        Assert.Equal([others[1].Id, others[2].Id, others[3].Id, late.Id, others[4].Id], order);
        Assert.Equal(
            ["start", TicketWorkflow.Call, TicketWorkflow.Recall, TicketWorkflow.Skip, TicketWorkflow.Rejoin, TicketWorkflow.Call, TicketWorkflow.Complete],
            await TriggersAsync(late.Id));
    }

    /// <summary>
    /// Bug (CI, StaffPagesTests): two tickets issued at the same instant were called in the order
    /// PostgreSQL happened to keep them, A002 before A001; two citizens rejoining behind the same
    /// third one likewise. At the same instant tickets now go by number, in call next, in what the
    /// phones count ahead and in the window's list alike.
    /// </summary>
    [Fact]
    public async Task Tickets_at_the_same_instant_are_called_counted_and_listed_by_number()
    {
        var (hall, item) = await HallAsync();
        var staff = RuntimeHarness.Staff(hall, 0);
        var first = await WalkInAsync(hall, item);
        var second = await WalkInAsync(hall, item);
        var others = new List<TicketView>();
        for (var i = 0; i < 4; i++)
        {
            others.Add(await WalkInAsync(hall, item));
        }

        // Both called and set aside by staff; the second comes back first, the first a moment later:
        // both rejoin behind the third still waiting, at the same place.
        foreach (var absent in new[] { first, second })
        {
            Assert.Equal(absent.Id, (await Call.HandleAsync(hall.Windows[0].Id, staff, CancellationToken.None))!.Id);
            await StepAsync(absent, TicketWorkflow.Skip, staff);
        }

        await StepAsync(second, TicketWorkflow.Rejoin, staff);
        await StepAsync(first, TicketWorkflow.Rejoin, staff);
        Assert.Equal((await TicketAsync(first.Id)).QueueKey, (await TicketAsync(second.Id)).QueueKey);

        // Two more issued at one instant, the clock standing still.
        var atOnce = new List<TicketView>();
        for (var i = 0; i < 2; i++)
        {
            atOnce.Add(await Issue.HandleAsync(new IssueTicket(item.Id, null, null, null, null), staff, CancellationToken.None));
        }

        Guid[] expected = [others[0].Id, others[1].Id, others[2].Id, first.Id, second.Id, others[3].Id, atOnce[0].Id, atOnce[1].Id];
        Assert.Equal(Enumerable.Range(0, expected.Length), await Task.WhenAll(expected.Select(async id => (await Floor.TicketAsync(id, CancellationToken.None))!.Ahead)));
        var window = await new QueueQueries(database.Factory, _h.Clock, Microsoft.Extensions.Options.Options.Create(Options))
            .WindowAsync(hall.Windows[1].Id, RuntimeHarness.Staff(hall, 1), CancellationToken.None);
        Assert.Equal(expected, window.Waiting.Select(t => t.Id));

        var order = new List<Guid>();
        var other = RuntimeHarness.Staff(hall, 1);
        while (await Call.HandleAsync(hall.Windows[1].Id, other, CancellationToken.None) is { } next)
        {
            order.Add(next.Id);
            await Serve.CompleteAsync(new CompleteTicket(next.Id, null, database.VersionOf(next.Id)), other, CancellationToken.None);
        }

        Assert.Equal(expected, order);
    }

    [Fact]
    public async Task A_citizen_who_comes_is_served_and_the_timer_leaves_them_alone_and_service_time_runs_from_arrival()
    {
        var (hall, item) = await HallAsync();
        var staff = RuntimeHarness.Staff(hall, 0);
        var ticket = await WalkInAsync(hall, item);
        await Call.HandleAsync(hall.Windows[0].Id, staff, CancellationToken.None);
        _h.Clock.Advance(TimeSpan.FromMinutes(1));
        await StepAsync(ticket, TicketWorkflow.Arrive, staff);
        _h.Clock.Advance(TimeSpan.FromMinutes(10));
        await _h.PumpAllAsync();
        Assert.Equal(TicketWorkflow.Serving, (await TicketAsync(ticket.Id)).State);

        var done = await Serve.CompleteAsync(new CompleteTicket(ticket.Id, null, database.VersionOf(ticket.Id)), staff, CancellationToken.None);
        Assert.Equal(TimeSpan.FromMinutes(10), done.ServiceTime);

        // Steps that do not fit the state are refused in words: 过号 of a ticket being served.
        var refused = await Assert.ThrowsAsync<TransitionRefusedException>(() => StepAsync(ticket, TicketWorkflow.Skip, staff));
        Assert.Contains("不能过号", refused.Result.Message);
    }

    [Fact]
    public async Task The_day_end_sweep_closes_what_is_left_open_with_reasons_leaves_a_ticket_being_served_and_runs_twice_harmlessly()
    {
        var (hall, item) = await HallAsync();
        var staff = RuntimeHarness.Staff(hall, 0);
        var absent = await WalkInAsync(hall, item);
        var served = await WalkInAsync(hall, item);
        var called = await WalkInAsync(hall, item);
        var waiting = await WalkInAsync(hall, item);
        await Call.HandleAsync(hall.Windows[0].Id, staff, CancellationToken.None);
        _h.Clock.Advance(TimeSpan.FromMinutes(4));
        await _h.PumpAllAsync();
        await Call.HandleAsync(hall.Windows[0].Id, staff, CancellationToken.None);
        await StepAsync(served, TicketWorkflow.Arrive, staff);
        await Call.HandleAsync(hall.Windows[1].Id, RuntimeHarness.Staff(hall, 1), CancellationToken.None);

        var sweep = new EndQueueDay(_h.Runtime, Microsoft.Extensions.Options.Options.Create(Options));
        Assert.Equal(0, await sweep.RunAsync(CancellationToken.None));

        // 21:00 the day is over (the called ticket's timer is not pumped, to find it still called).
        _h.Clock.SetUtcNow(ChinaTime.At(Friday, new TimeOnly(21, 0)).ToUniversalTime());
        // Other tests' halls share the database: this hall's three, and perhaps theirs; a second run finds none.
        Assert.InRange(await sweep.RunAsync(CancellationToken.None), 3, int.MaxValue);
        Assert.Equal(0, await sweep.RunAsync(CancellationToken.None));

        var reasons = new Dictionary<Guid, (string, string?)>();
        foreach (var t in new[] { absent, served, called, waiting })
        {
            var row = await TicketAsync(t.Id);
            reasons[t.Id] = (row.State, row.UnservedReason);
        }

        Assert.Equal((TicketWorkflow.Unserved, "过号后未回队"), reasons[absent.Id]);
        Assert.Equal((TicketWorkflow.Serving, null), reasons[served.Id]);
        Assert.Equal((TicketWorkflow.Unserved, "叫号后未到窗口"), reasons[called.Id]);
        Assert.Equal((TicketWorkflow.Unserved, "当日办理时间结束，未叫到号"), reasons[waiting.Id]);
        Assert.Equal(TicketWorkflow.EndOfDay, (await TriggersAsync(waiting.Id))[^1]);
    }

    [Fact]
    public async Task The_phone_page_counts_who_is_ahead_and_estimates_the_wait_from_recent_service_times_and_the_screen_shows_the_calls()
    {
        var (hall, item) = await HallAsync();
        var staff = RuntimeHarness.Staff(hall, 0);

        // Two served tickets of 6 and 10 minutes: the item's recent service time is 8 minutes.
        foreach (var minutes in new[] { 6, 10 })
        {
            var t = await WalkInAsync(hall, item);
            await Call.HandleAsync(hall.Windows[0].Id, staff, CancellationToken.None);
            _h.Clock.Advance(TimeSpan.FromMinutes(minutes));
            await Serve.CompleteAsync(new CompleteTicket(t.Id, null, database.VersionOf(t.Id)), staff, CancellationToken.None);
        }

        var queue = new List<TicketView>();
        for (var i = 0; i < 5; i++)
        {
            queue.Add(await WalkInAsync(hall, item));
        }

        var fifth = await Floor.TicketAsync(queue[4].Id, CancellationToken.None);
        // Four ahead, 8 minutes each, shared by the item's two open windows.
        Assert.Equal((4, TimeSpan.FromMinutes(16)), (fifth!.Ahead, fifth.EstimatedWait));

        var called = await Call.HandleAsync(hall.Windows[1].Id, RuntimeHarness.Staff(hall, 1), CancellationToken.None);
        var status = await Floor.TicketAsync(called!.Id, CancellationToken.None);
        Assert.Equal((TicketWorkflow.Called, hall.Windows[1].Code), (status!.State, status.WindowCode));
        Assert.Equal(3, (await Floor.TicketAsync(queue[4].Id, CancellationToken.None))!.Ahead);

        var screen = await Floor.ScreenAsync(hall.Hall.Id, CancellationToken.None);
        var now = Assert.Single(screen!.Now);
        Assert.Equal((called.Number, hall.Windows[1].Code), (now.Number, now.WindowCode));
        Assert.Equal(2, screen.Recent.Count);
        var waiting = Assert.Single(screen.Items);
        Assert.Equal((4, true, TimeSpan.FromMinutes(16)), (waiting.Waiting, waiting.Open, waiting.EstimatedWait));
        Assert.Null(await Floor.ScreenAsync(-1, CancellationToken.None));
    }
}
