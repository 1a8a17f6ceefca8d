using System.Linq.Expressions;
using Governance.Engine;
using Governance.Engine.Storage;
using Governance.Workflows.Lists;
using Governance.Workflows.Privacy;
using Governance.Engine.Runtime;
using Governance.Workflows.SafetyCampaign.Organisation;
using Governance.Workflows.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Governance.Workflows.SafetyCampaign.Disputes;

/// <summary>A party as staff and the citizen see it: numbers masked; <c>Ordinal</c> names the party for a reveal.</summary>
public sealed record DisputePartyView(int Ordinal, string Name, string Phone, string? IdNumber, bool HasEmail);

public sealed record DisputeView(
    Guid Id,
    int Version,
    int DefinitionVersion,
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
    IReadOnlyList<LedgerLine> Ledger,
    string Reference,
    IReadOnlyList<DisputeStep> Steps);

/// <summary>
/// A matter in a list, with its clock: <c>Warned</c> when the yellow warning (临期) went out for the
/// step it is in now; <c>DueProvisionalYear</c>, when set, makes the limit provisional (暂定);
/// <c>Applicant</c> the first party's name masked to the surname (王**).
/// </summary>
public sealed record DisputeSummary(Guid Id, string Title, string State, string StateName, DisputeLevel Level, bool SkipLevel, DateTimeOffset RegisteredAt, DateTimeOffset? DueAt, int? DueProvisionalYear, bool Warned, bool Overdue, DateTimeOffset? ClosedAt, string Applicant, string Reference);

public sealed record DisputeList(int Total, int Open, int Overdue, IReadOnlyList<DisputeSummary> Items);

/// <summary>Matters within the caller's reach: a township official's township, a village team's place, a department's assigned matters, the city for city-wide roles, a citizen what they reported.</summary>
public sealed class DisputeQueries(IDbContextFactory<WorkflowDbContext> dbFactory, WorkflowRegistry registry, [FromKeyedServices(DomainClock.Key)] TimeProvider clock)
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
        var ledger = await LedgerQueries.TimelineAsync(db, registry, instance, ct);
        // Masked for everyone; the village team and the proxy handler may reveal a number, on record (DisputePartyRevealSource).
        var parties = row.Parties.OrderBy(p => p.Ordinal).Select(p => new DisputePartyView(
            p.Ordinal, p.Name, PersonalData.MaskPhone(p.Phone), p.IdNumber is null ? null : PersonalData.MaskIdNumber(p.IdNumber), p.Email is not null)).ToList();
        var actions = DisputeWorkflow.Of(instance).TransitionsFrom(instance.State).Where(t => t.Roles.Contains(actor.Role)).Select(t => t.Trigger).Distinct().ToList();
        return new DisputeView(
            row.Id, instance.Version, instance.DefinitionVersion, instance.State, Definition.States[instance.State].DisplayName, row.Kind, row.Category, row.Category.DisplayName(), row.Source, row.SkipLevel,
            data.TownshipName, data.PlaceName, row.Level, data.DepartmentName, data.VillageHandler, row.Summary, parties, row.RegisteredAt, instance.DueAt, instance.DueProvisionalYear,
            IsOverdue(instance.ClosedAt, instance.DueAt, clock.GetUtcNow()), row.PetitionDueAt, row.Extensions, row.Escalations, row.LimitBreaches,
            row.ResolvedLevel, data.Resolution, row.ResolvedOnTime, row.Satisfied, row.Reopens, row.ClosedAt, actions, ledger,
            row.Reference, DisputeProgress.Of(instance.State, row.ArrivedLevel, row.Level));
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
        var query = Summaries(db, Instances(db, Reachable(db, actor)).Where(i => state == null || i.State == state));
        var counts = await query.GroupBy(_ => 1)
            .Select(g => new { Total = g.Count(), Open = g.Count(i => i.ClosedAt == null), Overdue = g.Count(i => i.ClosedAt == null && i.DueAt != null && i.DueAt < now) })
            .SingleOrDefaultAsync(ct);
        var rows = await query.OrderByDescending(r => r.RegisteredAt).Take(limit).ToListAsync(ct);
        return new DisputeList(counts?.Total ?? 0, counts?.Open ?? 0, counts?.Overdue ?? 0, [.. rows.Select(r => r.Summary(now))]);
    }

    /// <summary>
    /// A page of the matters within reach, newest first, narrowed by the list's filters: status
    /// (a state of the ladder, one tab each with its count), level, township and place, clock,
    /// and words in the title, the id's first characters, a party's name or a party's whole phone
    /// number (found, never shown: the list shows the applicant's surname only).
    /// </summary>
    public async Task<ListPage<DisputeSummary>> PageAsync(Actor actor, ListQuery filter, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(filter);
        var level = Enum.TryParse<DisputeLevel>(filter.Level, ignoreCase: true, out var l) && Enum.IsDefined(l) ? l : (DisputeLevel?)null;
        var onClock = filter.Validate(Definition.States.Keys, v => v.Check(filter.Level is null || level is not null, "level", "应为 村（社区）、镇（乡、街道） 或 市直部门"));

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var now = clock.GetUtcNow();
        var disputes = Reachable(db, actor)
            .Where(d => level == null || d.Level == level)
            .Where(d => filter.Township == null || d.TownshipId == filter.Township)
            .Where(d => filter.Place == null || d.PlaceId == filter.Place);
        var (pattern, phone) = (filter.Pattern, filter.Search);
        var instances = Instances(db, disputes)
            .OnClock(db, onClock, now)
            .Matching(filter, ReferenceMatches(db, pattern), i => db.Set<DisputeParty>().Any(p => p.DisputeId == i.Id && (EF.Functions.ILike(p.Name, pattern!, ListQuery.EscapeCharacter) || p.Phone == phone)));
        var tabs = await instances.TabsAsync(i => i.State, Definition.StatusTabs(), ct);
        var page = await Summaries(db, instances.Where(i => filter.Status == null || i.State == filter.Status))
            .OrderByDescending(r => r.RegisteredAt).ThenByDescending(r => r.Id)
            .PageAsync(filter.PageNo, tabs, ct);
        return page.Select(r => r.Summary(now));
    }

    /// <summary>The instances whose matter's 受理编号 holds the search <paramref name="pattern"/> (a list's <see cref="ListQuery.Pattern"/>).</summary>
    internal static Expression<Func<WorkflowInstance, bool>> ReferenceMatches(EngineDbContext db, string? pattern) =>
        i => db.Set<Dispute>().Any(d => d.Id == i.Id && EF.Functions.ILike(d.Reference, pattern!, ListQuery.EscapeCharacter));

    /// <summary>The matters an actor may read: a citizen those they reported, staff by <see cref="SafetyScope"/>.</summary>
    internal static IQueryable<Dispute> Reachable(EngineDbContext db, Actor actor)
    {
        var scope = SafetyScope.Of(actor);
        var query = db.Set<Dispute>().AsNoTracking();
        return actor.Role == Roles.Citizen ? query.Where(d => d.RegisteredBy == actor.Id)
            : !scope.SeesAny ? query.Where(_ => false)
            : scope.DepartmentId is { } department ? AssignedTo(db, query, department)
            : query.Where(d => (scope.TownshipId == null || d.TownshipId == scope.TownshipId) && (scope.PlaceId == null || d.PlaceId == scope.PlaceId));
    }

    /// <summary>A department's matters: those with it at department level, and those it has a part of (联合办理, 主办 or 协办).</summary>
    private static IQueryable<Dispute> AssignedTo(EngineDbContext db, IQueryable<Dispute> query, int department)
    {
        var unit = Department.OrgUnitOf(department);
        return query.Where(d => (d.DepartmentId == department && d.Level == DisputeLevel.Department)
            || db.Instances.Any(i => i.ParentId == d.Id && i.DefinitionName == JointHandlingWorkflow.Name && i.OrgUnit == unit));
    }

    private static bool IsOverdue(DateTimeOffset? closedAt, DateTimeOffset? dueAt, DateTimeOffset now) => closedAt is null && dueAt < now;

    private static IQueryable<WorkflowInstance> Instances(EngineDbContext db, IQueryable<Dispute> disputes) =>
        from i in db.Instances
        join d in disputes on i.Id equals d.Id
        select i;

    /// <summary>A list's rows: the instance's clock, the matter's level, whether the current step was warned (临期), the applicant.</summary>
    private static IQueryable<Row> Summaries(EngineDbContext db, IQueryable<WorkflowInstance> instances) =>
        from i in instances
        join d in db.Set<Dispute>() on i.Id equals d.Id
        select new Row
        {
            Id = i.Id,
            Title = i.Title,
            State = i.State,
            Level = d.Level,
            SkipLevel = d.SkipLevel,
            RegisteredAt = d.RegisteredAt,
            DueAt = i.DueAt,
            DueProvisionalYear = i.DueProvisionalYear,
            ClosedAt = i.ClosedAt,
            Warned = db.Ledger.Any(l => l.InstanceId == i.Id && l.Version == i.Version && l.Kind == LedgerKind.SlaWarning),
            Applicant = d.Parties.Where(p => p.Ordinal == 0).Select(p => p.Name).FirstOrDefault(),
            Reference = d.Reference,
        };

    /// <summary>Set by member, not by constructor, so that queries can still filter and order on its members.</summary>
    private sealed class Row
    {
        public Guid Id { get; init; }

        public string Title { get; init; } = "";

        public string State { get; init; } = "";

        public DisputeLevel Level { get; init; }

        public bool SkipLevel { get; init; }

        public DateTimeOffset RegisteredAt { get; init; }

        public DateTimeOffset? DueAt { get; init; }

        public int? DueProvisionalYear { get; init; }

        public DateTimeOffset? ClosedAt { get; init; }

        public bool Warned { get; init; }

        public string? Applicant { get; init; }

        public string Reference { get; init; } = "";

        public DisputeSummary Summary(DateTimeOffset now) => new(
            Id, Title, State, Definition.States[State].DisplayName, Level, SkipLevel, RegisteredAt, DueAt, DueProvisionalYear, Warned && ClosedAt == null, IsOverdue(ClosedAt, DueAt, now), ClosedAt,
            PersonalData.MaskName(Applicant), Reference);
    }
}
