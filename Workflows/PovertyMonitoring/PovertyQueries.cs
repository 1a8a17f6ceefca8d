using Governance.Engine;
using Governance.Workflows.Lists;
using Governance.Workflows.Privacy;
using Governance.Engine.Runtime;
using Governance.Workflows.SafetyCampaign.Organisation;
using Governance.Workflows.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Governance.Workflows.PovertyMonitoring;

/// <summary>A warning in a list: the householder's name and ID number masked.</summary>
public sealed record WarningSummary(
    Guid Id, string Title, string State, string StateName, WarningSource Source, string Township, string Place, string Householder, string IdNumber,
    decimal? MedicalSpending, DateTimeOffset RaisedAt, DateTimeOffset? DueAt, int? DueProvisionalYear, bool Overdue, DateTimeOffset? ClosedAt)
{
    public string Reference => PovertyWarningWorkflow.ReferenceOf(Id);

    public string SourceName => Source.DisplayName();
}

/// <summary>One warning as its workers see it: the householder's name in full (they visit the family), the ID number masked, every step's record and the ledger.</summary>
public sealed record WarningView(
    Guid Id,
    int Version,
    string State,
    string StateName,
    string Township,
    string Place,
    string Householder,
    string IdNumber,
    WarningSource Source,
    string Why,
    decimal? MedicalSpending,
    StudentFacts? Student,
    Verification? Verification,
    Decision? Decision,
    AssistancePlan? Plan,
    int FollowUps,
    string? LastFollowUp,
    string? ClosingReason,
    DateTimeOffset RaisedAt,
    DateTimeOffset? DueAt,
    int? DueProvisionalYear,
    bool Overdue,
    DateTimeOffset? ClosedAt,
    IReadOnlyList<string> Actions,
    IReadOnlyList<LedgerLine> Ledger,
    string Drawing)
{
    public string Reference => PovertyWarningWorkflow.ReferenceOf(Id);

    public string SourceName => Source.DisplayName();
}

/// <summary>
/// 应纳尽纳 of one township for one month: of the households warned that month, how many were
/// verified (入户核实) and decided (纳入 or not) each within its limit; and where they stand.
/// </summary>
public sealed record TownshipFigure(int TownshipId, string Township, int Warned, int VerifiedInTime, int DecidedInTime, int InTime, int Included, int NotIncluded, int Open)
{
    /// <summary>应纳尽纳率: verified and decided in time, of all warned; null for a month with no warning.</summary>
    public double? Rate => Warned == 0 ? null : (double)InTime / Warned;
}

public sealed class PovertyQueries(IDbContextFactory<WorkflowDbContext> dbFactory, WorkflowRegistry registry, [FromKeyedServices(DomainClock.Key)] TimeProvider clock)
{
    private WorkflowDefinition Definition => registry.FindLatest(PovertyWarningWorkflow.Name)!;

    /// <summary>
    /// The warnings within reach, newest first, a page at a time: by status tab, township, village,
    /// clock, words (预警编号, the householder's name, the village) and, when given, the month raised.
    /// A citizen reads the households they reported; a role with no business here reads nothing.
    /// </summary>
    public async Task<ListPage<WarningSummary>> PageAsync(Actor actor, ListQuery filter, DateOnly? month, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(filter);
        var clockFilter = filter.Validate(Definition.StatesInOrder.Select(s => s.Name));
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var now = clock.GetUtcNow();
        var instances = db.Instances.AsNoTracking().Where(i => i.DefinitionName == PovertyWarningWorkflow.Name);
        var warnings = db.Set<PovertyWarning>().AsNoTracking();
        if (actor.Role == Roles.Citizen)
        {
            warnings = warnings.Where(w => w.Source == WarningSource.SelfReport && w.ReportedBy == actor.Id);
        }
        else if (PovertyWarningWorkflow.Workers.Contains(actor.Role))
        {
            warnings = warnings.WithinScopeOf(actor, w => w.OrgUnit);
        }
        else
        {
            return ListPaging.Empty<WarningSummary>();
        }

        if (filter.Township is { } township)
        {
            warnings = warnings.Where(w => w.TownshipId == township);
        }

        if (filter.Place is { } place)
        {
            warnings = warnings.Where(w => w.PlaceId == place);
        }

        if (month is { } m)
        {
            warnings = warnings.Where(w => w.RaisedMonth == m);
        }

        var pattern = filter.Pattern;
        instances = instances.OnClock(db, clockFilter, now).Matching(filter, i => db.Set<PovertyWarning>().Any(w => w.Id == i.Id
            && (db.Set<Household>().Any(h => h.Id == w.HouseholdId && EF.Functions.ILike(h.HouseholderName, pattern!, ListQuery.EscapeCharacter))
                || db.Set<Place>().Any(p => p.Id == w.PlaceId && EF.Functions.ILike(p.Name, pattern!, ListQuery.EscapeCharacter)))));
        var rows =
            from i in instances
            join w in warnings on i.Id equals w.Id
            join h in db.Set<Household>() on w.HouseholdId equals h.Id
            join p in db.Set<Place>() on w.PlaceId equals p.Id
            select new { i, w, h, p, Township = p.Township!.Name };
        var tabs = await rows.TabsAsync(r => r.i.State, Definition.StatusTabs(), ct);
        if (!string.IsNullOrEmpty(filter.Status))
        {
            rows = rows.Where(r => r.i.State == filter.Status);
        }

        var page = await rows.OrderByDescending(r => r.w.RaisedAt).ThenBy(r => r.i.Id)
            .Select(r => new { r.i.Id, r.i.Title, r.i.State, r.w.Source, r.Township, Place = r.p.Name, r.h.HouseholderName, r.h.IdNumberMasked, r.w.MedicalSpending, r.w.RaisedAt, r.i.DueAt, r.i.DueProvisionalYear, r.i.ClosedAt })
            .PageAsync(filter.PageNo, tabs, ct);
        return page.Select(r => new WarningSummary(
            r.Id, r.Title, r.State, Definition.States[r.State].DisplayName, r.Source, r.Township, r.Place, PersonalData.MaskName(r.HouseholderName), r.IdNumberMasked,
            r.MedicalSpending, r.RaisedAt, r.DueAt, r.DueProvisionalYear, r.ClosedAt is null && r.DueAt < now, r.ClosedAt));
    }

    /// <summary>The month (its first day) it is now in China: the figures' and the monthly list's default.</summary>
    public DateOnly CurrentMonth()
    {
        var today = Governance.Engine.Calendar.ChinaTime.DateOf(clock.GetUtcNow());
        return new DateOnly(today.Year, today.Month, 1);
    }

    /// <summary>One warning with its ledger, or null when absent or out of reach (the same answer).</summary>
    public async Task<WarningView?> GetAsync(Guid id, Actor actor, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var instance = await db.Instances.AsNoTracking().SingleOrDefaultAsync(i => i.Id == id && i.DefinitionName == PovertyWarningWorkflow.Name, ct);
        if (instance is null)
        {
            return null;
        }

        var definition = registry.For(instance);
        if (!definition.Reaches(actor, instance))
        {
            return null;
        }

        var row = await db.Set<PovertyWarning>().AsNoTracking().SingleAsync(w => w.Id == id, ct);
        var d = instance.GetData<PovertyWarningData>();
        var ledger = await LedgerQueries.TimelineAsync(db, registry, instance, ct);
        var now = clock.GetUtcNow();
        var actions = instance.ClosedAt is null
            ? definition.TransitionsFrom(instance.State).Where(t => t.Roles.Contains(actor.Role)).Select(t => t.Trigger).ToList()
            : [];
        return new WarningView(
            instance.Id, instance.Version, instance.State, definition.States[instance.State].DisplayName, d.TownshipName, d.PlaceName, d.HouseholderName, d.IdNumberMasked,
            d.Source, d.Why, d.MedicalSpending, d.Student, d.Verification, d.Decision, d.Plan, d.FollowUps, d.LastFollowUp, d.ClosingReason,
            row.RaisedAt, instance.DueAt, instance.DueProvisionalYear, instance.ClosedAt is null && instance.DueAt < now, instance.ClosedAt, actions,
            ledger,
            definition.DrawingWithCurrent(registry.Roles, instance.State));
    }

    /// <summary>应纳尽纳 per township within the actor's scope for the month (its first day), townships with no warning included.</summary>
    public async Task<IReadOnlyList<TownshipFigure>> FiguresAsync(Actor actor, DateOnly month, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (actor.Role is not (Roles.TownshipOfficial or Roles.Admin))
        {
            throw new UnauthorizedAccessException("应纳尽纳统计供镇级领导和管理员查看");
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var counts = await db.Set<PovertyWarning>().AsNoTracking().WithinScopeOf(actor, w => w.OrgUnit)
            .Where(w => w.RaisedMonth == month)
            .GroupBy(w => w.TownshipId)
            .Select(g => new
            {
                TownshipId = g.Key,
                Warned = g.Count(),
                Verified = g.Count(w => w.VerifiedOnTime),
                Decided = g.Count(w => w.DecidedOnTime),
                InTime = g.Count(w => w.VerifiedOnTime && w.DecidedOnTime),
                Included = g.Count(w => w.Included == true),
                NotIncluded = g.Count(w => w.Included == false),
                Open = g.Count(w => w.Open),
            })
            .ToDictionaryAsync(c => c.TownshipId, ct);
        var warned = counts.Keys.ToList();
        var townships = await db.Set<Township>().AsNoTracking().WithinScopeOf(actor, t => "township/" + t.Id)
            .Where(t => warned.Contains(t.Id) || actor.Scope != "")
            .OrderBy(t => t.Id).Select(t => new { t.Id, t.Name }).ToListAsync(ct);
        return [.. townships.Select(t => counts.GetValueOrDefault(t.Id) is { } c
            ? new TownshipFigure(t.Id, t.Name, c.Warned, c.Verified, c.Decided, c.InTime, c.Included, c.NotIncluded, c.Open)
            : new TownshipFigure(t.Id, t.Name, 0, 0, 0, 0, 0, 0, 0))];
    }

    /// <summary>The latest imports, newest first (administrator).</summary>
    public async Task<IReadOnlyList<ImportSummary>> ImportsAsync(Actor actor, int limit, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        Roles.RequireAdmin(actor, "只有管理员可以查看导入记录");
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var imports = await db.Set<ScreeningImport>().AsNoTracking().OrderByDescending(i => i.ImportedAt).Take(Math.Clamp(limit, 1, 100)).ToListAsync(ct);
        return [.. imports.Select(i => ImportSummary.Of(i, alreadyImported: false))];
    }
}
