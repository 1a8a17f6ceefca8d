using Governance.Engine.Calendar;
using Governance.Engine.Runtime;
using Governance.Workflows.SafetyCampaign.Organisation;
using Microsoft.EntityFrameworkCore;

namespace Governance.Workflows.SafetyCampaign.Disputes;

/// <summary>
/// The escalation ladder of 零上访 (DOMAIN.md, "The escalation ladder"):
/// <code>
/// Registered 登记 ─route─► AtVillage 村级化解 (police officer or mediator-led team)
///   ─escalate 事权不在本级 / escalate-overdue 超期─► AtTownship 镇级化解 (综治中心)
///   ─escalate / escalate-overdue─► WithProxy 代办送交 ─deliver 代办员送达─► AtDepartment 部门办理
///   ─refer 按程序转交 (version 2)──────────────────────────────────────► AtDepartment
/// any level ─resolve 化解─► AwaitingFollowUp 待回访 ─close 满意─► Closed 已办结
///                                               └─reopen-* 不满意─► the level that resolved it
/// any level but WithProxy ─extend 延期 (approved; counted per matter)─► the same level, later deadline
/// AtTownship, AtDepartment ─refer-joint 主办+协办 (version 2)─► JointHandling 联合办理中
///   ─joint-done (the system, when every department's <see cref="JointHandlingWorkflow"/> child is done)─► AwaitingFollowUp
/// </code>
/// A 越级 registration is routed straight to the level it arrived at. Each level has a limit in
/// working days (configurable, pinned on the instance); a 信访's level deadline is also never
/// later than its calendar-day conclusion bound (see <see cref="DisputeData.Deadline"/>). At
/// 80 % the township officials get a yellow warning; at 100 % a red alert, and the matter goes
/// up one level by itself (at the top, department level, it stays and the alert is the news).
/// The proxy handler's carrying counts against the department level's limit.
/// </summary>
public static class DisputeWorkflow
{
    public const string Name = "sanling-dispute";

    public const string Registered = "Registered";
    public const string AtVillage = "AtVillage";
    public const string AtTownship = "AtTownship";
    public const string WithProxy = "WithProxy";
    public const string AtDepartment = "AtDepartment";

    /// <summary>联合办理中: a lead department (主办) and assisting ones (协办) each work their part, on a limit of their own.</summary>
    public const string JointHandling = "JointHandling";
    public const string AwaitingFollowUp = "AwaitingFollowUp";
    public const string Closed = "Closed";

    public const string Escalate = "escalate";

    /// <summary>按程序转交: the township sends the matter to the competent department through organisational procedure (version 2 on).</summary>
    public const string Refer = "refer";
    public const string EscalateOverdue = "escalate-overdue";

    /// <summary>The township assigns the matter to a lead department and assisting ones (version 2 on).</summary>
    public const string ReferJoint = "refer-joint";

    /// <summary>Fired by the engine when the last department's part is done.</summary>
    public const string JointDone = "joint-done";
    public const string Deliver = "deliver";
    public const string Extend = "extend";
    public const string Resolve = "resolve";
    public const string Close = "close";

    /// <summary>Where the yellow warning (临期预警) falls in every limit.</summary>
    public const double WarnFraction = 0.8;

    /// <summary>Who registers: the village team at its village, a township official within the township, the administrator (越级到市).</summary>
    public static IReadOnlyList<string> Registrars { get; } = [Roles.VillageTeam, Roles.TownshipOfficial, Roles.Admin];

    /// <summary>Who may put a matter on the village's desk: the registrars, and a citizen reporting their own (群众网上反映).</summary>
    public static IReadOnlyList<string> VillageIntake { get; } = [.. Registrars, Roles.Citizen];

    /// <summary>Who calls the citizen back (回访): those closest to them.</summary>
    public static IReadOnlyList<string> FollowUpCallers { get; } = [Roles.VillageTeam, Roles.TownshipOfficial, Roles.ProxyHandler];

    private static readonly string[] VillageTeam = [Roles.VillageTeam];
    private static readonly string[] Township = [Roles.TownshipOfficial];
    private static readonly string[] VillageOrTownship = [Roles.VillageTeam, Roles.TownshipOfficial];
    private static readonly string[] TownshipApprovers = [Roles.TownshipOfficial, Roles.Admin];
    private static readonly string[] DepartmentApprovers = [Roles.Department, Roles.Admin];
    private static readonly string[] System = [Actor.SystemRole];

    private static readonly Guard ReasonGiven = new("须填写理由", c => !string.IsNullOrWhiteSpace(c.Reason));

    private static readonly Guard ExtensionsLeft = new("本事项的延期次数已用完", c => c.Data<DisputeData>() is var d && d.Extensions < d.Limits.MaxExtensions);

    /// <summary>
    /// The definition new matters start on. Version 2 adds the township's 按程序转交 to the
    /// department beside 交代办; matters started on version 1 finish on <see cref="Version1"/>.
    /// </summary>
    public static WorkflowDefinition Definition { get; } = Create(2);

    public static WorkflowDefinition Version1 { get; } = Create(1);

    /// <summary>The definition an instance is pinned to.</summary>
    public static WorkflowDefinition Of(WorkflowInstance instance) => instance is { DefinitionVersion: 1 } ? Version1 : Definition;

    private static WorkflowDefinition Create(int version) => WorkflowDefinition.Create(Name, version, "矛盾纠纷与信访（三零）", b =>
    {
        // A department's reach is the matters assigned to it (事权), not a branch of the township
        // tree; the other 三零 roles by their scope; a citizen reads their own (DisputeQueries) and moves none.
        b.ReachedBy((actor, instance) => actor.Role switch
        {
            Roles.Department => instance.GetData<DisputeData>().DepartmentId is { } assigned && assigned == Department.IdOf(actor.Scope),
            Roles.VillageTeam or Roles.TownshipOfficial or Roles.ProxyHandler or Roles.Admin => actor.CanSee(instance.OrgUnit),
            _ => false,
        });
        b.StartedBy([.. VillageIntake]);
        var defaults = new DisputeOptions();
        b.StartStep("登记");
        b.State(Registered, "已登记").Initial();
        var extended = new NotificationSpec("dispute.extended", DisputeRecipients.Applicant, ApplicantModel);
        var escalated = new NotificationSpec("dispute.escalated", DisputeRecipients.Officials, OfficialModel);
        var skipLevel = new NotificationSpec("dispute.skip-level", DisputeRecipients.Officials, OfficialModel);
        var progress = new NotificationSpec("dispute.progress", DisputeRecipients.Applicant, ApplicantProgressModel);
        Level(b, AtVillage, "村级化解中", DisputeLevel.Village, defaults.VillageWorkingDays, EscalateOverdue);
        Level(b, AtTownship, "镇级化解中", DisputeLevel.Township, defaults.TownshipWorkingDays, EscalateOverdue);
        Level(b, WithProxy, "代办送交部门", DisputeLevel.Department, defaults.DepartmentWorkingDays, expiryTrigger: null);
        Level(b, AtDepartment, "部门办理中", DisputeLevel.Department, defaults.DepartmentWorkingDays, expiryTrigger: null);

        if (version >= 2)
        {
            // No limit of its own, no queue: each department's part has both (JointHandlingWorkflow).
            b.State(JointHandling, "联合办理中")
                .OnEnter("由主办部门牵头、协办部门配合办理", (c, ct) => EnterLevelAsync(c, DisputeLevel.Department, ct))
                .OnEnter("为主办、协办部门各立一件联合办理", JointHandlingWorkflow.StartPartsAsync)
                .AwaitsChildren(JointDone);
        }

        // The applicant hears of every step they are told of: going up a level (not a reopening or
        // an extension, which stay at the level; an extension has its own email), resolution, closing.
        b.State(AwaitingFollowUp, "待回访")
            .OnEnter("联合办理全部办结时，记录各部门的办理情况", JointHandlingWorkflow.ResolveParentAsync)
            .Sla(SlaLimit.Configured(Limit(nameof(DisputeOptions.FollowUpWorkingDays)), defaults.FollowUpWorkingDays, LimitKind.WorkingDays, $"化解后 {defaults.FollowUpWorkingDays:0.##} 个工作日内回访（默认，可配置）"), expiryTrigger: null, WarnFraction, Warning("回访"))
            .AlertOnExpiry(Overdue("回访"))
            .WorkItem(i => i.GetData<DisputeData>().Queue(i.OrgUnit, AwaitingFollowUp), priority: 40)
            .Notify(progress);
        b.State(Closed, "已办结").Final()
            .Notify(progress);

        b.Permit(Registered, RouteTrigger(DisputeLevel.Village), AtVillage, "分流到村", VillageIntake);
        b.Permit(Registered, RouteTrigger(DisputeLevel.Township), AtTownship, "越级到镇，镇级受理", Registrars).Notify(skipLevel);
        b.Permit(Registered, RouteTrigger(DisputeLevel.Department), AtDepartment, "越级到市，交有权部门", Registrars).Notify(skipLevel);

        b.Permit(AtVillage, Resolve, AwaitingFollowUp, "村级化解", VillageTeam);
        b.Permit(AtVillage, Escalate, AtTownship, "事权不在本级，上报镇", VillageOrTownship, ReasonGiven).Notify(escalated).Notify(progress);
        b.Permit(AtVillage, EscalateOverdue, AtTownship, "超期自动上报镇", System).Notify(escalated).Notify(progress);
        b.Permit(AtVillage, Extend, AtVillage, "延期（镇批准）", TownshipApprovers, ExtensionsLeft).Notify(extended);

        b.Permit(AtTownship, Resolve, AwaitingFollowUp, "镇级化解", Township);
        b.Permit(AtTownship, Escalate, WithProxy, "事权在市直部门，交代办", Township, ReasonGiven).Notify(escalated).Notify(progress);
        b.Permit(AtTownship, EscalateOverdue, WithProxy, "超期自动交代办", System).Notify(escalated).Notify(progress);
        if (version >= 2)
        {
            b.Permit(AtTownship, Refer, AtDepartment, "事权在市直部门，按程序转交", Township, ReasonGiven).Notify(escalated).Notify(progress);
        }

        b.Permit(AtTownship, Extend, AtTownship, "延期（镇批准）", TownshipApprovers, ExtensionsLeft).Notify(extended);

        if (version >= 2)
        {
            b.Permit(AtTownship, ReferJoint, JointHandling, "须多个部门办理，指定主办、协办部门", Township, ReasonGiven).Notify(escalated).Notify(progress);
            b.Permit(AtDepartment, ReferJoint, JointHandling, "须多个部门办理，指定主办、协办部门", Township, ReasonGiven);
            b.Permit(JointHandling, JointDone, AwaitingFollowUp, "主办、协办部门均已办结", System);
        }

        b.Permit(WithProxy, Deliver, AtDepartment, "代办员送达部门", [Roles.ProxyHandler]);
        b.Permit(AtDepartment, Resolve, AwaitingFollowUp, "部门办结", [Roles.Department]);
        b.Permit(AtDepartment, Extend, AtDepartment, "延期（部门批准）", DepartmentApprovers, ExtensionsLeft).Notify(extended);

        b.Permit(AwaitingFollowUp, Close, Closed, "回访满意，办结", FollowUpCallers);
        foreach (var level in Enum.GetValues<DisputeLevel>())
        {
            b.Permit(AwaitingFollowUp, ReopenTrigger(level), StateOf(level), $"回访不满意，{level.DisplayName()}重办", FollowUpCallers, ResolvedAt(level));
        }
    });

    /// <summary>The trigger that reopens a matter at the level that resolved it.</summary>
    public static string ReopenTrigger(DisputeLevel level) => $"reopen-{level.ToString().ToLowerInvariant()}";

    /// <summary>The trigger that routes a new registration to the level it starts at.</summary>
    public static string RouteTrigger(DisputeLevel level) => $"route-{level.ToString().ToLowerInvariant()}";

    public static string StateOf(DisputeLevel level) => level switch
    {
        DisputeLevel.Village => AtVillage,
        DisputeLevel.Township => AtTownship,
        _ => AtDepartment,
    };

    private static Guard ResolvedAt(DisputeLevel level) => new($"该事项不是在{level.DisplayName()}化解的", c => c.Data<DisputeData>().ResolvedLevel == level);

    /// <summary>The configuration key of a level's limit in working days (section <see cref="DisputeOptions.Section"/>), pinned on each matter by the engine.</summary>
    public static string LevelLimitKey(DisputeLevel level) => Limit(level switch
    {
        DisputeLevel.Village => nameof(DisputeOptions.VillageWorkingDays),
        DisputeLevel.Township => nameof(DisputeOptions.TownshipWorkingDays),
        _ => nameof(DisputeOptions.DepartmentWorkingDays),
    });

    /// <summary>The warning point and deadline of <paramref name="level"/>, the one working the matter (<see cref="DisputeData.Deadline"/>), with the level's limit pinned on the matter.</summary>
    public static (DateTimeOffset WarnAt, DateTimeOffset DueAt) LevelDeadline(WorkflowInstance instance, DisputeLevel level, WorkingCalendar calendar)
    {
        ArgumentNullException.ThrowIfNull(instance);
        return instance.GetData<DisputeData>().Deadline(calendar, instance.PinnedLimit(LevelLimitKey(level)), WarnFraction);
    }

    private static string Limit(string option) => $"{DisputeOptions.Section}:{option}";

    /// <summary>
    /// A level's state. Its limit counts from when the level took the matter over (not from each
    /// entry: an extension or a reopening re-enters it), with the extensions granted at the level.
    /// </summary>
    private static WorkflowDefinition.StateBuilder Level(WorkflowDefinition.Builder b, string state, string displayName, DisputeLevel level, double defaultDays, string? expiryTrigger) =>
        b.State(state, displayName)
            .OnEnter($"由{level.DisplayName()}接手（上报时重新计时）", (c, ct) => EnterLevelAsync(c, level, ct))
            .Sla(
                SlaLimit.Configured(
                    LevelLimitKey(level),
                    defaultDays,
                    LimitKind.WorkingDays,
                    $"{level.DisplayName()} {defaultDays:0.##} 个工作日（默认，可配置；信访不超过条例期限）",
                    (c, days, warnFraction) => c.Instance.GetData<DisputeData>().Deadline(c.Calendar, days, warnFraction)),
                expiryTrigger,
                WarnFraction,
                Warning(displayName))
            .AlertOnExpiry(Overdue(displayName))
            .WorkItem(i => i.GetData<DisputeData>().Queue(i.OrgUnit, state), priority: 50);

    /// <summary>
    /// A level takes the matter: going up restarts the clock at the new level (and a department
    /// is found by its authority, 事权, unless one is named); staying (delivery to the department,
    /// an extension, a reopening) keeps it. The matter's row, which keeps the level, follows in the same transaction.
    /// </summary>
    private static async Task EnterLevelAsync(TransitionContext c, DisputeLevel level, CancellationToken ct)
    {
        var row = await Dispute.OfAsync(c.Db, c.Instance.Id, ct);
        var d = c.Data<DisputeData>();
        var up = level > row.Level;
        if (up && level == DisputeLevel.Department && d.DepartmentId is null)
        {
            var department = await DisputeRecipients.DepartmentFor(c.Db, d.Category, ct);
            d = d with { DepartmentId = department?.Id, DepartmentName = department?.Name };
        }

        d = up
            ? d with { EscalatedFrom = row.Level, LevelSince = c.Now, LevelExtensionDays = 0 }
            : d with { EscalatedFrom = null };
        c.UpdateData<DisputeData>(_ => d);
        row.EnterLevel(level, d.DepartmentId, byTime: c.Actor.Role == Actor.SystemRole);
    }

    /// <summary>
    /// The level working a matter in <paramref name="state"/>, or the one that resolved it once it is
    /// resolved: each level is a state of the ladder, so the instance does not store the level again.
    /// </summary>
    public static DisputeLevel? LevelOf(string state, DisputeData data) => state switch
    {
        AtVillage => DisputeLevel.Village,
        AtTownship => DisputeLevel.Township,
        WithProxy or AtDepartment => DisputeLevel.Department,
        _ => data.ResolvedLevel,
    };

    private static NotificationSpec Warning(string step) => new("dispute.warning", DisputeRecipients.Officials, c => OfficialModel(c, step));

    private static NotificationSpec Overdue(string step) => new("dispute.overdue", DisputeRecipients.Officials, c => OfficialModel(c, step));

    private static object OfficialModel(TransitionContext c) => OfficialModel(c, c.State.DisplayName);

    /// <summary>What the township officials' emails show: the matter and where it stands, no party's personal data.</summary>
    private static object OfficialModel(TransitionContext c, string step)
    {
        var d = c.Data<DisputeData>();
        return new
        {
            Step = step,
            Kind = d.Kind.DisplayName(),
            Category = d.Category.DisplayName(),
            Township = d.TownshipName,
            Place = d.PlaceName,
            Level = LevelOf(c.Instance.State, d)?.DisplayName(),
            EscalatedFrom = d.EscalatedFrom?.DisplayName(),
            d.VillageHandler,
            Department = d.DepartmentName,
            d.PetitionDueAt,
        };
    }

    /// <summary>What the applicant is told of a step of their matter: its 受理编号, where it is now, how it was resolved, and their page.</summary>
    private static object ApplicantProgressModel(TransitionContext c)
    {
        var d = c.Data<DisputeData>();
        return new
        {
            d.Reference,
            Kind = d.Kind.DisplayName(),
            Category = d.Category.DisplayName(),
            Place = d.PlaceName,
            Level = LevelOf(c.Instance.State, d)?.DisplayName(),
            EscalatedFrom = d.EscalatedFrom?.DisplayName(),
            Department = d.DepartmentName,
            Resolution = c.Instance.State == AwaitingFollowUp ? d.Resolution : null,
            Closed = c.Instance.State == Closed,
            Link = d.CitizenLink,
        };
    }

    /// <summary>What the applicant is told of an extension: the new deadline and why.</summary>
    private static object ApplicantModel(TransitionContext c)
    {
        var d = c.Data<DisputeData>();
        return new
        {
            Kind = d.Kind.DisplayName(),
            Category = d.Category.DisplayName(),
            Place = d.PlaceName,
            Level = LevelOf(c.Instance.State, d)?.DisplayName(),
            d.LastExtension?.WorkingDays,
            d.LastExtension?.Reason,
            d.PetitionDueAt,
        };
    }
}
