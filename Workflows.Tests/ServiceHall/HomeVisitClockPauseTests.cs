using Governance.Engine;
using Governance.Engine.Runtime;
using Governance.Notifications.Templates;
using Governance.Workflows.ServiceHall.HomeVisits;
using Governance.Workflows.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Governance.Workflows.Tests.ServiceHall;

/// <summary>A database of its own: these tests move the clock across National Day and pump timers.</summary>
public sealed class ClockPauseDatabase() : TestDatabase("clockpause");

/// <summary>补正 on a home visit: the step's clock stops while the applicant brings materials, and the working time left carries over.</summary>
public sealed class HomeVisitClockPauseTests(ClockPauseDatabase database) : IClassFixture<ClockPauseDatabase>
{
    /// <summary>Monday 28 September 2026, 09:00 in China: the week before National Day (1–7 October off, Saturday 10 October worked).</summary>
    private static readonly DateTimeOffset BeforeNationalDay = Cst(9, 28, 9);

    private readonly HomeVisitHarness _h = new(database, BeforeNationalDay);

    private static DateTimeOffset Cst(int month, int day, int hour, int minute = 0, int second = 0) => new(2026, month, day, hour, minute, second, TimeSpan.FromHours(8));

    private PauseHomeVisitClockHandler Pause => new(new SlaClock(_h.Runtime));

    private ResumeHomeVisitClockHandler Resume => new(new SlaClock(_h.Runtime));

    private async Task AtAsync(DateTimeOffset instant)
    {
        _h.Clock.SetUtcNow(instant.ToUniversalTime());
        await _h.PumpAllAsync();
    }

    /// <summary>An approved visit (Monday 10:00): arranging it has 3 working days, to Thursday 8 October 10:00 over the holiday.</summary>
    private async Task<(TestHall Hall, Guid Id)> ApprovedAsync()
    {
        var hall = await TestHall.CreateAsync(database);
        var instance = await _h.RequestAsync(hall);
        _h.Clock.Advance(TimeSpan.FromHours(1));
        var approved = await _h.ApproveAsync(instance.Id, hall);
        Assert.Equal(Cst(10, 8, 10), approved.Instance!.DueAt);
        return (hall, instance.Id);
    }

    [Fact]
    public async Task A_pause_across_National_Day_carries_the_working_days_left_over_and_its_timers_do_not_fire()
    {
        var (hall, id) = await ApprovedAsync();
        var staff = HomeVisitHarness.Staff(hall);

        await AtAsync(Cst(9, 29, 10)); // two working days left: Tuesday 10:00 to Wednesday 24:00, Thursday 8th to 10:00
        var version = database.VersionOf(id);
        var paused = await Pause.HandleAsync(new PauseHomeVisitClock(id, "请补充户口簿原件和近期诊断证明", version), staff, CancellationToken.None);
        Assert.Equal(TransitionOutcome.Applied, paused.Outcome);
        Assert.Equal((null, Cst(9, 29, 10), version + 1), (paused.Instance!.DueAt, paused.Instance.ClockPausedAt, paused.Instance.Version));

        // The same click again is meant for the version the pause left: it changes nothing.
        var again = await Pause.HandleAsync(new PauseHomeVisitClock(id, "请补充户口簿原件和近期诊断证明", version), staff, CancellationToken.None);
        Assert.Equal(TransitionOutcome.Stale, again.Outcome);

        await using (var db = database.CreateContext())
        {
            var pause = await db.ClockPauses.AsNoTracking().SingleAsync(p => p.InstanceId == id);
            Assert.Equal((HomeVisitWorkflow.Approved, TimeSpan.FromHours(48), true, (DateTimeOffset?)null), (pause.State, pause.Remaining, pause.WorkingTime, pause.ResumedAt));
            Assert.Equal(33.6, pause.WarningRemaining!.Value.TotalHours, 3); // to the warning at 80 %, Wednesday 19:36
            Assert.Null(await db.WorkItems.AsNoTracking().Where(w => w.InstanceId == id && w.ClosedAt == null).Select(w => w.DueAt).SingleAsync());
        }

        // The old warning (Wednesday 19:36) and deadline (Thursday 8th 10:00) pass while paused: nothing fires.
        await AtAsync(Cst(10, 8, 12));
        Assert.DoesNotContain((await _h.OutboxAsync(id)).Select(o => o.Template), t => t is "home-visit.warning" or "home-visit.overdue");

        _h.Clock.SetUtcNow(Cst(10, 9, 9).ToUniversalTime());
        var resumed = await Resume.HandleAsync(new ResumeHomeVisitClock(id, "材料已补齐", database.VersionOf(id)), staff, CancellationToken.None);
        Assert.Equal(TransitionOutcome.Applied, resumed.Outcome);

        // Friday 9th from 09:00 (15 h), Saturday 10th, a make-up working day (24 h), Sunday off, Monday 12th to 09:00 (9 h).
        Assert.Equal((Cst(10, 12, 9), (DateTimeOffset?)null), (resumed.Instance!.DueAt, resumed.Instance.ClockPausedAt));
        await using (var db = database.CreateContext())
        {
            Assert.Equal(Cst(10, 12, 9), await db.WorkItems.AsNoTracking().Where(w => w.InstanceId == id && w.ClosedAt == null).Select(w => w.DueAt).SingleAsync());
            Assert.Equal(Cst(10, 9, 9), (await db.ClockPauses.AsNoTracking().SingleAsync(p => p.InstanceId == id)).ResumedAt);
            var ledger = await db.Ledger.AsNoTracking().Where(l => l.InstanceId == id).OrderBy(l => l.Id).Select(l => new { l.Kind, l.Reason, l.ActorName }).ToListAsync();
            Assert.Equal([LedgerKind.Started, LedgerKind.Transition, LedgerKind.ClockPaused, LedgerKind.ClockResumed], ledger.Select(l => l.Kind));
            Assert.Equal("暂停计时：请补充户口簿原件和近期诊断证明（剩余 2 个工作日）", ledger[2].Reason);
            Assert.Equal("恢复计时：材料已补齐（暂停于 2026-09-29 10:00，剩余 2 个工作日，办理时限顺延至 2026-10-12 09:00）", ledger[3].Reason);
            Assert.Equal(staff.Name, ledger[3].ActorName);

            var applicant = HomeVisitHarness.Valid(hall).ContactEmail;
            var mails = await db.Outbox.AsNoTracking().Where(o => o.InstanceId == id && (o.Template == "home-visit.paused" || o.Template == "home-visit.resumed"))
                .OrderBy(o => o.CreatedAt).ToListAsync();
            Assert.Equal([("home-visit.paused", applicant), ("home-visit.resumed", applicant)], mails.Select(m => (m.Template, (string?)m.RecipientEmail)));
            var templates = HomeVisitHarness.AllTemplates();
            var asked = templates.Get(mails[0].Template).Render(TemplateModel.Parse(mails[0].Model), mails[0].RecipientName);
            Assert.Equal("【上门服务】请补充材料：不动产登记", asked.Subject);
            Assert.Contains("还需补充以下材料：请补充户口簿原件和近期诊断证明", asked.Text, StringComparison.Ordinal);
            var told = templates.Get(mails[1].Template).Render(TemplateModel.Parse(mails[1].Model), mails[1].RecipientName);
            Assert.Contains("本环节将于 2026-10-12 09:00 前办理完毕", told.Text, StringComparison.Ordinal);
        }

        // The timers run again from the resume: warning at 1.4 working days (Saturday 10th 18:36), the alert at the new deadline.
        await AtAsync(Cst(10, 10, 18, 35));
        Assert.DoesNotContain((await _h.OutboxAsync(id)).Select(o => o.Template), t => t == "home-visit.warning");
        await AtAsync(Cst(10, 10, 18, 37));
        Assert.Single(await _h.OutboxAsync(id), o => o.Template == "home-visit.warning");
        await AtAsync(Cst(10, 12, 9, 0, 1));
        Assert.Single(await _h.OutboxAsync(id), o => o.Template == "home-visit.overdue");
    }

    [Fact]
    public async Task Leaving_a_paused_step_ends_the_pause_and_the_next_step_has_its_own_clock()
    {
        var (hall, id) = await ApprovedAsync();
        var staff = HomeVisitHarness.Staff(hall);
        await Pause.HandleAsync(new PauseHomeVisitClock(id, "请补充委托书", database.VersionOf(id)), staff, CancellationToken.None);

        var scheduled = await _h.ScheduleAsync(id, hall, Cst(9, 30, 15));
        Assert.Equal((HomeVisitWorkflow.Scheduled, (DateTimeOffset?)null, Cst(10, 1, 0)), (scheduled.Instance!.State, scheduled.Instance.ClockPausedAt, scheduled.Instance.DueAt));
        await using var db = database.CreateContext();
        Assert.NotNull((await db.ClockPauses.AsNoTracking().SingleAsync(p => p.InstanceId == id)).ResumedAt);
    }

    [Fact]
    public async Task Bad_input_the_wrong_step_the_wrong_role_and_another_hall_change_nothing()
    {
        var (hall, id) = await ApprovedAsync();
        var staff = HomeVisitHarness.Staff(hall);
        var version = database.VersionOf(id);

        var noReason = await Assert.ThrowsAsync<RequestValidationException>(() => Pause.HandleAsync(new PauseHomeVisitClock(id, "  ", version), staff, CancellationToken.None));
        Assert.Equal(["必填"], noReason.Errors["reason"]);
        Assert.Equal(TransitionOutcome.NotPermitted, (await Resume.HandleAsync(new ResumeHomeVisitClock(id, null, version), staff, CancellationToken.None)).Outcome);

        var other = await TestHall.CreateAsync(database);
        Assert.Equal(TransitionOutcome.NotFound, (await Pause.HandleAsync(new PauseHomeVisitClock(id, "请补充材料", version), HomeVisitHarness.Staff(other), CancellationToken.None)).Outcome);

        // Out of reach answers as absent whatever the request held: no validation error gives it away.
        Assert.Equal(TransitionOutcome.NotFound, (await Pause.HandleAsync(new PauseHomeVisitClock(id, null, version), HomeVisitHarness.Staff(other), CancellationToken.None)).Outcome);

        // Once scheduled, the visit day is fixed: that step's clock does not stop.
        await _h.ScheduleAsync(id, hall, Cst(9, 30, 15));
        var onScheduled = await Pause.HandleAsync(new PauseHomeVisitClock(id, "请补充材料", database.VersionOf(id)), staff, CancellationToken.None);
        Assert.Equal((TransitionOutcome.NotPermitted, "当前状态“待上门”下不能暂停或恢复计时"), (onScheduled.Outcome, onScheduled.Message));

        await using var db = database.CreateContext();
        Assert.False(await db.ClockPauses.AnyAsync(p => p.InstanceId == id));
        Assert.False(await db.Ledger.AnyAsync(l => l.InstanceId == id && l.Kind == LedgerKind.ClockPaused));
    }

    [Fact]
    public async Task The_applicant_may_not_stop_the_clock()
    {
        var hall = await TestHall.CreateAsync(database);
        var citizen = HomeVisitHarness.Citizen();
        var instance = await _h.RequestAsync(hall, citizen);
        var result = await Pause.HandleAsync(new PauseHomeVisitClock(instance.Id, "我想晚点再办", instance.Version), citizen, CancellationToken.None);
        Assert.Equal((TransitionOutcome.Forbidden, "群众无权暂停或恢复计时"), (result.Outcome, result.Message));
    }
}
