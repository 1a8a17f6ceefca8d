using Governance.Workflows.Privacy;
using Governance.Workflows.Runtime;
using Governance.Workflows.SafetyCampaign.Organisation;
using Governance.Workflows.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Governance.Workflows.SafetyCampaign.Disputes;

/// <summary>One line of a matter's ledger (台账), with the step, states and role in the words the exported ledger uses.</summary>
public sealed record DisputeLedgerLine(DateTimeOffset At, string Kind, string Trigger, string Step, string FromState, string ToState, string ToStateName, string Actor, string ActorRole, string ActorRoleName, string? Reason);

/// <summary>A party as staff and the citizen see it: numbers masked; <c>Ordinal</c> names the party for a reveal.</summary>
public sealed record DisputePartyView(int Ordinal, string Name, string Phone, string? IdNumber, bool HasEmail);

public sealed record DisputeView(
    Guid Id,
    int Version,
    string State,
    string StateName,
    DisputeKind Kind,
    MatterCategory Category,
    string CategoryName,
    DisputeSource Source,
    bool SkipLevel,
    string Township,
    string Place,
    DisputeLevel Level,
    string? Department,
    string VillageHandler,
    string Summary,
    IReadOnlyList<DisputePartyView> Parties,
    DateTimeOffset RegisteredAt,
    DateTimeOffset? DueAt,
    int? DueProvisionalYear,
    bool Overdue,
    DateTimeOffset? PetitionDueAt,
    int Extensions,
    int Escalations,
    int LimitBreaches,
    DisputeLevel? ResolvedLevel,
    string? Resolution,
    bool? ResolvedOnTime,
    bool? Satisfied,
    int Reopens,
    DateTimeOffset? ClosedAt,
    IReadOnlyList<string> Actions,
    IReadOnlyList<DisputeLedgerLine> Ledger);

/// <summary>A matter in a list, with its clock: <c>Warned</c> when the yellow warning (临期) went out for the step it is in now; <c>DueProvisionalYear</c>, when set, makes the limit provisional (暂定).</summary>
public sealed record DisputeSummary(Guid Id, string Title, string State, string StateName, DisputeLevel Level, bool SkipLevel, DateTimeOffset RegisteredAt, DateTimeOffset? DueAt, int? DueProvisionalYear, bool Warned, bool Overdue, DateTimeOffset? ClosedAt);

public sealed record DisputeList(int Total, int Open, int Overdue, IReadOnlyList<DisputeSummary> Items);

/// <summary>Matters within the caller's reach: a township official's township, a village team's place, a department's assigned matters, the city for city-wide roles, a citizen what they reported.</summary>
public sealed class DisputeQueries(IDbContextFactory<WorkflowDbContext> dbFactory, [FromKeyedServices(DomainClock.Key)] TimeProvider clock)
{
    public const int MaxItems = 500;

    private static readonly WorkflowDefinition Definition = DisputeWorkflow.Definition;

    /// <summary>One matter with its parties and ledger (台账), or null if absent or out of reach.</summary>
    public async Task<DisputeView?> GetAsync(Guid id, Actor actor, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var row = await Reachable(db, actor).Include(d => d.Parties).SingleOrDefaultAsync(d => d.Id == id, ct);
        if (row is null)
        {
            return null;
        }

        var instance = await db.Instances.AsNoTracking().SingleAsync(i => i.Id == id, ct);
        var data = instance.GetData<DisputeData>();
        var lines = await db.Ledger.AsNoTracking().Where(l => l.InstanceId == id).OrderBy(l => l.Id).ToListAsync(ct);
        var ledger = lines.Select(l => new DisputeLedgerLine(
            l.At, l.Kind.ToString(), l.Trigger, DisputeLedgerExport.Step(l.Kind, l.Trigger, l.FromState), l.FromState, l.ToState, DisputeLedgerExport.StateName(l.ToState),
            l.ActorName, l.ActorRole, Roles.DisplayName(l.ActorRole), l.Reason)).ToList();
        // Masked for everyone; the village team and the proxy handler may reveal a number, on record (RevealPersonalDataHandler).
        var parties = row.Parties.OrderBy(p => p.Ordinal).Select(p => new DisputePartyView(
            p.Ordinal, p.Name, PersonalData.MaskPhone(p.Phone), p.IdNumber is null ? null : PersonalData.MaskIdNumber(p.IdNumber), p.Email is not null)).ToList();
        var actions = Definition.TransitionsFrom(instance.State).Where(t => t.Roles.Contains(actor.Role)).Select(t => t.Trigger).Distinct().ToList();
        return new DisputeView(
            row.Id, instance.Version, instance.State, Definition.States[instance.State].DisplayName, row.Kind, row.Category, row.Category.DisplayName(), row.Source, row.SkipLevel,
            data.TownshipName, data.PlaceName, row.Level, data.DepartmentName, data.VillageHandler, row.Summary, parties, row.RegisteredAt, instance.DueAt, instance.DueProvisionalYear,
            IsOverdue(instance.ClosedAt, instance.DueAt, clock.GetUtcNow()), row.PetitionDueAt, row.Extensions, row.Escalations, row.LimitBreaches,
            row.ResolvedLevel, data.Resolution, row.ResolvedOnTime, row.Satisfied, row.Reopens, row.ClosedAt, actions, ledger);
    }

    /// <summary>The matters within reach, newest first (at most <paramref name="limit"/>), optionally in one state, with counts over all of them.</summary>
    public async Task<DisputeList> ListAsync(Actor actor, string? state, int limit, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        new Validation()
            .Check(state is null || Definition.States.ContainsKey(state), "state", $"应为 {string.Join("、", Definition.States.Keys)} 之一")
            .Check(limit is >= 1 and <= MaxItems, "limit", $"应为 1 到 {MaxItems} 之间的整数")
            .ThrowIfInvalid();

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var now = clock.GetUtcNow();
        var query = from d in Reachable(db, actor)
                    join i in db.Instances on d.Id equals i.Id
                    where state == null || i.State == state
                    select new { i.Id, i.Version, i.Title, i.State, d.Level, d.SkipLevel, d.RegisteredAt, i.DueAt, i.DueProvisionalYear, i.ClosedAt };
        var counts = await query.GroupBy(_ => 1)
            .Select(g => new { Total = g.Count(), Open = g.Count(i => i.ClosedAt == null), Overdue = g.Count(i => i.ClosedAt == null && i.DueAt != null && i.DueAt < now) })
            .SingleOrDefaultAsync(ct);
        var rows = await query.OrderByDescending(r => r.RegisteredAt).Take(limit)
            .Select(r => new { r.Id, r.Title, r.State, r.Level, r.SkipLevel, r.RegisteredAt, r.DueAt, r.DueProvisionalYear, r.ClosedAt, Warned = db.Ledger.Any(l => l.InstanceId == r.Id && l.Version == r.Version && l.Kind == LedgerKind.SlaWarning) })
            .ToListAsync(ct);
        var items = rows.Select(r => new DisputeSummary(
            r.Id, r.Title, r.State, Definition.States[r.State].DisplayName, r.Level, r.SkipLevel, r.RegisteredAt, r.DueAt, r.DueProvisionalYear, r.Warned && r.ClosedAt == null, IsOverdue(r.ClosedAt, r.DueAt, now), r.ClosedAt)).ToList();
        return new DisputeList(counts?.Total ?? 0, counts?.Open ?? 0, counts?.Overdue ?? 0, items);
    }

    /// <summary>The matters an actor may read: a citizen those they reported, staff by <see cref="SafetyScope"/>.</summary>
    internal static IQueryable<Dispute> Reachable(WorkflowDbContext db, Actor actor)
    {
        var scope = SafetyScope.Of(actor);
        var query = db.Set<Dispute>().AsNoTracking();
        return actor.Role == Roles.Citizen ? query.Where(d => d.RegisteredBy == actor.Id)
            : !scope.SeesAny ? query.Where(_ => false)
            : scope.DepartmentId is { } department ? query.Where(d => d.DepartmentId == department && d.Level == DisputeLevel.Department)
            : query.Where(d => (scope.TownshipId == null || d.TownshipId == scope.TownshipId) && (scope.PlaceId == null || d.PlaceId == scope.PlaceId));
    }

    private static bool IsOverdue(DateTimeOffset? closedAt, DateTimeOffset? dueAt, DateTimeOffset now) => closedAt is null && dueAt < now;
}
