using Governance.Workflows.Privacy;
using Governance.Engine.Runtime;
using Governance.Workflows.SafetyCampaign.Organisation;
using Microsoft.EntityFrameworkCore;

namespace Governance.Workflows.PovertyMonitoring;

/// <summary>
/// The path of a warning (预警) against a return to poverty (DOMAIN.md, 防返贫动态监测):
/// <code>
/// Verifying 待入户核实 (village team) ─verify─► Reviewing 待镇级研判 (township)
///   ─exclude 不纳入 (reason)─► NotIncluded
///   ─include 纳入监测 (reason, kind)─► Planning 待制定帮扶计划 ─plan 一户一策─► Monitoring 监测帮扶中
/// Monitoring ─follow-up 回访 (monthly)─► Monitoring ─eliminate 风险消除 (reason, after a follow-up)─► RiskEliminated
/// </code>
/// Every open state has a limit in working days (configuration <see cref="PovertyOptions"/>); at
/// 80 % the township's officials get a yellow warning (临期预警), at 100 % a red alert (超期); nothing
/// moves by itself, since only people verify, decide and visit. A follow-up restarts the month.
/// The engine pins the limits configured when a warning is raised on its instance.
/// </summary>
public static class PovertyWarningWorkflow
{
    public const string Name = "poverty-warning";

    public const string Verifying = "Verifying";
    public const string Reviewing = "Reviewing";
    public const string Planning = "Planning";
    public const string Monitoring = "Monitoring";
    public const string NotIncluded = "NotIncluded";
    public const string RiskEliminated = "RiskEliminated";

    public const string Verify = "verify";
    public const string Include = "include";
    public const string Exclude = "exclude";
    public const string Plan = "plan";
    public const string FollowUp = "follow-up";
    public const string Eliminate = "eliminate";

    public const double WarnFraction = 0.8;

    /// <summary>Who works warnings within their scope; a citizen reads only the household they reported.</summary>
    public static IReadOnlyList<string> Workers { get; } = [Roles.VillageTeam, Roles.TownshipOfficial, Roles.Admin];

    private static readonly string[] VillageTeam = [Roles.VillageTeam];
    private static readonly string[] TownshipRole = [Roles.TownshipOfficial];
    private static readonly string[] Visitors = [Roles.VillageTeam, Roles.TownshipOfficial];

    private static readonly Guard ReasonGiven = new("须填写理由", c => !string.IsNullOrWhiteSpace(c.Reason));

    private static readonly Guard FollowedUpOnce = new("须填写理由，且至少回访一次后才能认定风险消除", c =>
        !string.IsNullOrWhiteSpace(c.Reason) && c.Data<PovertyWarningData>().FollowUps > 0);

    /// <summary>The officials of the household's township: every yellow and red of its villages reaches them.</summary>
    private static readonly RecipientRule Officials = new("预警户所在镇的镇级领导", async (c, ct) =>
    {
        var townshipId = c.Data<PovertyWarningData>().TownshipId;
        return await c.Db.Set<TownshipOfficial>().Where(o => o.TownshipId == townshipId).OrderBy(o => o.Id)
            .Select(o => new Recipient(o.Name, o.Email)).ToListAsync(ct);
    });

    /// <summary>
    /// The definition: each limit is the option's own configuration key (section
    /// <see cref="PovertyOptions.Section"/>), read and pinned by the engine when a warning is raised,
    /// so a changed limit counts for new warnings only.
    /// </summary>
    public static WorkflowDefinition Definition { get; } = WorkflowDefinition.Create(Name, 1, "防返贫动态监测", b =>
    {
        b.ReachedBy((actor, instance) => actor.Role == Roles.Citizen
            ? instance.GetData<PovertyWarningData>().IsReportedBy(actor)
            : Workers.Contains(actor.Role) && actor.CanSee(instance.OrgUnit));
        b.StartStep("发起预警");

        // An administrator's cancel closes the warning row, so that the household may be warned again.
        b.CancelledBy(new EntryAction("关闭预警", async (c, ct) => (await PovertyWarning.OfAsync(c.Db, c.Instance.Id, ct)).Close(c.Now)));

        // Cadres and citizens report a household by hand; the administrator's screening import raises the rest.
        b.StartedBy([.. ReportHouseholdHandler.Reporters, Roles.Admin]);
        var defaults = new PovertyOptions();
        Timed(b.State(Verifying, "待入户核实").Initial(), nameof(PovertyOptions.VerifyWorkingDays), defaults.VerifyWorkingDays, "入户核实").WorkItem(VillageQueue, priority: 50);
        Timed(b.State(Reviewing, "待镇级研判"), nameof(PovertyOptions.ReviewWorkingDays), defaults.ReviewWorkingDays, "镇级研判").WorkItem(TownshipQueue, priority: 50);
        Timed(b.State(Planning, "待制定帮扶计划"), nameof(PovertyOptions.PlanWorkingDays), defaults.PlanWorkingDays, "制定帮扶计划").WorkItem(TownshipQueue, priority: 40);
        Timed(b.State(Monitoring, "监测帮扶中"), nameof(PovertyOptions.FollowUpWorkingDays), defaults.FollowUpWorkingDays, "月度回访").WorkItem(VillageQueue, priority: 30);
        b.State(NotIncluded, "不纳入监测").Final();
        b.State(RiskEliminated, "风险消除").Final();

        b.Permit(Verifying, Verify, Reviewing, "入户核实", VillageTeam);
        b.Permit(Reviewing, Include, Planning, "纳入监测", TownshipRole, ReasonGiven);
        b.Permit(Reviewing, Exclude, NotIncluded, "不纳入监测", TownshipRole, ReasonGiven);
        b.Permit(Planning, Plan, Monitoring, "制定帮扶计划（一户一策）", TownshipRole);
        b.Permit(Monitoring, FollowUp, Monitoring, "回访", Visitors, ReasonGiven);
        b.Permit(Monitoring, Eliminate, RiskEliminated, "风险消除", TownshipRole, FollowedUpOnce);
    });

    /// <summary>The reference people quote (预警编号), e.g. FP-3F9A1C2B: the random tail of the instance's version-7 id.</summary>
    public static string ReferenceOf(Guid id) => "FP-" + id.ToString("N")[^8..].ToUpperInvariant();

    private static WorkflowDefinition.StateBuilder Timed(WorkflowDefinition.StateBuilder state, string option, double defaultDays, string step) =>
        state.Sla(SlaLimit.Configured($"{PovertyOptions.Section}:{option}", defaultDays, LimitKind.WorkingDays), expiryTrigger: null, WarnFraction, Alert("poverty.warning", step))
            .AlertOnExpiry(Alert("poverty.overdue", step));

    /// <summary>Verification and follow-up wait in the village's queue, decisions and plans in the township's.</summary>
    private static string VillageQueue(WorkflowInstance instance) => $"{instance.OrgUnit}/poverty";

    private static string TownshipQueue(WorkflowInstance instance) => $"{Township.OrgUnitOf(instance.GetData<PovertyWarningData>().TownshipId)}/poverty";

    private static NotificationSpec Alert(string template, string step) => new(template, Officials, c => OfficialModel(c, step));

    /// <summary>What the officials' emails show: the household by its masked name and ID, where, why; nothing else personal.</summary>
    private static object OfficialModel(TransitionContext c, string step)
    {
        var d = c.Data<PovertyWarningData>();
        return new
        {
            Step = step,
            Reference = ReferenceOf(c.Instance.Id),
            Township = d.TownshipName,
            Place = d.PlaceName,
            Householder = PersonalData.MaskName(d.HouseholderName),
            IdNumber = d.IdNumberMasked,
            Source = d.Source.DisplayName(),
            d.Why,
        };
    }
}
