using Governance.Engine.Calendar;
using Governance.Workflows.Privacy;
using Governance.Engine.Runtime;

namespace Governance.Workflows.ServiceHall.HomeVisits;

/// <summary>
/// 上门服务: the hall goes to someone who cannot come (elderly, disabled, seriously ill) or to a
/// key enterprise or project. Request → review by the hall lead (1 working day) → visit
/// scheduled (3 working days) → visit recorded by the end of the visit day → closed by the lead.
/// Each limit warns the lead at 80 % and alerts at 100 %; nothing moves by itself, since only a
/// person can review, schedule or visit.
/// </summary>
public static class HomeVisitWorkflow
{
    public const string Name = "home-visit";

    public const string Requested = "Requested";
    public const string Approved = "Approved";
    public const string Scheduled = "Scheduled";
    public const string Visited = "Visited";
    public const string Closed = "Closed";
    public const string Rejected = "Rejected";
    public const string Cancelled = "Cancelled";

    public const string Approve = "approve";
    public const string Reject = "reject";
    public const string Schedule = "schedule";
    public const string Record = "record";
    public const string Close = "close";
    public const string Cancel = "cancel";

    /// <summary>补正: staff stop the step's clock while the applicant brings missing materials (the engine's 暂停计时; not a transition).</summary>
    public const string PauseClock = "clock-pause";

    /// <summary>The materials arrived: the clock runs again with the time that was left.</summary>
    public const string ResumeClock = "clock-resume";

    /// <summary>
    /// The reference an applicant is given and quotes on the phone (申请编号), e.g. SM-3F9A1C2B:
    /// the instance id's last eight hex digits, which are random in a version-7 id (its first ones
    /// are the time, shared by requests of the same moment). A label, not a key: nothing is found by it.
    /// </summary>
    public static string ReferenceOf(Guid id) => "SM-" + id.ToString("N")[^8..].ToUpperInvariant();

    /// <summary>Who may ask for a visit: the citizen themself, or the hall's staff on their behalf.</summary>
    public static IReadOnlyList<string> Requesters { get; } = [Roles.Citizen, Roles.WindowStaff, Roles.HallLead];

    /// <summary>Who works home visits within their scope (a citizen reaches only their own requests); no 三零 role.</summary>
    public static IReadOnlyList<string> HallRoles { get; } = [Roles.WindowStaff, Roles.HallLead, Roles.Admin];

    private static readonly string[] Lead = [Roles.HallLead];
    private static readonly string[] Staff = [Roles.WindowStaff, Roles.HallLead];
    private static readonly string[] ApplicantOrStaff = [Roles.Citizen, Roles.WindowStaff, Roles.HallLead];

    private static readonly RecipientRule HallLead = HallRecipients.LeadOf<HomeVisitData>(d => d.HallId);

    /// <summary>The applicant, if they left an email address.</summary>
    private static readonly RecipientRule Applicant = new("申请人（留有邮箱时）", (context, _) =>
        Task.FromResult<IReadOnlyList<Recipient>>(context.Data<HomeVisitData>() is { ContactEmail: { } email } d ? [new Recipient(d.ApplicantName, email)] : []));

    /// <summary>Whoever did not cancel: the lead hears of an applicant's withdrawal, the applicant of the hall's.</summary>
    private static readonly RecipientRule OtherSide = new("撤回方以外的一方", (context, ct) =>
        context.Actor.Role == Roles.Citizen ? HallLead.Resolve(context, ct) : Applicant.Resolve(context, ct));

    // Declared before the definition, which reads them as it is built.
    private static readonly NotificationSpec MaterialsRequested = new("home-visit.paused", Applicant, ApplicantModel);
    private static readonly NotificationSpec MaterialsReceived = new("home-visit.resumed", Applicant, ApplicantModel);

    private static readonly Guard ReasonGiven = new("须填写理由", c => !string.IsNullOrWhiteSpace(c.Reason));

    // A citizen's scope is the whole city, so their own request is told apart by who asked.
    private static readonly Guard CancelAllowed = new("须填写理由；群众只能撤回本人的申请", c =>
        !string.IsNullOrWhiteSpace(c.Reason) && (c.Actor.Role != Roles.Citizen || c.Data<HomeVisitData>().IsRequestedBy(c.Actor)));

    public static WorkflowDefinition Definition { get; } = WorkflowDefinition.Create(Name, 1, "上门服务", b =>
    {
        // The hall's business: its staff and lead (and the administrator); a citizen their own requests; no 三零 role.
        b.ReachedBy((actor, instance) => actor.Role == Roles.Citizen
            ? instance.GetData<HomeVisitData>().IsRequestedBy(actor)
            : HallRoles.Contains(actor.Role) && actor.CanSee(instance.OrgUnit));
        b.StartedBy([.. Requesters]);

        // Its facts are all on the instance: an administrator's cancel has no row of its own to close.
        b.CancelledBy();
        var defaults = new HomeVisitOptions();
        b.State(Requested, "待审核").Initial()
            .Sla(SlaLimit.Configured(Limit(nameof(HomeVisitOptions.ReviewWorkingDays)), defaults.ReviewWorkingDays, LimitKind.WorkingDays), expiryTrigger: null, 0.8, Warning("审核"))
            .AlertOnExpiry(Overdue("审核"))
            .WorkItem(HallQueue, priority: 60)
            .PausableClock(Staff, MaterialsRequested, MaterialsReceived)
            .Notify(new NotificationSpec("home-visit.requested", HallLead, c => LeadModel(c, "审核")));
        b.State(Approved, "待安排上门")
            .Sla(SlaLimit.Configured(Limit(nameof(HomeVisitOptions.ScheduleWorkingDays)), defaults.ScheduleWorkingDays, LimitKind.WorkingDays), expiryTrigger: null, 0.8, Warning("安排上门"))
            .AlertOnExpiry(Overdue("安排上门"))
            .WorkItem(OwnQueue, priority: 50)
            .PausableClock(Staff, MaterialsRequested, MaterialsReceived)
            .Notify(new NotificationSpec("home-visit.approved", Applicant, ApplicantModel));

        // Visits may fall on any day (a key project may want a Saturday); the record is due by the end of that day.
        b.State(Scheduled, "待上门")
            .Sla(SlaLimit.Until("上门当日 24:00 前填写上门记录", c => EndOfVisitDay(c.Instance.GetData<HomeVisitData>())), expiryTrigger: null)
            .AlertOnExpiry(Overdue("填写上门记录"))
            .WorkItem(OwnQueue, priority: 40)
            .Notify(new NotificationSpec("home-visit.scheduled", Applicant, ApplicantModel));
        b.State(Visited, "已上门待办结").WorkItem(HallQueue, priority: 30);
        b.State(Closed, "已办结").Final();
        b.State(Rejected, "未通过审核").Final()
            .Notify(new NotificationSpec("home-visit.rejected", Applicant, ApplicantModel));
        b.State(Cancelled, "已撤回").Final()
            .Notify(new NotificationSpec("home-visit.cancelled", OtherSide, ApplicantModel));

        b.Permit(Requested, Approve, Approved, "审核通过", Lead);
        b.Permit(Requested, Reject, Rejected, "审核不通过", Lead, ReasonGiven);
        b.Permit(Approved, Schedule, Scheduled, "安排上门", Staff);
        b.Permit(Scheduled, Schedule, Scheduled, "改期", Staff);
        b.Permit(Scheduled, Record, Visited, "填写上门记录", Staff);
        b.Permit(Visited, Close, Closed, "办结", Lead);
        foreach (var open in new[] { Requested, Approved, Scheduled })
        {
            b.Permit(open, Cancel, Cancelled, "撤回", ApplicantOrStaff, CancelAllowed);
        }
    });

    /// <summary>The configuration key of a limit: the option's own (section <see cref="HomeVisitOptions.Section"/>), pinned on each request by the engine.</summary>
    private static string Limit(string option) => $"{HomeVisitOptions.Section}:{option}";

    /// <summary>The visit record is due when the visit day ends, China time.</summary>
    private static DateTimeOffset EndOfVisitDay(HomeVisitData data)
    {
        var visitAt = data.Schedule?.VisitAt ?? throw new InvalidOperationException("A scheduled home visit has no visit time.");
        return ChinaTime.At(ChinaTime.DateOf(visitAt).AddDays(1), TimeOnly.MinValue);
    }

    /// <summary>The lead's review and closing wait in the hall's queue, whichever window the visit belongs to.</summary>
    private static string HallQueue(WorkflowInstance instance) => $"hall/{instance.GetData<HomeVisitData>().HallId}";

    /// <summary>Scheduling and visiting wait in the queue of the instance's own unit: the window named, else the hall.</summary>
    private static string OwnQueue(WorkflowInstance instance) => instance.OrgUnit;

    private static NotificationSpec Warning(string step) => new("home-visit.warning", HallLead, c => LeadModel(c, step));

    private static NotificationSpec Overdue(string step) => new("home-visit.overdue", HallLead, c => LeadModel(c, step));

    /// <summary>What the lead's emails show: phone and ID number masked, no address.</summary>
    private static object LeadModel(TransitionContext context, string step)
    {
        var d = context.Data<HomeVisitData>();
        return new
        {
            Step = step,
            Hall = d.HallName,
            d.Window,
            d.Matter,
            ReasonKind = d.ReasonKind.DisplayName(),
            Applicant = d.ApplicantName,
            Phone = PersonalData.MaskPhone(d.ApplicantPhone),
            IdNumber = d.IdNumber is null ? null : PersonalData.MaskIdNumber(d.IdNumber),
            d.Schedule?.VisitAt,
            d.Schedule?.Staff,
        };
    }

    /// <summary>What the applicant's emails show: nothing personal beyond their own name.</summary>
    private static object ApplicantModel(TransitionContext context)
    {
        var d = context.Data<HomeVisitData>();
        return new
        {
            Hall = d.HallName,
            d.Window,
            d.Matter,
            ReasonKind = d.ReasonKind.DisplayName(),
            d.ReviewNote,
            d.Schedule?.VisitAt,
            d.Schedule?.Staff,
            ScheduleNote = d.Schedule?.Note,
            d.CancelReason,
        };
    }
}
