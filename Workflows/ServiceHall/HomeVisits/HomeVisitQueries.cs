using Governance.Engine;
using Governance.Engine.Storage;
using Governance.Workflows.Lists;
using Governance.Workflows.Privacy;
using Governance.Engine.Runtime;
using Governance.Workflows.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Governance.Workflows.ServiceHall.HomeVisits;

/// <summary>One home visit as the API shows it: phone and ID number masked, the contact email only as whether there is one; <c>ClockPausedAt</c> set while its clock stands still (补正), <c>DueAt</c> then null.</summary>
public sealed record HomeVisitView(
    Guid Id,
    int Version,
    string State,
    string StateName,
    string Hall,
    string? Window,
    string Matter,
    HomeVisitReason ReasonKind,
    string ReasonName,
    string ApplicantName,
    string ApplicantPhone,
    string? IdNumber,
    string Address,
    bool NotifiesApplicant,
    string? Note,
    string? ReviewNote,
    HomeVisitSchedule? Schedule,
    HomeVisitRecord? Visit,
    string? CloseNote,
    string? CancelReason,
    DateTimeOffset RequestedAt,
    DateTimeOffset? DueAt,
    int? DueProvisionalYear,
    DateTimeOffset? ClockPausedAt,
    bool Overdue,
    DateTimeOffset? ClosedAt,
    IReadOnlyList<string> Actions,
    IReadOnlyList<LedgerLine> Ledger)
{
    /// <summary>The reference the applicant is given (申请编号), see <see cref="HomeVisitWorkflow.ReferenceOf"/>.</summary>
    public string Reference => HomeVisitWorkflow.ReferenceOf(Id);
}

/// <summary>A visit in a list; <c>DueProvisionalYear</c>, when set, makes its limit provisional (暂定); <c>ClockPausedAt</c> that its clock stands still (补正).</summary>
public sealed record HomeVisitSummary(Guid Id, string Title, string State, string StateName, string OrgUnit, DateTimeOffset RequestedAt, DateTimeOffset? DueAt, int? DueProvisionalYear, DateTimeOffset? ClockPausedAt, bool Overdue, DateTimeOffset? ClosedAt)
{
    /// <summary>The reference the applicant is given (申请编号).</summary>
    public string Reference => HomeVisitWorkflow.ReferenceOf(Id);
}

/// <summary>The visits in a scope: how many are open and how many of those are past their limit, and the newest of them.</summary>
public sealed record HomeVisitList(int Total, int Open, int Overdue, IReadOnlyList<HomeVisitSummary> Items);

public sealed class HomeVisitQueries(IDbContextFactory<WorkflowDbContext> dbFactory, WorkflowRegistry registry, [FromKeyedServices(DomainClock.Key)] TimeProvider clock)
{
    public const int MaxItems = 500;

    private static readonly WorkflowDefinition Definition = HomeVisitWorkflow.Definition;

    /// <summary>One visit with its ledger (台账), or null if absent or out of the actor's reach (<see cref="HomeVisitWorkflow"/>'s rule: another hall, a 三零 role, another citizen's).</summary>
    public async Task<HomeVisitView?> GetAsync(Guid id, Actor actor, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var instance = await db.Instances.AsNoTracking().SingleOrDefaultAsync(i => i.Id == id && i.DefinitionName == HomeVisitWorkflow.Name, ct);
        if (instance is null || !Definition.Reaches(actor, instance))
        {
            return null;
        }

        var d = instance.GetData<HomeVisitData>();

        var ledger = await LedgerQueries.TimelineAsync(db, registry, instance, ct);
        var actions = Definition.TransitionsFrom(instance.State).Where(t => t.Roles.Contains(actor.Role)).Select(t => t.Trigger).Distinct().ToList();
        if (instance.ClosedAt is null && Definition.States[instance.State].Pause is { } pause && pause.Roles.Contains(actor.Role))
        {
            actions.Add(instance.ClockPausedAt is null ? HomeVisitWorkflow.PauseClock : HomeVisitWorkflow.ResumeClock);
        }

        return new HomeVisitView(
            instance.Id, instance.Version, instance.State, Definition.States[instance.State].DisplayName, d.HallName, d.Window, d.Matter,
            d.ReasonKind, d.ReasonKind.DisplayName(), d.ApplicantName, PersonalData.MaskPhone(d.ApplicantPhone),
            d.IdNumber is null ? null : PersonalData.MaskIdNumber(d.IdNumber), d.Address, d.ContactEmail is not null, d.Note, d.ReviewNote,
            d.Schedule, d.Visit, d.CloseNote, d.CancelReason, instance.CreatedAt, instance.DueAt, instance.DueProvisionalYear, instance.ClockPausedAt, IsOverdue(instance.ClosedAt, instance.DueAt, clock.GetUtcNow()),
            instance.ClosedAt, actions, ledger);
    }

    /// <summary>
    /// The visits the actor may see, newest first (at most <paramref name="limit"/>), optionally
    /// in one state, with counts over all of them. Staff see their unit; a citizen sees the
    /// requests they made themself (found by the ledger's start line, a column, not the payload);
    /// a 三零 role (the proxy handler's scope is the whole city) sees none.
    /// </summary>
    public async Task<HomeVisitList> ListAsync(Actor actor, string? state, int limit, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        new Validation()
            .Check(state is null || Definition.States.ContainsKey(state), "state", $"应为 {string.Join("、", Definition.States.Keys)} 之一")
            .Check(limit is >= 1 and <= MaxItems, "limit", $"应为 1 到 {MaxItems} 之间的整数")
            .ThrowIfInvalid();

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var now = clock.GetUtcNow();
        var query = Visible(db, actor);
        if (state is not null)
        {
            query = query.Where(i => i.State == state);
        }

        var counts = await query
            .GroupBy(_ => 1)
            .Select(g => new
            {
                Total = g.Count(),
                Open = g.Count(i => i.ClosedAt == null),
                Overdue = g.Count(i => i.ClosedAt == null && i.DueAt != null && i.DueAt < now),
            })
            .SingleOrDefaultAsync(ct);
        var rows = await query
            .OrderByDescending(i => i.CreatedAt)
            .Take(limit)
            .Select(i => new { i.Id, i.Title, i.State, i.OrgUnit, i.CreatedAt, i.DueAt, i.DueProvisionalYear, i.ClockPausedAt, i.ClosedAt })
            .ToListAsync(ct);
        var items = rows.Select(r => new HomeVisitSummary(
            r.Id, r.Title, r.State, Definition.States[r.State].DisplayName, r.OrgUnit, r.CreatedAt, r.DueAt, r.DueProvisionalYear, r.ClockPausedAt, IsOverdue(r.ClosedAt, r.DueAt, now), r.ClosedAt)).ToList();
        return new HomeVisitList(counts?.Total ?? 0, counts?.Open ?? 0, counts?.Overdue ?? 0, items);
    }

    /// <summary>A page of the visits the actor may see (as <see cref="ListAsync"/>), newest first: a tab per state, the clock, and words in the title or the id's first characters.</summary>
    public async Task<ListPage<HomeVisitSummary>> PageAsync(Actor actor, ListQuery filter, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(filter);
        var onClock = filter.Validate(Definition.States.Keys);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var now = clock.GetUtcNow();
        var query = Visible(db, actor).OnClock(db, onClock, now).Matching(filter);
        var tabs = await query.TabsAsync(i => i.State, Definition.StatusTabs(), ct);
        var page = await query.Where(i => filter.Status == null || i.State == filter.Status)
            .OrderByDescending(i => i.CreatedAt).ThenByDescending(i => i.Id)
            .Select(i => new { i.Id, i.Title, i.State, i.OrgUnit, i.CreatedAt, i.DueAt, i.DueProvisionalYear, i.ClockPausedAt, i.ClosedAt })
            .PageAsync(filter.PageNo, tabs, ct);
        return page.Select(r => new HomeVisitSummary(
            r.Id, r.Title, r.State, Definition.States[r.State].DisplayName, r.OrgUnit, r.CreatedAt, r.DueAt, r.DueProvisionalYear, r.ClockPausedAt, IsOverdue(r.ClosedAt, r.DueAt, now), r.ClosedAt));
    }

    /// <summary>Staff see their unit; a citizen the requests they made themself (found by the ledger's start line, a column, not the payload); a 三零 role (the proxy handler's scope is the whole city) none.</summary>
    private static IQueryable<WorkflowInstance> Visible(EngineDbContext db, Actor actor)
    {
        var query = db.Instances.AsNoTracking().Where(i => i.DefinitionName == HomeVisitWorkflow.Name);
        if (actor.Role != Roles.Citizen && !HomeVisitWorkflow.HallRoles.Contains(actor.Role))
        {
            query = query.Where(_ => false);
        }

        query = query.WithinScopeOf(actor, i => i.OrgUnit);
        return actor.Role == Roles.Citizen
            ? query.Where(i => db.Ledger.Any(l => l.InstanceId == i.Id && l.Kind == LedgerKind.Started && l.ActorId == actor.Id && l.ActorRole == Roles.Citizen))
            : query;
    }

    private static bool IsOverdue(DateTimeOffset? closedAt, DateTimeOffset? dueAt, DateTimeOffset now) => closedAt is null && dueAt < now;
}
