using Governance.Workflows.Privacy;
using Governance.Engine.Runtime;

namespace Governance.Workflows.ServiceHall.ExtendedHours;

/// <summary>Citizen or company (群众 / 企业).</summary>
public enum ApplicantKind
{
    Citizen,
    Company,
}

/// <summary>zh-CN names of <see cref="ApplicantKind"/>.</summary>
public static class ApplicantKinds
{
    public static string DisplayName(this ApplicantKind kind) => kind == ApplicantKind.Company ? "企业" : "群众";
}

/// <summary>The facts of one extended-hours service, kept on its instance.</summary>
public sealed record ExtendedHoursData(
    int HallId,
    int WindowId,
    string WindowCode,
    string WindowName,
    string Matter,
    ApplicantKind ApplicantKind,
    string ApplicantName,
    string? ApplicantPhone,
    string Reason,
    DateTimeOffset ExpectedFinish,
    DateTimeOffset MustEndBy,
    string? Outcome = null);

/// <summary>
/// 延时服务: a window keeps serving after closing for someone who must finish today (the article:
/// a company filing 20 housing contracts that day). Registered by the window, the hall lead is
/// told at once; it must end the same day, by closing time plus a grace period, else the lead
/// gets an overdue alert.
/// </summary>
public static class ExtendedHoursWorkflow
{
    public const string Name = "extended-hours";

    public const string Registered = "Registered";
    public const string Overdue = "Overdue";
    public const string Served = "Served";
    public const string Withdrawn = "Withdrawn";

    public const string Serve = "serve";
    public const string Withdraw = "withdraw";
    public const string Expire = "expire";

    /// <summary>Who reaches an extended-hours service, within their scope.</summary>
    public static IReadOnlyList<string> HallRoles { get; } = [Roles.WindowStaff, Roles.HallLead, Roles.Admin];

    private static readonly string[] Staff = [Roles.WindowStaff, Roles.HallLead];

    private static readonly RecipientRule HallLead = HallRecipients.LeadOf<ExtendedHoursData>(d => d.HallId);

    public static WorkflowDefinition Definition { get; } = WorkflowDefinition.Create(Name, 1, "延时服务", b =>
    {
        b.ReachedBy([.. HallRoles]);
        b.StartedBy(Staff);

        // Its facts are all on the instance: an administrator's cancel has no row of its own to close.
        b.CancelledBy();
        b.State(Registered, "延时办理中").Initial()
            .Sla(SlaLimit.Until("当日闭厅后宽限时间内", c => c.Instance.GetData<ExtendedHoursData>().MustEndBy), Expire)
            .WorkItem(WindowQueue, priority: 100)
            .Notify(new NotificationSpec("extended-hours.registered", HallLead, EmailModel));
        b.State(Overdue, "已超时").WorkItem(WindowQueue, priority: 200)
            .Notify(new NotificationSpec("extended-hours.overdue", HallLead, EmailModel));
        b.State(Served, "已办结").Final();
        b.State(Withdrawn, "已撤销").Final();

        b.Permit(Registered, Serve, Served, "办结", Staff);
        b.Permit(Overdue, Serve, Served, "办结", Staff);
        b.Permit(Registered, Withdraw, Withdrawn, "撤销", Staff);
        b.Permit(Overdue, Withdraw, Withdrawn, "撤销", Staff);
        b.Permit(Registered, Expire, Overdue, "超时", [Actor.SystemRole]);
    });

    /// <summary>The window's own queue: its org unit.</summary>
    private static string WindowQueue(WorkflowInstance instance) => instance.OrgUnit;

    /// <summary>What the lead's emails show; the phone number is masked.</summary>
    private static object EmailModel(TransitionContext context)
    {
        var d = context.Data<ExtendedHoursData>();
        return new
        {
            Window = $"{d.WindowCode} {d.WindowName}",
            d.Matter,
            Applicant = d.ApplicantKind == ApplicantKind.Company ? $"{d.ApplicantName}（{d.ApplicantKind.DisplayName()}）" : d.ApplicantName,
            Phone = d.ApplicantPhone is null ? null : PersonalData.MaskPhone(d.ApplicantPhone),
            d.Reason,
            d.ExpectedFinish,
            d.MustEndBy,
        };
    }
}
