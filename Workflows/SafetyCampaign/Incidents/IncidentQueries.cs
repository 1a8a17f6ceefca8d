using Governance.Engine;
using Governance.Engine.Calendar;
using Governance.Engine.Storage;
using Governance.Workflows.Lists;
using Governance.Engine.Runtime;
using Governance.Workflows.SafetyCampaign.Organisation;
using Governance.Workflows.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Governance.Workflows.SafetyCampaign.Incidents;

public sealed record IncidentView(
    Guid Id,
    IncidentKind Kind,
    string KindName,
    IncidentType Type,
    string TypeName,
    int TownshipId,
    string Township,
    int PlaceId,
    string Place,
    DateTimeOffset OccurredAt,
    AccidentSeverity? Severity,
    string? SeverityName,
    int Deaths,
    int Injuries,
    string Summary,
    string RegisteredBy,
    DateTimeOffset RegisteredAt);

/// <summary>A register's lines within reach, newest first; <see cref="Total"/> counts them all, <see cref="Items"/> at most the configured number.</summary>
public sealed record IncidentList(IncidentKind Kind, int Total, IReadOnlyList<IncidentView> Items);

/// <summary>The registers as the village team (its place), a township official (their township) and the administrator (all) read them.</summary>
public sealed class IncidentQueries(IDbContextFactory<WorkflowDbContext> dbFactory, IOptions<IncidentOptions> options)
{
    /// <summary>One register, optionally of one township, one place and one month (<c>yyyy-MM</c>, by when it occurred, China time).</summary>
    /// <exception cref="UnauthorizedAccessException">The actor's role does not keep the registers.</exception>
    public async Task<IncidentList> ListAsync(Actor actor, IncidentKind kind, int? townshipId, int? placeId, string? month, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        Authorise(actor);
        var parsed = CalendarMonth.TryParse(month, out var period);
        new Validation().Check(month is null || parsed, "month", CalendarMonth.FormatHint).ThrowIfInvalid();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var query = Of(db, actor, townshipId, placeId, month is null ? null : period).Where(i => i.Kind == kind);
        var total = await query.CountAsync(ct);
        var lines = await Lines(db, query).Take(options.Value.MaxListed).ToListAsync(ct);
        return new IncidentList(kind, total, [.. lines.Select(l => l.View())]);
    }

    /// <summary>
    /// A page of the registers of one township and month, newest first: a tab per register
    /// (事故, 案件) with its count, narrowed by place and by words in the summary or the place's name.
    /// </summary>
    /// <exception cref="UnauthorizedAccessException">The actor's role does not keep the registers.</exception>
    public async Task<ListPage<IncidentView>> PageAsync(Actor actor, int? townshipId, string? month, ListQuery filter, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(filter);
        Authorise(actor);
        var parsed = CalendarMonth.TryParse(month, out var period);
        filter.Validate(Enum.GetNames<IncidentKind>(), v => v.Check(month is null || parsed, "month", CalendarMonth.FormatHint));
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var pattern = filter.Pattern;
        var query = Of(db, actor, townshipId, filter.Place, month is null ? null : period)
            .Where(i => pattern == null || EF.Functions.ILike(i.Summary, pattern, ListQuery.EscapeCharacter)
                || db.Set<Place>().Any(p => p.Id == i.PlaceId && EF.Functions.ILike(p.Name, pattern, ListQuery.EscapeCharacter)));
        var tabs = await query.TabsAsync(i => i.Kind, Enum.GetValues<IncidentKind>().Select(k => (k, k.DisplayName())), ct);
        var kind = Enum.TryParse<IncidentKind>(filter.Status, out var k) ? k : (IncidentKind?)null;
        var page = await Lines(db, query.Where(i => kind == null || i.Kind == kind)).PageAsync(filter.PageNo, tabs, ct);
        return page.Select(l => l.View());
    }

    /// <summary>One line, or null if absent or out of reach.</summary>
    public async Task<IncidentView?> GetAsync(Guid id, Actor actor, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        Authorise(actor);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return (await Lines(db, Reachable(db, actor).Where(i => i.Id == id)).SingleOrDefaultAsync(ct))?.View();
    }

    private static void Authorise(Actor actor)
    {
        if (!IncidentRegister.Registrars.Contains(actor.Role))
        {
            throw new UnauthorizedAccessException("只有村级联动工作队、镇级领导和管理员可以查看事故、案件登记");
        }
    }

    private static IQueryable<Incident> Of(EngineDbContext db, Actor actor, int? townshipId, int? placeId, CalendarMonth? month)
    {
        var query = Reachable(db, actor).Where(i => (townshipId == null || i.TownshipId == townshipId) && (placeId == null || i.PlaceId == placeId));
        if (month is { } period)
        {
            var (start, end) = (period.Start, period.End);
            query = query.Where(i => i.OccurredAt >= start && i.OccurredAt < end);
        }

        return query;
    }

    private static IQueryable<Incident> Reachable(EngineDbContext db, Actor actor)
    {
        var scope = SafetyScope.Of(actor);
        var query = db.Set<Incident>().AsNoTracking();
        return scope.CityWide ? query
            : scope.TownshipId is { } township ? query.Where(i => i.TownshipId == township && (scope.PlaceId == null || i.PlaceId == scope.PlaceId))
            : query.Where(_ => false);
    }

    /// <summary>Newest first, with the names of the place and its township.</summary>
    private static IQueryable<Line> Lines(EngineDbContext db, IQueryable<Incident> incidents) =>
        from i in incidents
        join p in db.Set<Place>() on i.PlaceId equals p.Id
        join t in db.Set<Township>() on i.TownshipId equals t.Id
        orderby i.OccurredAt descending, i.Id descending
        select new Line(i, t.Name, p.Name);

    private sealed record Line(Incident Incident, string Township, string Place)
    {
        public IncidentView View()
        {
            var i = Incident;
            return new IncidentView(
                i.Id, i.Kind, i.Kind.DisplayName(), i.Type, i.Type.DisplayName(), i.TownshipId, Township, i.PlaceId, Place, i.OccurredAt,
                i.Severity, i.Severity?.DisplayName(), i.Deaths, i.Injuries, i.Summary, i.RegisteredByName, i.RegisteredAt);
        }
    }
}
