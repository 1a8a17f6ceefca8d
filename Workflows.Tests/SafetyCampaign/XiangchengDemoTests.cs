using System.Diagnostics;
using Governance.Host.Demo;
using Governance.Workflows.SafetyCampaign.Organisation;
using Governance.Workflows.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Governance.Workflows.Tests.SafetyCampaign;

/// <summary>The 项城市 demo organisation: its shape, and that seeding it on every start is quick and changes nothing the second time.</summary>
public sealed class XiangchengDemoTests(TestDatabase database)
{
    [Fact]
    public void The_city_has_15_towns_410_villages_114_first_secretaries_and_a_full_roster_everywhere()
    {
        var city = XiangchengDemo.Build();
        var villages = city.Townships.SelectMany(t => t.Places).Where(p => p.Kind != PlaceKind.Unit).ToList();

        Assert.Equal(15, city.Townships.Count);
        Assert.Equal(410, villages.Count);
        Assert.Equal(114, villages.Count(v => v.Roster.Any(m => m.Role == RosterRole.FirstSecretary)));
        Assert.All(villages, v => Assert.Equal(
            [RosterRole.PoliceOfficer, RosterRole.Mediator, RosterRole.MilitiaCompany],
            v.Roster.Select(m => m.Role).Where(r => r is RosterRole.PoliceOfficer or RosterRole.Mediator or RosterRole.MilitiaCompany)));
        Assert.All(city.Townships, t => Assert.Equal(t.Places.Count, t.Places.Select(p => p.Name).Distinct().Count()));
        Assert.Contains("郭丰楼村", city.Townships.Single(t => t.Name == "永丰镇").Places.Select(p => p.Name));
        Assert.Contains("张老家村", city.Townships.Single(t => t.Name == "高寺镇").Places.Select(p => p.Name));
        Assert.Contains("三店防水产业园", city.Townships.Single(t => t.Name == "三店镇").Places.Select(p => p.Name));
        Assert.All(city.Townships, t => Assert.Single(t.Officials));
        Assert.Equal(Enum.GetValues<MatterCategory>().Order(), city.Departments.SelectMany(d => d.Authorities).Select(a => a.Category).Order());
        Assert.All(city.Departments, d => Assert.Equal($"{d.Code}@demo.gov.cn", d.Email)); // a 联合办理 part's alerts reach the demo mailbox
        Assert.Equal(Fingerprint(XiangchengDemo.Build()), Fingerprint(city)); // generated, not random
    }

    [Fact]
    public async Task Seeding_twice_inserts_once_and_the_second_time_is_a_look_up()
    {
        var first = Stopwatch.StartNew();
        var city = await XiangchengDemo.SeedAsync(database.Factory, CancellationToken.None);
        first.Stop();
        var again = Stopwatch.StartNew();
        var same = await XiangchengDemo.SeedAsync(database.Factory, CancellationToken.None);
        again.Stop();

        Assert.Equal(city.Id, same.Id);
        await using var db = database.CreateContext();
        var towns = db.Set<Township>().Where(t => t.CityId == city.Id);
        Assert.Equal(15, await towns.CountAsync());
        Assert.Equal(410, await db.Set<Place>().CountAsync(p => towns.Any(t => t.Id == p.TownshipId) && p.Kind != PlaceKind.Unit));
        Assert.Equal(114, await db.Set<RosterMember>().CountAsync(m => m.Role == RosterRole.FirstSecretary && db.Set<Place>().Any(p => p.Id == m.PlaceId && towns.Any(t => t.Id == p.TownshipId))));
        Assert.All(same.Townships, t => Assert.Single(t.Places));
        Assert.True(first.Elapsed < TimeSpan.FromSeconds(20), $"first seeding took {first.Elapsed}");
        Assert.True(again.Elapsed < TimeSpan.FromSeconds(5), $"second seeding took {again.Elapsed}");
    }

    private static List<string> Fingerprint(City city) =>
        [.. city.Townships.SelectMany(t => t.Places).Select(p => $"{p.Code} {p.Name} {string.Join(",", p.Roster.Select(m => m.Name))}")];
}
