using Governance.Engine;
using Governance.Engine.Calendar;
using Governance.Engine.Runtime;
using Governance.Engine.Storage;
using Governance.Workflows.SafetyCampaign.Incidents;
using Governance.Workflows.SafetyCampaign.Organisation;
using Governance.Workflows.Storage;
using Microsoft.EntityFrameworkCore;

namespace Governance.Workflows.SafetyCampaign.Ranking;

public sealed record RankingMonthSummary(int CityId, string City, string Month, DateTimeOffset ComputedAt, string ComputedBy, int Townships, int Places);

/// <summary>One township's places of the month, ranked within it.</summary>
public sealed record RankedTownshipPlaces(int TownshipId, string Township, IReadOnlyList<RankingLine> Places);

/// <summary>A stored month: the township table for everyone who reads it, the places only of the townships (or the place) within the reader's scope.</summary>
public sealed record MonthlyRankingView(
    int CityId,
    string City,
    string Month,
    DateTimeOffset ComputedAt,
    string ComputedBy,
    IReadOnlyList<RankingLine> Townships,
    IReadOnlyList<RankedTownshipPlaces> Places);

/// <summary>A township's or a place's line in one stored month: its rank among <see cref="Of"/> and its three shares.</summary>
public sealed record RankingTrendPoint(string Month, int Rank, int Of, double ThreeZeroRate, double KeptRate, double LimitsRate);

/// <summary>A township's (or a place's) lines over the stored months, oldest first, under its latest name.</summary>
public sealed record RankingTrend(string Name, IReadOnlyList<RankingTrendPoint> Points);

/// <summary>
/// The stored rankings for the dashboard: the village team, township officials (their city; the
/// places of their own township) and the administrator (any city, every place).
/// </summary>
public sealed class RankingQueries(IDbContextFactory<WorkflowDbContext> dbFactory)
{
    /// <summary>The months stored for the city, newest first.</summary>
    /// <exception cref="UnauthorizedAccessException">Not a reader, or another city.</exception>
    public async Task<IReadOnlyList<RankingMonthSummary>> MonthsAsync(Actor actor, int? cityId, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var city = await CityOfAsync(db, actor, cityId, ct);
        return await db.Set<RankingMonth>().AsNoTracking().Where(m => m.CityId == city.Id).OrderByDescending(m => m.Month)
            .Select(m => new RankingMonthSummary(m.CityId, city.Name, CalendarMonth.Of(m.Month).ToString(), m.ComputedAt, m.ComputedBy, m.Townships.Count, m.Places.Count))
            .ToListAsync(ct);
    }

    /// <summary>A stored month (<c>yyyy-MM</c>), or null if it has not been ranked.</summary>
    /// <exception cref="UnauthorizedAccessException">Not a reader, or another city.</exception>
    public async Task<MonthlyRankingView?> MonthAsync(Actor actor, string? month, int? cityId, CancellationToken ct)
    {
        var period = ParseMonth(month);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await MonthOfAsync(db, actor, await CityOfAsync(db, actor, cityId, ct), period, ct);
    }

    /// <summary>
    /// A stored month as the files handed on and the printed circular show it: null when it has not
    /// been ranked, and likewise when the city is unknown or not the reader's.
    /// </summary>
    /// <exception cref="UnauthorizedAccessException">Not a reader.</exception>
    public async Task<MonthlyRankingView?> MonthWithinScopeAsync(Actor actor, string? month, int? cityId, CancellationToken ct)
    {
        var period = ParseMonth(month);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await FindCityAsync(db, actor, cityId, ct) is { } city ? await MonthOfAsync(db, actor, city, period, ct) : null;
    }

    private static CalendarMonth ParseMonth(string? month)
    {
        new Validation().Check(CalendarMonth.TryParse(month, out var period), "month", CalendarMonth.FormatHint).ThrowIfInvalid();
        return period;
    }

    private static async Task<MonthlyRankingView?> MonthOfAsync(EngineDbContext db, Actor actor, (int Id, string Name) city, CalendarMonth period, CancellationToken ct)
    {
        var ranking = await db.Set<RankingMonth>().AsNoTracking().AsSplitQuery()
            .Include(m => m.Townships)
            .Include(m => m.Places)
            .SingleOrDefaultAsync(m => m.CityId == city.Id && m.Month == period.First, ct);
        if (ranking is null)
        {
            return null;
        }

        var townships = ranking.Townships.OrderBy(t => t.Rank).ThenBy(t => t.Code, StringComparer.Ordinal).ToList();
        var places = townships
            .Select(t => new RankedTownshipPlaces(
                t.TownshipId,
                t.Name,
                [.. ranking.Places.Where(p => p.TownshipId == t.TownshipId && actor.CanSee(Place.OrgUnitOf(p.TownshipId, p.PlaceId)))
                    .OrderBy(p => p.Rank).ThenBy(p => p.Code, StringComparer.Ordinal).Select(RankingLine.Of)]))
            .Where(t => t.Places.Count > 0)
            .ToList();
        return new MonthlyRankingView(city.Id, city.Name, period.ToString(), ranking.ComputedAt, ranking.ComputedBy, [.. townships.Select(RankingLine.Of)], places);
    }

    /// <summary>
    /// A township's trend over the stored months (every reader of the city sees the township table),
    /// or with <paramref name="placeId"/> a place's within it (only within the reader's scope); null
    /// when it was never ranked or is out of scope.
    /// </summary>
    /// <exception cref="UnauthorizedAccessException">Not a reader, or another city.</exception>
    public async Task<RankingTrend?> TrendAsync(Actor actor, int? cityId, int townshipId, int? placeId, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var city = await CityOfAsync(db, actor, cityId, ct);
        List<(DateOnly Month, string Name, int Rank, RankingFigures Figures)> lines;
        Dictionary<DateOnly, int> counts;
        if (placeId is { } place)
        {
            if (!actor.CanSee(Place.OrgUnitOf(townshipId, place)))
            {
                return null;
            }

            var inTownship = db.Set<RankedPlace>().AsNoTracking().Where(p => p.CityId == city.Id && p.TownshipId == townshipId);
            lines = [.. (await inTownship.Where(p => p.PlaceId == place).ToListAsync(ct)).Select(p => (p.Month, p.Name, p.Rank, p.Figures))];
            counts = await inTownship.GroupBy(p => p.Month).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, ct);
        }
        else
        {
            var inCity = db.Set<RankedTownship>().AsNoTracking().Where(t => t.CityId == city.Id);
            lines = [.. (await inCity.Where(t => t.TownshipId == townshipId).ToListAsync(ct)).Select(t => (t.Month, t.Name, t.Rank, t.Figures))];
            counts = await inCity.GroupBy(t => t.Month).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, ct);
        }

        if (lines.Count == 0)
        {
            return null;
        }

        var ordered = lines.OrderBy(l => l.Month).ToList();
        return new RankingTrend(ordered[^1].Name, [.. ordered.Select(l => new RankingTrendPoint(
            CalendarMonth.Of(l.Month).ToString(), l.Rank, counts[l.Month], l.Figures.ThreeZeroRate.Value, l.Figures.KeptRate.Value, l.Figures.LimitsRate.Value))]);
    }

    /// <summary>The city the actor reads: their township's, or for the administrator the one named.</summary>
    /// <exception cref="UnauthorizedAccessException">Not a reader, or another city.</exception>
    private static async Task<(int Id, string Name)> CityOfAsync(EngineDbContext db, Actor actor, int? cityId, CancellationToken ct)
    {
        if (await FindCityAsync(db, actor, cityId, ct) is { } city)
        {
            return city;
        }

        if (SafetyScope.Of(actor).CityWide)
        {
            throw new RequestValidationException(new Dictionary<string, string[]> { ["cityId"] = ["城市不存在"] });
        }

        throw new UnauthorizedAccessException("只能查看本市的月排名");
    }

    /// <summary>The city the actor reads, or null when the one named does not exist or is not theirs.</summary>
    /// <exception cref="UnauthorizedAccessException">Not a reader.</exception>
    private static async Task<(int Id, string Name)?> FindCityAsync(EngineDbContext db, Actor actor, int? cityId, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var scope = SafetyScope.Of(actor);

        // Those who keep the registers read the ranking they feed.
        if (!IncidentRegister.Registrars.Contains(actor.Role) || !(scope.CityWide || scope.TownshipId is not null))
        {
            throw new UnauthorizedAccessException("只有村级联动工作队、镇级领导和管理员可以查看月排名");
        }

        new Validation().Check(!scope.CityWide || cityId is > 0, "cityId", "管理员须指明城市").ThrowIfInvalid();
        var city = await (scope.CityWide
                ? db.Set<City>().Where(c => c.Id == cityId)
                : db.Set<City>().Where(c => c.Townships.Any(t => t.Id == scope.TownshipId)))
            .Select(c => new { c.Id, c.Name })
            .SingleOrDefaultAsync(ct);
        return city is null || cityId is not null && cityId != city.Id ? null : (city.Id, city.Name);
    }
}
