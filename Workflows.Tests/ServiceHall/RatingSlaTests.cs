using Governance.Engine;
using Governance.Notifications;
using Governance.Notifications.Templates;
using Governance.Engine.Runtime;
using Governance.Workflows.ServiceHall.Ratings;
using Governance.Workflows.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Governance.Workflows.Tests.ServiceHall;

/// <summary>好差评 time limits: the clock crosses Mid-Autumn and National Day 2026 and the timer pump fires warnings, alerts and expiries.</summary>
public sealed class RatingSlaTests(RatingDatabase database) : IClassFixture<RatingDatabase>
{
    private readonly RatingHarness _h = new(database);

    public static EmailTemplates Templates { get; } = new(typeof(EmailTemplate).Assembly.GetTypes()
        .Where(t => t.IsSubclassOf(typeof(EmailTemplate)) && !t.IsAbstract)
        .Select(t => (EmailTemplate)Activator.CreateInstance(t)!));

    private async Task<(Guid Rectification, TestHall Hall)> BadRatingAsync(RatingLevel level = RatingLevel.VeryDissatisfied)
    {
        var hall = await TestHall.CreateAsync(database);
        var (_, token) = await _h.InvitedAsync(hall, await RatingHarness.ItemAsync(database, hall));
        return ((await _h.RateAsync(token, level, "排队一小时，窗口人员态度生硬"))!.Value, hall);
    }

    private async Task<string> TokenOfAsync(Guid rectification)
    {
        await using var db = database.CreateContext();
        var email = await db.Outbox.AsNoTracking().SingleAsync(o => o.Template == RatingInvitations.Template && o.InstanceId == db.Set<ServiceRating>().Single(r => r.RectificationId == rectification).Id);
        return RatingHarness.TokenOf(email.Model);
    }

    [Fact]
    public async Task A_bad_rating_on_28_September_is_due_15_working_days_later_across_the_holidays_and_the_lead_is_warned_and_alerted_once()
    {
        _h.Clock.SetUtcNow(RatingHarness.Cst(9, 28, 10).ToUniversalTime());
        var (id, hall) = await BadRatingAsync();

        // By hand from cn-holidays.json: 10-01..10-07 off (国庆), 10-10 (Saturday) a make-up working day.
        // After Monday 28 September 10:00 the working days are 9-29, 9-30, 10-08, 10-09, 10-10, 10-12..10-16,
        // 10-19..10-23: the 15th ends Friday 23 October 10:00, the 12th (80 %) Tuesday 20 October 10:00.
        var opened = await _h.InstanceAsync(id);
        var data = opened.GetData<RectificationData>();
        Assert.Equal((RatingHarness.Cst(10, 20, 10), RatingHarness.Cst(10, 23, 10)), data.RoundDeadline(_h.Runtime.Calendar, opened.PinnedLimit(RectificationWorkflow.RectificationLimitKey), RectificationWorkflow.WarnFraction));
        Assert.Equal(RatingHarness.Cst(10, 23, 10), opened.DueAt);
        await using (var db = database.CreateContext())
        {
            Assert.Equal(RatingHarness.Cst(10, 23, 10), (await db.Set<ServiceRating>().SingleAsync(r => r.RectificationId == id)).RectificationDueAt);
        }

        await _h.AtAsync(RatingHarness.Cst(10, 20, 9, 59));
        Assert.Equal([("rating.rectification-opened", hall.LeadEmail)], await _h.OutboxAsync(id));
        await _h.AtAsync(RatingHarness.Cst(10, 20, 10, 0, 1));
        Assert.Equal([("rating.rectification-opened", hall.LeadEmail), ("rating.rectification-warning", hall.LeadEmail)], await _h.OutboxAsync(id));
        await _h.AtAsync(RatingHarness.Cst(10, 23, 10, 0, 1));
        Assert.Equal(
            [("rating.rectification-opened", hall.LeadEmail), ("rating.rectification-warning", hall.LeadEmail), ("rating.rectification-overdue", hall.LeadEmail)],
            await _h.OutboxAsync(id));

        // Late steps share the spent deadline: their timers fire at once, but the lead was told already.
        Assert.True((await _h.StepAsync(id, hall, RectificationStep.CallBack)).Applied);
        await _h.AtAsync(RatingHarness.Cst(10, 23, 11));
        Assert.Equal(3, (await _h.OutboxAsync(id)).Count);
        await using var after = database.CreateContext();
        Assert.Equal(2, await after.Ledger.CountAsync(l => l.InstanceId == id && l.Kind == LedgerKind.SlaExpired));

        var overdue = await after.Outbox.AsNoTracking().SingleAsync(o => o.InstanceId == id && o.Template == "rating.rectification-overdue");
        var rendered = Templates.Get(overdue.Template).Render(TemplateModel.Parse(overdue.Model), overdue.RecipientName);
        Assert.Equal("【超期提醒】差评整改已超期：A01 商品房合同备案 契税", rendered.Subject);
        Assert.Contains("已于 2026-10-23 10:00 超过时限", rendered.Text, StringComparison.Ordinal);
        Assert.Contains("评价：非常不满意", rendered.Text, StringComparison.Ordinal);
        Assert.DoesNotContain(RatingHarness.CitizenEmail(hall), overdue.Model, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_report_back_emails_the_citizen_and_an_appeal_within_the_window_reopens_for_the_leads_review()
    {
        var (id, hall) = await BadRatingAsync(RatingLevel.Dissatisfied);
        var token = await TokenOfAsync(id);

        await _h.StepAsync(id, hall, RectificationStep.CallBack, "已电话回访，群众反映排队时间长");
        Assert.Equal(TransitionOutcome.NotPermitted, (await _h.StepAsync(id, hall, RectificationStep.ReportBack)).Outcome);
        await _h.StepAsync(id, hall, RectificationStep.Verify, "调取录像，情况属实");
        await _h.StepAsync(id, hall, RectificationStep.Rectify, "增开潮汐窗口，约谈当事人员");
        _h.Clock.SetUtcNow(RatingHarness.Cst(9, 29, 15).ToUniversalTime());
        var reported = await _h.StepAsync(id, hall, RectificationStep.ReportBack, "已增开潮汐窗口，高峰期等候不超过 20 分钟");

        Assert.Equal(RectificationWorkflow.Reported, reported.Instance!.State);
        Assert.Equal(RatingHarness.Cst(10, 6, 15), reported.Instance.GetData<RectificationData>().AppealUntil);
        var citizen = RatingHarness.CitizenEmail(hall);
        Assert.Equal(("rating.reported", citizen), (await _h.OutboxAsync(id))[^1]);
        await using (var db = database.CreateContext())
        {
            var email = await db.Outbox.AsNoTracking().SingleAsync(o => o.InstanceId == id && o.Template == "rating.reported");
            var rendered = Templates.Get(email.Template).Render(TemplateModel.Parse(email.Model), email.RecipientName);
            Assert.Contains("整改反馈：已增开潮汐窗口，高峰期等候不超过 20 分钟", rendered.Text, StringComparison.Ordinal);
            Assert.Contains("于 2026-10-06 15:00 前打开下方评价链接提出申诉", rendered.Text, StringComparison.Ordinal);
            Assert.Equal(_h.Clock.GetUtcNow(), (await db.Set<ServiceRating>().SingleAsync(r => r.RectificationId == id)).ReportedAt);
        }

        Assert.True((await _h.Queries.PageAsync(token, CancellationToken.None))!.Rectification!.CanAppeal);
        Assert.Equal(["reason"], (await Assert.ThrowsAsync<RequestValidationException>(() => _h.Appeal.HandleAsync(new AppealRectification(token, " "), CancellationToken.None))).Errors.Keys);
        await _h.AtAsync(RatingHarness.Cst(10, 6, 14, 59)); // the last minute of the window, over the holidays
        var appealed = await _h.Appeal.HandleAsync(new AppealRectification(token, "高峰期仍需等候一小时"), CancellationToken.None);

        Assert.Equal(RectificationWorkflow.Reviewing, appealed.Instance!.State);
        Assert.Equal(RatingHarness.Cst(10, 14, 0), appealed.Instance.DueAt); // appealed on a holiday: 5 whole working days, 10-08, 10-09, 10-10, 10-12, 10-13
        Assert.Equal(("rating.appealed", hall.LeadEmail), (await _h.OutboxAsync(id))[^1]);
        var again = await Assert.ThrowsAsync<TransitionRefusedException>(() => _h.Appeal.HandleAsync(new AppealRectification(token, "再申诉"), CancellationToken.None));
        Assert.Equal(TransitionOutcome.NotPermitted, again.Result.Outcome);

        _h.Clock.Advance(TimeSpan.FromDays(2));
        var reviewed = await _h.StepAsync(id, hall, RectificationStep.Review, "已再增一个窗口，并安排专人引导");
        Assert.Equal(RectificationWorkflow.Reviewed, reviewed.Instance!.State);
        Assert.NotNull(reviewed.Instance.ClosedAt);
        Assert.Equal(("rating.reviewed", citizen), (await _h.OutboxAsync(id))[^1]);
        var view = await _h.Queries.RectificationAsync(id, RuntimeHarness.Lead(hall), CancellationToken.None);
        Assert.Equal(["start", "call-back", "verify", "rectify", "report-back", "appeal", "review"], view!.Ledger.Select(l => l.Trigger));
        Assert.Equal([Roles.Citizen, Roles.HallLead, Roles.HallLead, Roles.HallLead, Roles.HallLead, Roles.Citizen, Roles.HallLead], view.Ledger.Select(l => l.ActorRole));
        Assert.Equal((citizen, "高峰期仍需等候一小时"), (view.CitizenEmail, view.AppealReason));
        Assert.Null(await _h.Queries.RectificationAsync(id, RuntimeHarness.Staff(hall), CancellationToken.None));
    }

    [Fact]
    public async Task After_the_appeal_window_an_appeal_is_refused_and_the_timer_closes_the_rectification()
    {
        var (id, hall) = await BadRatingAsync();
        var token = await TokenOfAsync(id);
        await _h.ReportBackAsync(id, hall);

        _h.Clock.SetUtcNow(RatingHarness.Cst(10, 5, 9, 41).ToUniversalTime()); // 7 days and a minute; the pump has not run yet
        var late = await Assert.ThrowsAsync<TransitionRefusedException>(() => _h.Appeal.HandleAsync(new AppealRectification(token, "不服"), CancellationToken.None));
        Assert.Equal((TransitionOutcome.GuardFailed, "已超过申诉期限"), (late.Result.Outcome, late.Result.Message));

        await _h.AtAsync(RatingHarness.Cst(10, 5, 9, 42));
        var closed = await _h.InstanceAsync(id);
        Assert.Equal(RectificationWorkflow.Closed, closed.State);
        Assert.NotNull(closed.ClosedAt);
        var afterClose = await Assert.ThrowsAsync<TransitionRefusedException>(() => _h.Appeal.HandleAsync(new AppealRectification(token, "不服"), CancellationToken.None));
        Assert.Equal(TransitionOutcome.NotPermitted, afterClose.Result.Outcome);
        Assert.False((await _h.Queries.PageAsync(token, CancellationToken.None))!.Rectification!.CanAppeal);
    }

    [Fact]
    public async Task A_link_not_used_within_seven_days_expires_and_can_no_longer_rate()
    {
        var hall = await TestHall.CreateAsync(database);
        var (id, token) = await _h.InvitedAsync(hall, await RatingHarness.ItemAsync(database, hall));

        await _h.AtAsync(RatingHarness.Cst(10, 5, 9, 39));
        Assert.Equal(RatingInvitationWorkflow.Invited, (await _h.InstanceAsync(id)).State);
        await _h.AtAsync(RatingHarness.Cst(10, 5, 9, 40, 1));
        Assert.Equal(RatingInvitationWorkflow.Expired, (await _h.InstanceAsync(id)).State);

        var refused = await Assert.ThrowsAsync<TransitionRefusedException>(() => _h.RateAsync(token, RatingLevel.Satisfied));
        Assert.Equal(TransitionOutcome.NotPermitted, refused.Result.Outcome);
        Assert.Equal("已过期", (await _h.Queries.PageAsync(token, CancellationToken.None))!.StateName);
    }

    [Fact]
    public async Task An_appeal_needs_a_rectification_to_appeal_against()
    {
        var hall = await TestHall.CreateAsync(database);
        var (_, token) = await _h.InvitedAsync(hall, await RatingHarness.ItemAsync(database, hall));
        await _h.RateAsync(token, RatingLevel.BasicallySatisfied);

        Assert.Equal("不能申诉", (await Assert.ThrowsAsync<RuleViolationException>(() => _h.Appeal.HandleAsync(new AppealRectification(token, "不服"), CancellationToken.None))).Title);
    }

    [Fact]
    public async Task The_monthly_rollup_counts_each_windows_levels_rate_bad_ones_and_rectifications()
    {
        var hall = await TestHall.CreateAsync(database);
        var item = await RatingHarness.ItemAsync(database, hall);
        async Task<Guid?> RateAsync(int window, RatingLevel level) =>
            await _h.RateAsync((await _h.InvitedAsync(hall, item, window)).Token, level);

        // September at window A01: 2 非常满意, 1 满意, 1 基本满意, 1 不满意, 1 非常不满意; at A02: 1 满意.
        foreach (var level in new[] { RatingLevel.VerySatisfied, RatingLevel.VerySatisfied, RatingLevel.Satisfied, RatingLevel.BasicallySatisfied })
        {
            await RateAsync(0, level);
        }

        var reportedInTime = (await RateAsync(0, RatingLevel.Dissatisfied))!.Value;
        var neverReported = (await RateAsync(0, RatingLevel.VeryDissatisfied))!.Value;
        await RateAsync(1, RatingLevel.Satisfied);
        await _h.ReportBackAsync(reportedInTime, hall);

        // 30 September 23:59 China time is still September; 1 October 00:00 is not.
        _h.Clock.SetUtcNow(RatingHarness.Cst(9, 30, 23, 59).ToUniversalTime());
        await RateAsync(1, RatingLevel.Dissatisfied);
        _h.Clock.SetUtcNow(RatingHarness.Cst(10, 1, 0, 0).ToUniversalTime());
        await RateAsync(1, RatingLevel.VeryDissatisfied);

        // A01's open one was due 23 October; A02's, rated on the evening of 30 September, is due 27 October.
        await _h.AtAsync(RatingHarness.Cst(10, 26, 9));
        var rollup = await _h.Queries.MonthlyAsync(hall.Hall.Id, "2026-09", RuntimeHarness.Lead(hall), CancellationToken.None);

        Assert.Equal((hall.Hall.Name, "2026-09"), (rollup!.Hall, rollup.Month));
        Assert.Equal(["A01 商品房合同备案", "A02 不动产登记", "B01 契税"], rollup.Windows.Select(w => w.Window));
        Assert.Equal(new WindowRatings(hall.Windows[0].Id, "A01 商品房合同备案", 2, 1, 1, 1, 1, 6, 0.6667, 2, 1, 1, 1), rollup.Windows[0]);
        Assert.Equal(new WindowRatings(hall.Windows[1].Id, "A02 不动产登记", 0, 1, 0, 1, 0, 2, 0.5, 1, 1, 0, 0), rollup.Windows[1]);
        Assert.Equal(new WindowRatings(hall.Windows[2].Id, "B01 契税", 0, 0, 0, 0, 0, 0, null, 0, 0, 0, 0), rollup.Windows[2]);
        Assert.Equal(new WindowRatings(0, "全厅合计", 2, 2, 1, 2, 1, 8, 0.625, 3, 2, 1, 1), rollup.HallTotal);
        Assert.Equal(RectificationWorkflow.CallingBack, (await _h.InstanceAsync(neverReported)).State);

        var october = await _h.Queries.MonthlyAsync(hall.Hall.Id, "2026-10", RuntimeHarness.Lead(hall), CancellationToken.None);
        Assert.Equal((1, 1, 1), (october!.HallTotal.Total, october.HallTotal.VeryDissatisfied, october.HallTotal.RectificationsOpen));

        var other = await TestHall.CreateAsync(database);
        await Assert.ThrowsAsync<UnauthorizedAccessException>(() => _h.Queries.MonthlyAsync(hall.Hall.Id, "2026-09", RuntimeHarness.Lead(other), CancellationToken.None));
        await Assert.ThrowsAsync<UnauthorizedAccessException>(() => _h.Queries.MonthlyAsync(hall.Hall.Id, "2026-09", RuntimeHarness.Staff(hall), CancellationToken.None));
        Assert.Equal(["month"], (await Assert.ThrowsAsync<RequestValidationException>(() => _h.Queries.MonthlyAsync(hall.Hall.Id, "2026-9", RuntimeHarness.Lead(hall), CancellationToken.None))).Errors.Keys);
    }
}
