using Governance.Engine;
using Governance.Engine.Calendar;
using Governance.Engine.Runtime;
using Governance.Engine.Storage;
using Governance.Workflows.SafetyCampaign.Organisation;
using Governance.Workflows.Storage;
using Microsoft.EntityFrameworkCore;

namespace Governance.Workflows.SafetyCampaign.Ranking;

/// <summary>A city's ranking of a month as stored; <see cref="Computed"/> is false when it was stored already and left as it was.</summary>
public sealed record RankingComputed(int CityId, string City, string Month, bool Computed, DateTimeOffset ComputedAt, int Townships, int Places);

/// <summary>
/// Ranks a month that is over (月排名), for every city: reads the month's figures per place from
/// the registers once, ranks places within their township and townships within their city
/// (<see cref="RankingOrder"/>), stores figures and ranks as the month's frozen snapshot, and owes
/// the circular (月通报) to every township official, all in one transaction per city. A month
/// already stored is returned as stored: a re-run computes nothing and mails nothing. Two nodes
/// running at once queue on a lock per city and month; the second finds the first's snapshot.
/// </summary>
public sealed class ComputeMonthlyRanking(WorkflowRuntime runtime)
{
    /// <exception cref="RequestValidationException">The month is not over yet.</exception>
    public async Task<IReadOnlyList<RankingComputed>> RunAsync(CalendarMonth month, Actor actor, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        new Validation().Check(month < CalendarMonth.Of(runtime.Now), "month", "只能对已结束的月份排名").ThrowIfInvalid();
        var cities = await runtime.InTransactionAsync((db, token) => db.Set<City>().AsNoTracking().OrderBy(c => c.Id).Select(c => c.Id).ToListAsync(token), ct);
        var results = new List<RankingComputed>(cities.Count);
        foreach (var city in cities)
        {
            results.Add(await runtime.InTransactionAsync((db, token) => CityAsync(db, city, month, actor, token), ct));
        }

        return results;
    }

    /// <summary>One city's month, as <see cref="RunAsync"/> ranks each (the administrator's 立即排名 on the ranking page).</summary>
    /// <exception cref="RequestValidationException">The month is not over yet, or no such city.</exception>
    public async Task<RankingComputed> RunCityAsync(CalendarMonth month, int cityId, Actor actor, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var validation = new Validation().Check(month < CalendarMonth.Of(runtime.Now), "month", "只能对已结束的月份排名");
        var exists = await runtime.InTransactionAsync((db, token) => db.Set<City>().AnyAsync(c => c.Id == cityId, token), ct);
        validation.Check(exists, "cityId", "请选择城市").ThrowIfInvalid();
        return await runtime.InTransactionAsync((db, token) => CityAsync(db, cityId, month, actor, token), ct);
    }

    private async Task<RankingComputed> CityAsync(EngineDbContext db, int cityId, CalendarMonth month, Actor actor, CancellationToken ct)
    {
        var key = $"sanling.ranking:{cityId}:{month}";
        await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock(hashtext({key}))", ct);
        var cityName = await db.Set<City>().Where(c => c.Id == cityId).Select(c => c.Name).SingleAsync(ct);
        var stored = await db.Set<RankingMonth>().AsNoTracking()
            .Where(m => m.CityId == cityId && m.Month == month.First)
            .Select(m => new { m.ComputedAt, Townships = m.Townships.Count, Places = m.Places.Count })
            .SingleOrDefaultAsync(ct);
        if (stored is not null)
        {
            return new RankingComputed(cityId, cityName, month.ToString(), false, stored.ComputedAt, stored.Townships, stored.Places);
        }

        var townships = await db.Set<Township>().AsNoTracking().Where(t => t.CityId == cityId).Select(t => new { t.Id, t.Code, t.Name }).ToListAsync(ct);
        var places = db.Set<Place>().Where(p => db.Set<Township>().Any(t => t.Id == p.TownshipId && t.CityId == cityId));
        var figures = await MonthFigures.OfPlacesAsync(db, places, month, ct);

        var now = runtime.Now;
        var ranking = new RankingMonth(cityId, month.First, now, actor.Name);
        foreach (var group in figures.GroupBy(p => p.TownshipId))
        {
            ranking.Places.AddRange(RankingOrder.Rank(group, p => p.Figures, p => p.Code).Select(r => new RankedPlace(r.Item, r.Rank)));
        }

        // A township without any place yet has nothing to rank.
        var sums = townships.Where(t => figures.Any(p => p.TownshipId == t.Id)).Select(t => (t.Id, t.Code, t.Name, Figures: RankingFigures.Sum(figures.Where(p => p.TownshipId == t.Id).Select(p => p.Figures))));
        ranking.Townships.AddRange(RankingOrder.Rank(sums, t => t.Figures, t => t.Code).Select(r => new RankedTownship(r.Item.Id, r.Item.Code, r.Item.Name, r.Rank, r.Item.Figures)));
        db.Add(ranking);
        await RankingCircular.AddAsync(db, ranking, cityName, month, now, ct);
        return new RankingComputed(cityId, cityName, month.ToString(), true, now, ranking.Townships.Count, ranking.Places.Count);
    }
}
