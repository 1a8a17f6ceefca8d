using System.Text.Json;
using Governance.Engine;
using Governance.Engine.Calendar;
using Governance.Engine.Runtime;
using Governance.Workflows.SafetyCampaign.Disputes;
using Governance.Workflows.SafetyCampaign.Ranking;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using static Governance.Workflows.Tests.SafetyCampaign.RankingHarness;

namespace Governance.Workflows.Tests.SafetyCampaign;

/// <summary>
/// The monthly ranking on real PostgreSQL: a constructed month ranked as documented, a stored
/// month that later edits cannot move, 三零 status per month, and the first-working-day schedule
/// across holidays. Each test ranks a month no other test of the class ranks.
/// </summary>
public sealed class RankingTests(RankingDatabase database) : IClassFixture<RankingDatabase>
{
    private static readonly CancellationToken Ct = CancellationToken.None;

    [Fact]
    public async Task October_is_ranked_by_three_zeros_then_kept_at_village_then_limits_with_ties_sharing_a_rank()
    {
        var h = new RankingHarness(database, Cst(2026, 11, 2, 9));
        var city = await TestCity.CreateAsync(database, 3, 2, 3, 3, 4, 2, 5);
        var oct = Cst(2026, 10, 12);

        // 甲: all three zeros, both disputes kept and in time. 乙: all three zeros, no disputes: a tie with 甲.
        await h.DisputeAsync(city.Place(0, 0), oct, Course.VillageOnTime);
        await h.DisputeAsync(city.Place(0, 0), oct, Course.VillageOnTime);

        // 丙: kept 2/2 but one late (limits 1/2). 丁: one went up for authority (kept 1/2, limits 2/2): 丙 before 丁.
        await h.DisputeAsync(city.Place(2, 0), oct, Course.VillageOnTime);
        await h.DisputeAsync(city.Place(2, 1), oct, Course.VillageLate);
        await h.DisputeAsync(city.Place(3, 0), oct, Course.VillageOnTime);
        await h.DisputeAsync(city.Place(3, 1), oct, Course.TownshipForAuthority);

        // 戊: a case, 3 of 4 three-zero (75 %). 己: an accident, 1 of 2 (50 %). 庚: 越级 and an accident, 3 of 5 (60 %).
        await h.CaseAsync(city, 4, 0, oct);
        await h.AccidentAsync(city, 5, 0, oct);
        await h.DisputeAsync(city.Place(6, 0), oct, Course.SkipLevel);
        await h.AccidentAsync(city, 6, 1, oct);
        await h.DisputeAsync(city.Place(6, 2), oct, Course.VillageOnTime);
        await h.DisputeAsync(city.Place(6, 2), oct, Course.VillageOnTime);
        await h.DisputeAsync(city.Place(6, 4), oct, Course.VillageLate);

        // Outside October: not counted.
        await h.AccidentAsync(city, 0, 1, Cst(2026, 9, 30, 23));
        await h.DisputeAsync(city.Place(1, 0), Cst(2026, 11, 1, 0), Course.SkipLevel);

        var computed = Assert.Single(await h.Compute.RunAsync(new CalendarMonth(2026, 10), Actor.System, Ct), c => c.CityId == city.City.Id);
        Assert.Equal((true, 7, 22), (computed.Computed, computed.Townships, computed.Places));

        var view = (await h.Rankings.MonthAsync(TestCity.Admin, "2026-10", city.City.Id, Ct))!;
        Assert.Equal(
            [(city.Townships[0].Name, 1), (city.Townships[1].Name, 1), (city.Townships[2].Name, 3), (city.Townships[3].Name, 4), (city.Townships[4].Name, 5), (city.Townships[6].Name, 6), (city.Townships[5].Name, 7)],
            view.Townships.Select(t => (t.Name, t.Rank)));
        var geng = view.Townships.Single(t => t.Name == city.Townships[6].Name);
        Assert.Equal((5, 3, 0.6, 4, 3, 0.75, 3, 0.75, 1, 1, 0), (geng.Places, geng.ThreeZeroPlaces, geng.ThreeZeroRate, geng.Disputes, geng.KeptAtVillage, geng.KeptRate, geng.LimitsMet, geng.LimitsRate, geng.SkipLevel, geng.Accidents, geng.Cases));

        // Within 庚: the three-zero places first (two kept in time tie with none at all), then by kept share.
        var places = view.Places.Single(p => p.TownshipId == city.Townships[6].Id).Places;
        Assert.Equal(
            [("庚3村", 1), ("庚4村", 1), ("庚5村", 3), ("庚2村", 4), ("庚1村", 5)],
            places.Select(p => (p.Name, p.Rank)));
    }

    [Fact]
    public async Task A_stored_month_keeps_its_numbers_whatever_is_registered_or_resolved_after()
    {
        var h = new RankingHarness(database, Cst(2026, 9, 1, 9));
        var city = await TestCity.CreateAsync(database, 2, 1);
        var open = await h.DisputeAsync(city.Place(0, 0), Cst(2026, 8, 10), Course.VillageOpen);
        await h.AccidentAsync(city, 0, 1, Cst(2026, 8, 20));

        Assert.True(Assert.Single(await h.Compute.RunAsync(new CalendarMonth(2026, 8), Actor.System, Ct), c => c.CityId == city.City.Id).Computed);
        var before = JsonSerializer.Serialize(await h.Rankings.MonthAsync(TestCity.Admin, "2026-08", city.City.Id, Ct));

        // Later: the open dispute goes up by time, a case and a 越级 petition of August are registered late.
        h.Clock.Advance(TimeSpan.FromDays(3));
        await using (var db = database.CreateContext())
        {
            var dispute = await db.Set<Dispute>().SingleAsync(d => d.Id == open);
            dispute.EnterLevel(DisputeLevel.Township, null, byTime: true);
            await db.SaveChangesAsync();
        }

        await h.CaseAsync(city, 0, 0, Cst(2026, 8, 25));
        await h.DisputeAsync(city.Place(0, 0), Cst(2026, 8, 28), Course.SkipLevel);
        var live = (await h.ThreeZeros.MonthAsync(TestCity.Admin, city.Townships[0].Id, "2026-08", Ct))!;
        Assert.Equal((false, false, 0), (live.Items[0].ZeroPetitions, live.Items[0].ZeroCases, live.ThreeZeroPlaces));

        var again = Assert.Single(await h.Compute.RunAsync(new CalendarMonth(2026, 8), Actor.System, Ct), c => c.CityId == city.City.Id);
        Assert.False(again.Computed);
        Assert.Equal(before, JsonSerializer.Serialize(await h.Rankings.MonthAsync(TestCity.Admin, "2026-08", city.City.Id, Ct)));
        var stored = (await h.Rankings.MonthAsync(TestCity.Admin, "2026-08", city.City.Id, Ct))!.Places.Single(p => p.TownshipId == city.Townships[0].Id).Places;
        Assert.Equal([(city.Place(0, 0).Name, 1, 1, 1, 1, 0, 0), (city.Place(0, 1).Name, 2, 0, 0, 0, 1, 0)], stored.Select(p => (p.Name, p.Rank, p.ThreeZeroPlaces, p.Disputes, p.KeptAtVillage, p.Accidents, p.Cases)));

        // One circular per official, however often it runs; and the database refuses to edit the snapshot.
        await using var check = database.CreateContext();
        var emails = city.Townships.Select(t => t.Officials[0].Email).ToList();
        Assert.Equal(2, await check.Outbox.CountAsync(o => o.Template == "ranking.circular" && emails.Contains(o.RecipientEmail)));
        var refused = await Assert.ThrowsAsync<PostgresException>(() =>
            check.Database.ExecuteSqlAsync($"UPDATE sanling.ranking_places SET figures_cases = 0 WHERE city_id = {city.City.Id}"));
        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, refused.SqlState);
    }

    [Fact]
    public async Task Three_zero_status_per_month_per_place_within_the_readers_scope()
    {
        var h = new RankingHarness(database, Cst(2026, 7, 20));
        var city = await TestCity.CreateAsync(database, 4, 1);
        await h.DisputeAsync(city.Place(0, 0), Cst(2026, 7, 3), Course.SkipLevel);
        await h.DisputeAsync(city.Place(0, 1), Cst(2026, 7, 3), Course.TownshipForAuthority); // up by the ladder: not 越级
        await h.AccidentAsync(city, 0, 2, Cst(2026, 7, 5));
        await h.CaseAsync(city, 0, 3, Cst(2026, 6, 30, 23)); // June

        var july = (await h.ThreeZeros.MonthAsync(city.Official(0), city.Townships[0].Id, "2026-07", Ct))!;
        Assert.Equal(
            [(false, true, true, false), (true, true, true, true), (true, false, true, false), (true, true, true, true)],
            july.Items.Select(p => (p.ZeroPetitions, p.ZeroAccidents, p.ZeroCases, p.ThreeZeros)));
        Assert.Equal((4, 2), (july.Places, july.ThreeZeroPlaces));
        var june = (await h.ThreeZeros.MonthAsync(city.Official(0), city.Townships[0].Id, "2026-06", Ct))!;
        Assert.Equal([true, true, true, false], june.Items.Select(p => p.ThreeZeros));

        var team = (await h.ThreeZeros.MonthAsync(city.VillageTeam(0, 2), city.Townships[0].Id, "2026-07", Ct))!;
        Assert.Equal([(city.Place(0, 2).Id, false)], team.Items.Select(p => (p.PlaceId, p.ZeroAccidents)));
        await Assert.ThrowsAsync<UnauthorizedAccessException>(() => h.ThreeZeros.MonthAsync(city.Official(1), city.Townships[0].Id, "2026-07", Ct));
        var future = await Assert.ThrowsAsync<RequestValidationException>(() => h.ThreeZeros.MonthAsync(city.Official(0), city.Townships[0].Id, "2026-08", Ct));
        Assert.Equal(["month"], future.Errors.Keys);
    }

    [Theory]
    [InlineData(2026, 10, 1, "2026-09", "2026-10-08")] // 国庆 1–7 October: Thursday the 8th
    [InlineData(2026, 1, 1, "2025-12", "2026-01-04")] // 元旦 1–3 January; Sunday the 4th is a make-up working day
    [InlineData(2026, 2, 1, "2026-01", "2026-02-02")] // Sunday the 1st: Monday the 2nd
    [InlineData(2026, 3, 1, "2026-02", "2026-03-02")] // after 春节 (15–23 February), Sunday the 1st: Monday the 2nd
    [InlineData(2027, 1, 1, "2026-12", "2027-01-04")] // 2027 not entered: 元旦 by law on Friday the 1st, then the weekend (provisional)
    public async Task The_month_is_ranked_on_the_first_working_day_after_the_holiday_and_once(int year, int month, int firstDay, string ranked, string dueOn)
    {
        var due = DateOnly.Parse(dueOn, System.Globalization.CultureInfo.InvariantCulture);
        var h = new RankingHarness(database, ChinaTime.At(new DateOnly(year, month, firstDay), new TimeOnly(7, 0)));
        var city = await TestCity.CreateAsync(database, 1);
        Assert.True(CalendarMonth.TryParse(ranked, out var rankedMonth));
        Assert.Equal(due, h.Due.DueOn(rankedMonth));

        for (var day = new DateOnly(year, month, firstDay); day < due; day = day.AddDays(1))
        {
            h.Clock.SetUtcNow(ChinaTime.At(day, new TimeOnly(7, 0)).ToUniversalTime());
            Assert.Empty(await h.Due.RunAsync(Ct));
        }

        Assert.Empty(await h.Rankings.MonthsAsync(city.Official(0), null, Ct));
        h.Clock.SetUtcNow(ChinaTime.At(due, new TimeOnly(7, 0)).ToUniversalTime());
        var run = Assert.Single(await h.Due.RunAsync(Ct), c => c.CityId == city.City.Id);
        Assert.Equal((ranked, true), (run.Month, run.Computed));

        h.Clock.Advance(TimeSpan.FromDays(1));
        Assert.False(Assert.Single(await h.Due.RunAsync(Ct), c => c.CityId == city.City.Id).Computed);
        Assert.Equal([ranked], (await h.Rankings.MonthsAsync(city.Official(0), null, Ct)).Select(m => m.Month));
    }
}
