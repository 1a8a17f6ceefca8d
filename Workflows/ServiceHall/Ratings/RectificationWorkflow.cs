using Governance.Engine.Calendar;
using Governance.Engine.Runtime;
using Microsoft.EntityFrameworkCore;

namespace Governance.Workflows.ServiceHall.Ratings;

/// <summary>
/// The appeal window in force when the bad rating came in; the rectification keeps it, so a later
/// change of configuration does not move it. (The working-day limits are the engine's, pinned on
/// the instance: see <see cref="RectificationWorkflow.RectificationLimitKey"/> and <see cref="RectificationWorkflow.ReviewLimitKey"/>.)
/// </summary>
public sealed record RectificationLimits(double AppealDays);

/// <summary>
/// The facts of one rectification (整改), kept on its instance. The citizen's email is here for
/// the report-back; views show it to the hall lead only, and the lead's emails leave it out.
/// </summary>
public sealed record RectificationData(
    Guid RatingId,
    int HallId,
    string HallName,
    int WindowId,
    string Window,
    string Item,
    DateTimeOffset ServedAt,
    RatingLevel Level,
    string? Comment,
    string? CitizenName,
    string CitizenEmail,
    RectificationLimits Limits,
    DateTimeOffset OpenedAt,
    string? CallBackNote = null,
    string? Finding = null,
    string? Measures = null,
    string? Reply = null,
    DateTimeOffset? ReportedAt = null,
    DateTimeOffset? AppealUntil = null,
    string? AppealReason = null,
    DateTimeOffset? AppealedAt = null,
    string? ReviewReply = null,
    string? Link = null)
{
    /// <summary>Since when the current round of work runs: the rating, or the appeal that reopened it.</summary>
    public DateTimeOffset RoundStartedAt => AppealedAt ?? OpenedAt;

    /// <summary>
    /// The current round's warning point and deadline, counted on <paramref name="calendar"/> from
    /// the round's start with the round's <paramref name="days"/> (pinned on the instance). Counted, not stored: a deadline counted
    /// provisionally through a year without holidays is counted again when the year is entered.
    /// </summary>
    public (DateTimeOffset WarnAt, DateTimeOffset DueAt) RoundDeadline(WorkingCalendar calendar, double days, double warnFraction)
    {
        ArgumentNullException.ThrowIfNull(calendar);
        return (calendar.AddWorkingDays(RoundStartedAt, days * warnFraction), calendar.AddWorkingDays(RoundStartedAt, days));
    }
}

/// <summary>
/// 差评整改: a bad rating (不满意, 非常不满意) opens this for the hall lead of the window's hall.
/// <code>
/// CallingBack 待回访 ─call-back 回访─► Verifying 待核实 ─verify 核实─► Rectifying 整改中
///   ─rectify 整改─► ReportingBack 待反馈 ─report-back 反馈 (email to the citizen)─► Reported 已反馈
/// Reported ─appeal 申诉 (citizen, by the rating link, until AppealUntil)─► Reviewing 申诉复核中
///   ─review 复核答复 (email to the citizen)─► Reviewed 复核办结 (final)
/// Reported ─close (system, when the appeal window of 7 calendar days ends)─► Closed 已办结 (final)
/// </code>
/// The four steps share one deadline: 15 working days (configurable) from the rating, on the
/// holiday calendar; the lead is warned at 80 % and alerted when it is spent. An appeal opens a
/// new round with its own deadline (5 working days by default), warned and alerted the same way.
/// Each step is the lead's (the rated window's staff never handle their own complaint), and the
/// instance lives in the hall's scope (<c>hall/{id}</c>), not the window's. A round's warning and
/// alert reach the lead once, however many steps are taken after the point passed. One appeal
/// per rectification: both end states are final.
/// </summary>
public static class RectificationWorkflow
{
    public const string Name = "rating-rectification";

    public const string CallingBack = "CallingBack";
    public const string Verifying = "Verifying";
    public const string Rectifying = "Rectifying";
    public const string ReportingBack = "ReportingBack";
    public const string Reported = "Reported";
    public const string Reviewing = "Reviewing";
    public const string Reviewed = "Reviewed";
    public const string Closed = "Closed";

    public const string CallBack = "call-back";
    public const string Verify = "verify";
    public const string Rectify = "rectify";
    public const string ReportBack = "report-back";
    public const string Appeal = "appeal";
    public const string Review = "review";
    public const string Close = "close";

    /// <summary>Where in a round the lead is warned (临期预警).</summary>
    public const double WarnFraction = 0.8;

    /// <summary>States in which the hall still owes work; the others count as closed in the rollup.</summary>
    public static IReadOnlyList<string> OpenStates { get; } = [CallingBack, Verifying, Rectifying, ReportingBack, Reviewing];

    private static readonly string[] Lead = [Roles.HallLead];

    private static readonly RecipientRule HallLead = HallRecipients.LeadOf<RectificationData>(d => d.HallId);

    private static readonly RecipientRule Citizen = new("评价人", (context, _) =>
    {
        var d = context.Data<RectificationData>();
        return Task.FromResult<IReadOnlyList<Recipient>>([new Recipient(d.CitizenName ?? "群众", d.CitizenEmail)]);
    });

    private static readonly Guard WithinAppealWindow = new("已超过申诉期限", c => c.Data<RectificationData>().AppealUntil is { } until && c.Now <= until);

    public static WorkflowDefinition Definition { get; } = WorkflowDefinition.Create(Name, 1, "差评整改", b =>
    {
        // The citizen appeals through the rating link's token (AppealRectification), never by id.
        b.ReachedBy(Roles.HallLead, Roles.Admin);
        b.StartedBy(Roles.Citizen); // a bad rating opens it (RateService)
        var defaults = new RatingOptions();
        var rectification = SlaLimit.Configured(
            RectificationLimitKey, defaults.RectificationWorkingDays, LimitKind.WorkingDays, $"自差评起 {defaults.RectificationWorkingDays:0.##} 个工作日内反馈（默认，可配置）", RoundDeadline);
        foreach (var (state, name, step) in new[] { (CallingBack, "待回访", "回访"), (Verifying, "待核实", "核实"), (Rectifying, "整改中", "整改"), (ReportingBack, "待反馈", "反馈") })
        {
            var builder = b.State(state, name)
                .Sla(rectification, expiryTrigger: null, WarnFraction, Warning(step))
                .AlertOnExpiry(Overdue(step))
                .WorkItem(HallQueue, priority: 50);
            if (state == CallingBack)
            {
                builder.Initial().Notify(new NotificationSpec("rating.rectification-opened", HallLead, c => LeadModel(c, step)));
            }
        }

        b.State(Reported, "已反馈（申诉期内）")
            .Sla(SlaLimit.Until("反馈后 7 个自然日内可申诉（默认，可配置）", c => c.Instance.GetData<RectificationData>().AppealUntil!.Value), Close)
            .OnEnter("记录反馈时间", MarkReportedAsync)
            .Notify(new NotificationSpec("rating.reported", Citizen, CitizenModel));
        b.State(Reviewing, "申诉复核中")
            .Sla(
                SlaLimit.Configured(ReviewLimitKey, defaults.ReviewWorkingDays, LimitKind.WorkingDays, $"申诉后 {defaults.ReviewWorkingDays:0.##} 个工作日内复核答复（默认，可配置）", RoundDeadline),
                expiryTrigger: null,
                WarnFraction,
                Warning("申诉复核"))
            .AlertOnExpiry(Overdue("申诉复核"))
            .WorkItem(HallQueue, priority: 60)
            .Notify(new NotificationSpec("rating.appealed", HallLead, c => LeadModel(c, "申诉复核")));
        b.State(Reviewed, "复核办结").Final()
            .Notify(new NotificationSpec("rating.reviewed", Citizen, CitizenModel));
        b.State(Closed, "已办结").Final();

        b.Permit(CallingBack, CallBack, Verifying, "回访", Lead);
        b.Permit(Verifying, Verify, Rectifying, "核实", Lead);
        b.Permit(Rectifying, Rectify, ReportingBack, "整改", Lead);
        b.Permit(ReportingBack, ReportBack, Reported, "反馈", Lead);
        b.Permit(Reported, Appeal, Reviewing, "申诉", [Roles.Citizen], WithinAppealWindow);
        b.Permit(Reported, Close, Closed, "申诉期满办结", [Actor.SystemRole]);
        b.Permit(Reviewing, Review, Reviewed, "复核答复", Lead);
    });

    /// <summary>The configuration key of the limit of the four steps up to the report-back, pinned on each rectification by the engine.</summary>
    public static string RectificationLimitKey => $"{RatingOptions.Section}:{nameof(RatingOptions.RectificationWorkingDays)}";

    /// <summary>The configuration key of the limit of an appeal's review, pinned the same way.</summary>
    public static string ReviewLimitKey => $"{RatingOptions.Section}:{nameof(RatingOptions.ReviewWorkingDays)}";

    /// <summary>When the report-back (反馈) is due, whichever round is on now.</summary>
    public static DateTimeOffset ReportDueAt(WorkflowInstance instance, WorkingCalendar calendar)
    {
        ArgumentNullException.ThrowIfNull(instance);
        ArgumentNullException.ThrowIfNull(calendar);
        return calendar.AddWorkingDays(instance.GetData<RectificationData>().OpenedAt, instance.PinnedLimit(RectificationLimitKey));
    }

    /// <summary>When the review of an appeal (申诉复核) is due; null without an appeal.</summary>
    public static DateTimeOffset? ReviewDueAt(WorkflowInstance instance, WorkingCalendar calendar)
    {
        ArgumentNullException.ThrowIfNull(instance);
        ArgumentNullException.ThrowIfNull(calendar);
        return instance.GetData<RectificationData>().AppealedAt is { } appealed ? calendar.AddWorkingDays(appealed, instance.PinnedLimit(ReviewLimitKey)) : null;
    }

    /// <summary>The current round's deadline, counted from the round's start, so every step of the round shares it.</summary>
    private static (DateTimeOffset, DateTimeOffset) RoundDeadline(SlaContext context, double days, double warnFraction) =>
        context.Instance.GetData<RectificationData>().RoundDeadline(context.Calendar, days, warnFraction);

    private static string HallQueue(WorkflowInstance instance) => $"hall/{instance.GetData<RectificationData>().HallId}";

    private static NotificationSpec Warning(string step) => new("rating.rectification-warning", OncePerRound(LedgerKind.SlaWarning), c => LeadModel(c, step));

    private static NotificationSpec Overdue(string step) => new("rating.rectification-overdue", OncePerRound(LedgerKind.SlaExpired), c => LeadModel(c, step));

    /// <summary>
    /// The lead, unless this round already warned (or alerted) them: the four steps share one
    /// deadline, so a step entered after the point has passed sets a timer due at once, and the
    /// lead would hear the same news again with every step.
    /// </summary>
    private static RecipientRule OncePerRound(LedgerKind kind) => new("中心值班领导（每轮一次）", async (context, ct) =>
    {
        var since = context.Data<RectificationData>().RoundStartedAt;
        var told = await context.Db.Ledger.AnyAsync(l => l.InstanceId == context.Instance.Id && l.Kind == kind && l.At >= since, ct);
        return told ? [] : await HallLead.Resolve(context, ct);
    });

    /// <summary>The rollup counts a report-back after the deadline as overdue: the time goes on the rating's row.</summary>
    private static Task MarkReportedAsync(TransitionContext context, CancellationToken ct)
    {
        var (id, at) = (context.Instance.Id, context.Now);
        return context.Db.Set<ServiceRating>().Where(r => r.RectificationId == id && r.ReportedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.ReportedAt, at), ct);
    }

    /// <summary>What the lead's emails show: the matter and the rating, not the citizen's contact.</summary>
    private static object LeadModel(TransitionContext context, string step)
    {
        var d = context.Data<RectificationData>();
        return new
        {
            Step = step,
            Hall = d.HallName,
            d.Window,
            d.Item,
            d.ServedAt,
            Level = d.Level.DisplayName(),
            d.Comment,
            Citizen = d.CitizenName,
            d.AppealReason,
        };
    }

    /// <summary>What the citizen is told: the outcome, and until when they may appeal.</summary>
    private static object CitizenModel(TransitionContext context)
    {
        var d = context.Data<RectificationData>();
        return new
        {
            Hall = d.HallName,
            d.Window,
            d.Item,
            d.ServedAt,
            Level = d.Level.DisplayName(),
            d.Reply,
            d.AppealUntil,
            d.ReviewReply,
            d.Link,
        };
    }
}
