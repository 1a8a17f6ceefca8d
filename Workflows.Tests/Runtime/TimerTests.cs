using Governance.Engine;
using Governance.Engine.Administration;
using Governance.Engine.Runtime;
using Governance.Host.Scheduling;
using Governance.Workflows.ServiceHall.ExtendedHours;
using Governance.Workflows.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Governance.Workflows.Tests.Runtime;

public sealed class TimerTests(TimerDatabase database) : IClassFixture<TimerDatabase>
{
    private readonly RuntimeHarness _h = new(database, extra: TestDefinitions.Review());

    [Fact]
    public async Task Expiry_fires_once_per_timer_with_two_pumps_claiming_side_by_side()
    {
        var hall = await TestHall.CreateAsync(database);
        var ids = new List<Guid>();
        for (var i = 0; i < 30; i++)
        {
            ids.Add((await _h.Register.HandleAsync(_h.Registration(hall, $"事项 {i}"), RuntimeHarness.Staff(hall), CancellationToken.None)).Id);
        }

        _h.Clock.Advance(TimeSpan.FromHours(9) + TimeSpan.FromMinutes(1)); // 19:01, past closing + 2 h
        var fired = await Task.WhenAll(Task.Run(_h.PumpAllAsync), Task.Run(_h.PumpAllAsync));

        Assert.Equal(30, fired.Sum());
        await using var db = database.CreateContext();
        var instances = await db.Instances.Where(i => ids.Contains(i.Id)).ToListAsync();
        Assert.All(instances, i => Assert.Equal((ExtendedHoursWorkflow.Overdue, 1), (i.State, i.Version)));
        Assert.Equal(30, await db.Ledger.CountAsync(l => ids.Contains(l.InstanceId) && l.Trigger == ExtendedHoursWorkflow.Expire));
        Assert.Equal(30, await db.Outbox.CountAsync(o => o.InstanceId != null && ids.Contains(o.InstanceId.Value) && o.Template == "extended-hours.overdue"));
        Assert.All(await db.Timers.Where(t => ids.Contains(t.InstanceId)).ToListAsync(), t => Assert.Equal("fired", t.Outcome));
    }

    [Fact]
    public async Task A_timer_of_a_state_already_left_does_nothing()
    {
        var hall = await TestHall.CreateAsync(database);
        var instance = await _h.Register.HandleAsync(_h.Registration(hall), RuntimeHarness.Staff(hall), CancellationToken.None);
        var served = await _h.Close.HandleAsync(new CloseExtendedHours(instance.Id, true, "已办结", 0), RuntimeHarness.Staff(hall), CancellationToken.None);
        Assert.True(served.Applied);

        _h.Clock.Advance(TimeSpan.FromHours(10));
        await _h.PumpAllAsync();

        await using var db = database.CreateContext();
        Assert.Equal(ExtendedHoursWorkflow.Served, (await db.Instances.SingleAsync(i => i.Id == instance.Id)).State);
        Assert.All(await db.Timers.Where(t => t.InstanceId == instance.Id).ToListAsync(), t => Assert.NotNull(t.CancelledAt));
        Assert.Equal(0, await db.Ledger.CountAsync(l => l.InstanceId == instance.Id && l.Trigger == ExtendedHoursWorkflow.Expire));
    }

    [Fact]
    public async Task A_warning_at_80_percent_of_working_time_emails_and_keeps_the_state()
    {
        var staff = new Actor("s1", "窗口人员", Roles.WindowStaff, "test/2");
        var instance = await _h.Runtime.InTransactionAsync((db, ct) => _h.Runtime.StartAsync(db, "test-review", "test/2/a", "申请", new { }, staff, ct));

        // Friday 10:00 + 0.8 working day = Monday 05:12 (the weekend does not count); the limit is Monday 10:00.
        _h.Clock.Advance(TimeSpan.FromDays(2) + TimeSpan.FromHours(19));
        Assert.Equal(0, await _h.PumpAllAsync());
        _h.Clock.Advance(TimeSpan.FromMinutes(13));
        Assert.Equal(1, await _h.PumpAllAsync());

        await using var db = database.CreateContext();
        var stored = await db.Instances.SingleAsync(i => i.Id == instance.Id);
        Assert.Equal(("Review", 0), (stored.State, stored.Version));
        Assert.Equal(1, await db.Ledger.CountAsync(l => l.InstanceId == instance.Id && l.Kind == LedgerKind.SlaWarning));
        Assert.Equal(1, await db.Outbox.CountAsync(o => o.InstanceId == instance.Id && o.Template == "test.warning"));

        // One row carries both: after its warning it waits for the deadline, the warning not to fire again.
        var timer = await db.Timers.AsNoTracking().SingleAsync(t => t.InstanceId == instance.Id);
        Assert.Equal((TimerKind.Expiry, timer.DueAt, "warned", (DateTimeOffset?)null), (timer.NextKind, timer.NextAt, timer.Outcome, timer.FiredAt));
        Assert.Equal(stored.DueAt, timer.DueAt);
        Assert.Equal(0, await _h.PumpAllAsync());

        _h.Clock.Advance(TimeSpan.FromHours(5));
        Assert.Equal(1, await _h.PumpAllAsync());
        Assert.Equal(1, await db.Ledger.CountAsync(l => l.InstanceId == instance.Id && l.Kind == LedgerKind.SlaWarning));
        Assert.Equal("fired", (await db.Timers.AsNoTracking().SingleAsync(t => t.InstanceId == instance.Id)).Outcome);
        Assert.Equal("Escalated", (await db.Instances.AsNoTracking().SingleAsync(i => i.Id == instance.Id)).State);
        Assert.Equal(1, await db.WorkItems.CountAsync(w => w.InstanceId == instance.Id && w.ClosedAt == null && w.Queue == "test/2/a/up"));
    }

    [Fact]
    public async Task A_failing_warning_fired_again_by_an_administrator_warns_once_and_its_row_then_waits_for_the_deadline()
    {
        var staff = new Actor("s1", "窗口人员", Roles.WindowStaff, "test/6");
        var admin = new Actor("a1", "管理员", Roles.Admin, "");
        var instance = await _h.Runtime.InTransactionAsync((db, ct) => _h.Runtime.StartAsync(db, "test-review", "test/6/a", "申请", new { }, staff, ct));
        await using var db = database.CreateContext();
        var planned = await db.Timers.AsNoTracking().SingleAsync(t => t.InstanceId == instance.Id);

        // Past the warning (Monday 05:12), whose firing failed twice and waits an hour for its next try.
        _h.Clock.Advance(TimeSpan.FromDays(2) + TimeSpan.FromHours(19) + TimeSpan.FromMinutes(13));
        await db.Database.ExecuteSqlAsync($"UPDATE wf.timers SET failed_attempts = 2, outcome = 'error: NpgsqlException', next_at = {_h.Clock.GetUtcNow().AddHours(1)} WHERE id = {planned.Id}");
        Assert.Equal(0, await _h.PumpAllAsync());

        var retry = new RetryTimer(_h.Runtime);
        Assert.True(await retry.RunAsync(instance.Id, planned.Id, "网络已恢复", admin, CancellationToken.None));
        Assert.Equal("临期预警定时器已失败 2 次（error: NpgsqlException）：网络已恢复", (await db.Ledger.AsNoTracking().SingleAsync(l => l.InstanceId == instance.Id && l.Kind == LedgerKind.TimerRetried)).Reason);
        Assert.Equal(1, await _h.PumpAllAsync());

        // The warning went out once; the same row waits for its deadline, which did not move, with no failures of its own.
        Assert.Equal(1, await db.Ledger.CountAsync(l => l.InstanceId == instance.Id && l.Kind == LedgerKind.SlaWarning));
        var timer = await db.Timers.AsNoTracking().SingleAsync(t => t.Id == planned.Id);
        Assert.Equal((TimerKind.Expiry, planned.DueAt, planned.DueAt, 0, "warned"), (timer.NextKind, timer.DueAt, timer.NextAt, timer.FailedAttempts, timer.Outcome));
        Assert.Equal(("Review", (DateTimeOffset?)null), ((await db.Instances.AsNoTracking().SingleAsync(i => i.Id == instance.Id)).State, timer.FiredAt));
        await Assert.ThrowsAsync<RuleViolationException>(() => retry.RunAsync(instance.Id, planned.Id, "再点一次", admin, CancellationToken.None));

        _h.Clock.Advance(TimeSpan.FromHours(5));
        Assert.Equal(1, await _h.PumpAllAsync());
        Assert.Equal(("Escalated", "fired"), ((await db.Instances.AsNoTracking().SingleAsync(i => i.Id == instance.Id)).State, (await db.Timers.AsNoTracking().SingleAsync(t => t.Id == planned.Id)).Outcome));
    }

    [Fact]
    public async Task A_warning_that_keeps_failing_gives_way_to_its_deadline_which_fires_on_time()
    {
        var staff = new Actor("s1", "窗口人员", Roles.WindowStaff, "test/7");
        var instance = await _h.Runtime.InTransactionAsync((db, ct) => _h.Runtime.StartAsync(db, "test-review", "test/7/a", "申请", new { }, staff, ct));
        await using var db = database.CreateContext();
        var planned = await db.Timers.AsNoTracking().SingleAsync(t => t.InstanceId == instance.Id);

        // Past the warning, whose firing failed three times; its next try was held to the deadline, as the pump holds it.
        _h.Clock.Advance(TimeSpan.FromDays(2) + TimeSpan.FromHours(19) + TimeSpan.FromMinutes(13));
        await db.Database.ExecuteSqlAsync($"UPDATE wf.timers SET failed_attempts = 3, outcome = 'error: SmtpCommandException', next_at = due_at WHERE id = {planned.Id}");
        Assert.Equal(TimerKind.Expiry, (await db.Timers.AsNoTracking().SingleAsync(t => t.Id == planned.Id)).NextKind);
        Assert.Equal(0, await _h.PumpAllAsync());

        _h.Clock.SetUtcNow(planned.DueAt);
        Assert.Equal(1, await _h.PumpAllAsync());
        Assert.Equal(("Escalated", "fired"), ((await db.Instances.AsNoTracking().SingleAsync(i => i.Id == instance.Id)).State, (await db.Timers.AsNoTracking().SingleAsync(t => t.Id == planned.Id)).Outcome));
        Assert.Equal(0, await db.Ledger.CountAsync(l => l.InstanceId == instance.Id && l.Kind == LedgerKind.SlaWarning));
    }

    [Fact]
    public async Task A_timer_whose_firing_fails_backs_off_and_does_not_hold_up_the_others()
    {
        var staff = new Actor("s1", "窗口人员", Roles.WindowStaff, "test/3");
        var h = new RuntimeHarness(database, extra: TestDefinitions.Expiring());
        Task<WorkflowInstance> StartAsync(string title) =>
            h.Runtime.InTransactionAsync((db, ct) => h.Runtime.StartAsync(db, "test-expiring", $"test/3/{title}", title, new { }, staff, ct));
        var poisoned = await StartAsync(TestDefinitions.Failing);
        var healthy = await StartAsync("正常");

        h.Clock.Advance(TimeSpan.FromDays(3) + TimeSpan.FromHours(1));
        await h.Pump.FireDueAsync(500, CancellationToken.None);

        await using var db = database.CreateContext();
        Assert.Equal("Closed", (await db.Instances.SingleAsync(i => i.Id == healthy.Id)).State);
        Assert.Equal("Open", (await db.Instances.SingleAsync(i => i.Id == poisoned.Id)).State);
        var timer = await db.Timers.SingleAsync(t => t.InstanceId == poisoned.Id);
        Assert.Equal((1, "error: InvalidOperationException", (DateTimeOffset?)null), (timer.FailedAttempts, timer.Outcome, timer.FiredAt));
        Assert.Equal(h.Clock.GetUtcNow().AddSeconds(5), timer.NextAt);
    }

    [Fact]
    public async Task An_expiry_alert_without_a_trigger_emails_and_leaves_the_instance_in_place()
    {
        var h = new RuntimeHarness(database, extra: TestDefinitions.Alerting());
        var staff = new Actor("s1", "窗口人员", Roles.WindowStaff, "test/4");
        var instance = await h.Runtime.InTransactionAsync((db, ct) => h.Runtime.StartAsync(db, "test-alerting", "test/4/a", "申请", new { }, staff, ct));

        h.Clock.Advance(TimeSpan.FromDays(3) + TimeSpan.FromHours(1));
        await h.Pump.FireDueAsync(500, CancellationToken.None);

        await using var db = database.CreateContext();
        var stored = await db.Instances.SingleAsync(i => i.Id == instance.Id);
        Assert.Equal(("Open", 0), (stored.State, stored.Version));
        Assert.Equal(1, await db.Ledger.CountAsync(l => l.InstanceId == instance.Id && l.Kind == LedgerKind.SlaExpired));
        Assert.Equal(1, await db.Outbox.CountAsync(o => o.InstanceId == instance.Id && o.Template == "test.overdue"));
        Assert.Equal("alerted", (await db.Timers.SingleAsync(t => t.InstanceId == instance.Id)).Outcome);
    }

    [Fact]
    public async Task The_pump_job_claimers_side_by_side_fire_warnings_and_expiries_of_the_same_instances_once_without_deadlock()
    {
        var staff = new Actor("s1", "窗口人员", Roles.WindowStaff, "test/5");
        var ids = new List<Guid>();
        for (var i = 0; i < 40; i++)
        {
            ids.Add((await _h.Runtime.InTransactionAsync((db, ct) => _h.Runtime.StartAsync(db, "test-review", $"test/5/{i}", "申请", new { }, staff, ct))).Id);
        }

        // Past the warning and the limit of every one: 40 timers due with both stages, spread over
        // small batches that four claimers take crosswise, each row claimed for its warning, then again for its deadline.
        _h.Clock.Advance(TimeSpan.FromDays(4));
        var job = new TimerPumpJob(_h.Pump, Options.Create(new SchedulingOptions
        {
            TimerBatchSize = 3,
            TimerPumpConcurrency = 4,
            TimerPumpPeriod = TimeSpan.FromSeconds(1),
            TimerPollInterval = TimeSpan.FromMilliseconds(50),
        }));
        await job.Execute(null!, TestContext.Current.CancellationToken);

        await using var db = database.CreateContext();
        var timers = await db.Timers.Where(t => ids.Contains(t.InstanceId) && t.FiredAt != null).ToListAsync(TestContext.Current.CancellationToken);
        Assert.Equal(40, timers.Count);
        Assert.All(timers, t => Assert.Equal((0, true, "fired"), (t.FailedAttempts, t.WarnedAt is not null, t.Outcome)));
        Assert.Equal(40, await db.Ledger.CountAsync(l => ids.Contains(l.InstanceId) && l.Kind == LedgerKind.SlaWarning, TestContext.Current.CancellationToken));
        Assert.All(await db.Instances.Where(i => ids.Contains(i.Id)).ToListAsync(TestContext.Current.CancellationToken), i => Assert.Equal(("Escalated", 1), (i.State, i.Version)));
        Assert.Equal(40, await db.Ledger.CountAsync(l => ids.Contains(l.InstanceId) && l.Trigger == "escalate", TestContext.Current.CancellationToken));
    }
}
