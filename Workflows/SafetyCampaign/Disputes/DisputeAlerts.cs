using Governance.Workflows.Runtime;
using Governance.Workflows.SafetyCampaign.Organisation;
using Governance.Workflows.Storage;
using Microsoft.EntityFrameworkCore;

namespace Governance.Workflows.SafetyCampaign.Disputes;

/// <summary>The alerts the township officials get by email: 临期预警 (yellow), 超期 (red), 上报 (escalation), 越级.</summary>
public enum DisputeAlertKind
{
    Yellow,
    Red,
    Escalated,
    SkipLevel,
}

/// <summary>An alert as it was raised (<c>State</c>: where the matter stood then) with where the matter stands now (<c>CurrentState</c>), so an old alert never passes for news.</summary>
public sealed record DisputeAlert(long Id, DateTimeOffset At, DisputeAlertKind Kind, string KindName, Guid DisputeId, string Place, MatterCategory Category, string State, string? Reason, string CurrentState);

/// <summary>
/// The alerts of a township, newest first. Read from the ledger (台账), not from a table of their
/// own: every alert is already a ledger line written in the same transaction as its email
/// (SlaWarning, SlaExpired, an escalate transition, the routing of a 越级 registration), the
/// ledger cannot be changed or deleted, and a second copy could only ever disagree with it.
/// The ledger's (instance, id) index and the disputes' (township, registered) index serve it.
/// </summary>
public sealed class DisputeAlerts(IDbContextFactory<WorkflowDbContext> dbFactory)
{
    public const int MaxItems = 500;

    /// <summary>Who reads a township's alerts: its officials, and the administrator.</summary>
    public static IReadOnlyList<string> Readers { get; } = [Roles.TownshipOfficial, Roles.Admin];

    private static readonly string[] EscalationTriggers = [DisputeWorkflow.Escalate, DisputeWorkflow.EscalateOverdue, DisputeWorkflow.Refer];

    private static readonly string[] SkipLevelTriggers = [DisputeWorkflow.RouteTrigger(DisputeLevel.Township), DisputeWorkflow.RouteTrigger(DisputeLevel.Department)];

    /// <summary>A township official sees their own township; the administrator any (<paramref name="townshipId"/>, or all).</summary>
    /// <exception cref="UnauthorizedAccessException">Neither a township official nor the administrator.</exception>
    public async Task<IReadOnlyList<DisputeAlert>> ListAsync(Actor actor, int? townshipId, DateTimeOffset? since, int limit, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (!Readers.Contains(actor.Role))
        {
            throw new UnauthorizedAccessException("只有镇级领导和管理员可以查看预警");
        }

        new Validation()
            .Check(limit is >= 1 and <= MaxItems, "limit", $"应为 1 到 {MaxItems} 之间的整数")
            .ThrowIfInvalid();

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var disputes = DisputeQueries.Reachable(db, actor).Where(d => townshipId == null || d.TownshipId == townshipId);
        var rows = await (
                from l in db.Ledger
                join d in disputes on l.InstanceId equals d.Id
                join p in db.Set<Place>() on d.PlaceId equals p.Id
                join i in db.Instances on d.Id equals i.Id
                where since == null || l.At >= since
                where l.Kind == LedgerKind.SlaWarning || l.Kind == LedgerKind.SlaExpired
                    || (l.Kind == LedgerKind.Transition && EscalationTriggers.Contains(l.Trigger))
                    || (l.Kind == LedgerKind.Transition && SkipLevelTriggers.Contains(l.Trigger))
                orderby l.Id descending
                select new { l.Id, l.At, l.Kind, l.Trigger, l.ToState, l.Reason, DisputeId = d.Id, Place = p.Name, d.Category, Now = i.State })
            .Take(limit)
            .ToListAsync(ct);
        return [.. rows.Select(r =>
        {
            var kind = r.Kind switch
            {
                LedgerKind.SlaWarning => DisputeAlertKind.Yellow,
                LedgerKind.SlaExpired => DisputeAlertKind.Red,
                _ when SkipLevelTriggers.Contains(r.Trigger) => DisputeAlertKind.SkipLevel,
                _ => DisputeAlertKind.Escalated,
            };
            return new DisputeAlert(r.Id, r.At, kind, DisplayName(kind), r.DisputeId, r.Place, r.Category, StateName(r.ToState), r.Reason, StateName(r.Now));
        })];
    }

    private static string StateName(string state) => DisputeWorkflow.Definition.States[state].DisplayName;

    public static string DisplayName(DisputeAlertKind kind) => kind switch
    {
        DisputeAlertKind.Yellow => "临期预警（黄）",
        DisputeAlertKind.Red => "超期（红）",
        DisputeAlertKind.Escalated => "上报",
        DisputeAlertKind.SkipLevel => "越级",
        _ => kind.ToString(),
    };
}
