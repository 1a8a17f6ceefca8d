using Governance.Engine;
using Governance.Engine.Calendar;
using Governance.Engine.Runtime;
using Governance.Workflows.SafetyCampaign.Incidents;
using Governance.Workflows.SafetyCampaign.Organisation;
using Governance.Workflows.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Governance.Workflows.SafetyCampaign.Ranking;

/// <summary>
/// One place's 三零 in one month: 零上访 (no dispute or petition registered 越级 that month), 零事故
/// (no accident occurred), 零案件 (no case occurred), with the counts that broke them.
/// </summary>
public sealed record PlaceThreeZeros(
    int PlaceId,
    string Code,
    string Name,
    PlaceKind Kind,
    bool ZeroPetitions,
    bool ZeroAccidents,
    bool ZeroCases,
    bool ThreeZeros,
    int SkipLevel,
    int Accidents,
    int Cases);

public sealed record TownshipThreeZeros(int TownshipId, string Township, string Month, int Places, int ThreeZeroPlaces, IReadOnlyList<PlaceThreeZeros> Items);

/// <summary>The 三零 status of a township's places for a month, as the registers stand now (the monthly ranking freezes it).</summary>
public sealed class ThreeZeroQueries(IDbContextFactory<WorkflowDbContext> dbFactory, [FromKeyedServices(DomainClock.Key)] TimeProvider clock)
{
    /// <summary>
    /// A township official their township, the village team its place, the administrator any
    /// township; null if there is no such township. <paramref name="month"/> is <c>yyyy-MM</c>,
    /// this month at the latest (its status so far).
    /// </summary>
    /// <exception cref="UnauthorizedAccessException">Not a role that keeps the registers, or another township.</exception>
    public async Task<TownshipThreeZeros?> MonthAsync(Actor actor, int townshipId, string? month, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var parsed = CalendarMonth.TryParse(month, out var period);
        new Validation()
            .Check(townshipId > 0, "townshipId", "必填")
            .Check(parsed, "month", CalendarMonth.FormatHint)
            .Check(!parsed || period <= CalendarMonth.Of(clock.GetUtcNow()), "month", "不能晚于本月")
            .ThrowIfInvalid();
        var scope = SafetyScope.Of(actor);
        if (!IncidentRegister.Registrars.Contains(actor.Role) || !(scope.CityWide || scope.TownshipId == townshipId))
        {
            throw new UnauthorizedAccessException("只能查看本镇（乡、街道）的三零情况");
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var township = await db.Set<Township>().AsNoTracking().Where(t => t.Id == townshipId).Select(t => t.Name).SingleOrDefaultAsync(ct);
        if (township is null)
        {
            return null;
        }

        var places = db.Set<Place>().Where(p => p.TownshipId == townshipId && (scope.PlaceId == null || p.Id == scope.PlaceId));
        var figures = await MonthFigures.OfPlacesAsync(db, places, period, ct);
        var items = figures.Select(p => new PlaceThreeZeros(
            p.PlaceId, p.Code, p.Name, p.Kind, p.Figures.SkipLevel == 0, p.Figures.Accidents == 0, p.Figures.Cases == 0, p.Figures.ThreeZeroPlaces == 1,
            p.Figures.SkipLevel, p.Figures.Accidents, p.Figures.Cases)).ToList();
        return new TownshipThreeZeros(townshipId, township, period.ToString(), items.Count, items.Count(i => i.ThreeZeros), items);
    }
}
