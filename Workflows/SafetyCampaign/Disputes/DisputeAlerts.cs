using Governance.Engine;
using Governance.Engine.Storage;
using Governance.Workflows.Lists;
using Governance.Engine.Runtime;
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

/// <summary>An alert, with where its matter stands now (<c>State</c>, <c>Closed</c>) beside where it stood then (<c>StateThen</c>): an old alert must not read as if the matter were still where the alert found it.</summary>
public sealed record DisputeAlert(long Id, DateTimeOffset At, DisputeAlertKind Kind, string KindName, Guid DisputeId, string Place, MatterCategory Category, string State, bool Closed, string? Reason, string StateThen);

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
        var rows = await Lines(db, DisputeQueries.Reachable(db, actor).Where(d => townshipId == null || d.TownshipId == townshipId))
            .Where(r => since == null || r.At >= since)
            .OrderByDescending(r => r.Id)
            .Take(limit)
            .ToListAsync(ct);
        return [.. rows.Select(r => r.Alert())];
    }

    /// <summary>
    /// A page of the alerts within reach, newest first: a tab per kind with its count, narrowed by
    /// township and place, and by words in the matter's title or its id's first characters.
    /// </summary>
    /// <exception cref="UnauthorizedAccessException">Neither a township official nor the administrator.</exception>
    public async Task<ListPage<DisputeAlert>> PageAsync(Actor actor, ListQuery filter, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(filter);
        if (!Readers.Contains(actor.Role))
        {
            throw new UnauthorizedAccessException("只有镇级领导和管理员可以查看预警");
        }

        filter.Validate(Enum.GetNames<DisputeAlertKind>());
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var disputes = DisputeQueries.Reachable(db, actor)
            .Where(d => filter.Township == null || d.TownshipId == filter.Township)
            .Where(d => filter.Place == null || d.PlaceId == filter.Place);
        var lines = Lines(db, disputes);
        if (filter.Search is not null)
        {
            var matching = db.Instances.Matching(filter, DisputeQueries.ReferenceMatches(db, filter.Pattern)).Select(i => i.Id);
            lines = lines.Where(r => matching.Contains(r.DisputeId));
        }

        var tabs = await lines.TabsAsync(r => r.KindCode, Enum.GetValues<DisputeAlertKind>().Select(k => (k.ToString(), DisplayName(k))), ct);
        var page = await lines.Where(r => filter.Status == null || r.KindCode == filter.Status).OrderByDescending(r => r.Id).PageAsync(filter.PageNo, tabs, ct);
        return page.Select(r => r.Alert());
    }

    /// <summary>The alert lines of <paramref name="disputes"/>, each with its matter's current state; the kind as a column, so that tabs count in SQL.</summary>
    private static IQueryable<Line> Lines(EngineDbContext db, IQueryable<Dispute> disputes) =>
        from l in db.Ledger
        join d in disputes on l.InstanceId equals d.Id
        join i in db.Instances on d.Id equals i.Id
        join p in db.Set<Place>() on d.PlaceId equals p.Id
        where l.Kind == LedgerKind.SlaWarning || l.Kind == LedgerKind.SlaExpired
            || (l.Kind == LedgerKind.Transition && EscalationTriggers.Contains(l.Trigger))
            || (l.Kind == LedgerKind.Transition && SkipLevelTriggers.Contains(l.Trigger))
        select new Line
        {
            Id = l.Id,
            At = l.At,
            KindCode = l.Kind == LedgerKind.SlaWarning ? nameof(DisputeAlertKind.Yellow)
                : l.Kind == LedgerKind.SlaExpired ? nameof(DisputeAlertKind.Red)
                : SkipLevelTriggers.Contains(l.Trigger) ? nameof(DisputeAlertKind.SkipLevel)
                : nameof(DisputeAlertKind.Escalated),
            Reason = l.Reason,
            ToState = l.ToState,
            DisputeId = d.Id,
            Place = p.Name,
            Category = d.Category,
            State = i.State,
            ClosedAt = i.ClosedAt,
        };

    /// <summary>Set by member, not by constructor, so that queries can still filter, group and order on its members.</summary>
    private sealed class Line
    {
        public long Id { get; init; }

        public DateTimeOffset At { get; init; }

        public string KindCode { get; init; } = "";

        public string? Reason { get; init; }

        public string ToState { get; init; } = "";

        public Guid DisputeId { get; init; }

        public string Place { get; init; } = "";

        public MatterCategory Category { get; init; }

        public string State { get; init; } = "";

        public DateTimeOffset? ClosedAt { get; init; }

        public DisputeAlert Alert()
        {
            var kind = Enum.Parse<DisputeAlertKind>(KindCode);
            return new DisputeAlert(Id, At, kind, DisplayName(kind), DisputeId, Place, Category, DisputeWorkflow.Definition.StateName(State), ClosedAt != null, Reason, DisputeWorkflow.Definition.StateName(ToState));
        }
    }

    public static string DisplayName(DisputeAlertKind kind) => kind switch
    {
        DisputeAlertKind.Yellow => "临期预警（黄）",
        DisputeAlertKind.Red => "超期（红）",
        DisputeAlertKind.Escalated => "上报",
        DisputeAlertKind.SkipLevel => "越级",
        _ => kind.ToString(),
    };
}
