using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Governance.Workflows.Tests.Infrastructure;
using Governance.Workflows.Tests.SafetyCampaign;
using Governance.Host.Scheduling;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Quartz;

namespace Governance.Workflows.Tests.Api;

/// <summary>A database of its own for this class's in-process Host.</summary>
public sealed class RankingApiDatabase() : TestDatabase("api_ranking");

/// <summary>
/// The monthly ranking over HTTP, end to end: ranked → outbox → Hangfire → MailKit → the SMTP
/// server's mailbox; the dashboard's reads scoped to the reader. The domain clock stands at
/// Tuesday 1 December 2026, 08:00, the first working day of December.
/// </summary>
public sealed class RankingApiTests(RankingApiDatabase database) : IClassFixture<RankingApiDatabase>, IAsyncLifetime
{
    private GovernanceHost _host = null!;

    public async ValueTask InitializeAsync() =>
        _host = new GovernanceHost(database, new FakeTimeProvider(RankingHarness.Cst(2026, 12, 1, 8).ToUniversalTime()));

    public async ValueTask DisposeAsync() => await _host.DisposeAsync();

    private static async Task<List<string>> FieldsAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        return [.. (await response.Content.ReadFromJsonAsync<ValidationProblemDetails>(JsonSerializerOptions.Web))!.Errors.Keys];
    }

    [Fact]
    public async Task November_is_ranked_the_circular_reaches_each_official_and_each_reads_their_own_township_in_detail()
    {
        var city = await TestCity.CreateAsync(database, 2, 2);
        var admin = await _host.SignInAsync(Roles.Admin, "");
        var accident = await admin.PostAsJsonAsync("/api/safety/accidents", new
        {
            placeId = city.Place(1, 0).Id, type = "traffic", occurredAt = RankingHarness.Cst(2026, 11, 20), severity = "general", deaths = 1, injuries = 0, summary = "村道上农用三轮车侧翻",
        });
        Assert.Equal(HttpStatusCode.Created, accident.StatusCode);

        var ranked = await admin.PostAsync("/api/safety/rankings/2026-11", null);
        Assert.Equal(HttpStatusCode.OK, ranked.StatusCode);
        var mine = (await ranked.Content.ReadFromJsonAsync<JsonElement>(JsonSerializerOptions.Web)).EnumerateArray().Single(c => c.GetProperty("cityId").GetInt32() == city.City.Id);
        Assert.Equal((true, 2, 4), (mine.GetProperty("computed").GetBoolean(), mine.GetProperty("townships").GetInt32(), mine.GetProperty("places").GetInt32()));

        var (first, second) = (Assert.Single(await Mailbox.WaitForAsync(city.OfficialEmail(0))), Assert.Single(await Mailbox.WaitForAsync(city.OfficialEmail(1))));
        Assert.Equal($"【三零月通报】{city.City.Name}2026年11月排名：{city.Townships[0].Name}第 1 名（共 2 个）", first.Subject);
        Assert.Equal($"【三零月通报】{city.City.Name}2026年11月排名：{city.Townships[1].Name}第 2 名（共 2 个）", second.Subject);
        Assert.Contains("<table", second.Html, StringComparison.Ordinal);
        Assert.Contains($"1 | {city.Place(1, 1).Name} | 是 | 0 | 0 | 100% | 100% | 0 | 0 | 0", second.Text, StringComparison.Ordinal);
        Assert.Contains($"2 | {city.Place(1, 0).Name} | 否 | 0 | 0 | 100% | 100% | 0 | 1 | 0", second.Text, StringComparison.Ordinal);
        Assert.DoesNotContain(city.Place(0, 0).Name, second.Text, StringComparison.Ordinal);

        var official = await _host.SignInAsync(Roles.TownshipOfficial, city.Official(1).Scope);
        Assert.Equal(["2026-11"], (await official.GetFromJsonAsync<JsonElement>("/api/safety/rankings", JsonSerializerOptions.Web)).EnumerateArray().Select(m => m.GetProperty("month").GetString()));
        var view = await official.GetFromJsonAsync<JsonElement>("/api/safety/rankings/2026-11", JsonSerializerOptions.Web);
        Assert.Equal([1, 2], view.GetProperty("townships").EnumerateArray().Select(t => t.GetProperty("rank").GetInt32()));
        var places = Assert.Single(view.GetProperty("places").EnumerateArray());
        Assert.Equal(city.Townships[1].Id, places.GetProperty("townshipId").GetInt32());
        Assert.Equal(2, places.GetProperty("places").GetArrayLength());
        var team = await _host.SignInAsync(Roles.VillageTeam, city.VillageTeam(0, 1).Scope);
        var teamView = await team.GetFromJsonAsync<JsonElement>("/api/safety/rankings/2026-11", JsonSerializerOptions.Web);
        Assert.Equal([city.Place(0, 1).Id], teamView.GetProperty("places")[0].GetProperty("places").EnumerateArray().Select(p => p.GetProperty("id").GetInt32()));

        // Run again: the stored month as it was, and no second circular.
        var again = (await (await admin.PostAsync("/api/safety/rankings/2026-11", null)).Content.ReadFromJsonAsync<JsonElement>(JsonSerializerOptions.Web))
            .EnumerateArray().Single(c => c.GetProperty("cityId").GetInt32() == city.City.Id);
        Assert.False(again.GetProperty("computed").GetBoolean());
        await Task.Delay(TimeSpan.FromSeconds(3));
        Assert.Single(await Mailbox.ToAsync(city.OfficialEmail(0)));

        var stranger = await _host.SignInAsync(Roles.TownshipOfficial, (await TestCity.CreateAsync(database, 1)).Official(0).Scope);
        Assert.Equal(HttpStatusCode.Forbidden, (await stranger.GetAsync($"/api/safety/rankings/2026-11?cityId={city.City.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await official.PostAsync("/api/safety/rankings/2026-10", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await official.GetAsync("/api/safety/rankings/2026-10")).StatusCode);
    }

    [Fact]
    public async Task On_the_first_working_day_the_clustered_Quartz_job_ranks_last_month_and_the_circular_arrives()
    {
        var city = await TestCity.CreateAsync(database, 1, 1);
        var scheduler = await _host.Services.GetRequiredService<ISchedulerFactory>().GetScheduler();
        var trigger = Assert.IsType<ICronTrigger>(await scheduler.GetTrigger(new TriggerKey("monthly-ranking")), exactMatch: false);
        Assert.Equal(("0 0 7 * * ?", "Asia/Shanghai"), (trigger.CronExpressionString, trigger.TimeZone.Id));

        await scheduler.TriggerJob(MonthlyRankingJob.Key);

        var circular = Assert.Single(await Mailbox.WaitForAsync(city.OfficialEmail(1)));
        Assert.Equal($"【三零月通报】{city.City.Name}2026年11月排名：{city.Townships[1].Name}第 1 名（共 2 个）", circular.Subject);
    }

    [Fact]
    public async Task Bad_input_gets_a_problem_naming_the_field()
    {
        var admin = await _host.SignInAsync(Roles.Admin, "");
        Assert.Equal(["month"], await FieldsAsync(await admin.PostAsync("/api/safety/rankings/2026-12", null))); // not over yet
        Assert.Equal(["month"], await FieldsAsync(await admin.PostAsync("/api/safety/rankings/2026-13", null)));
        Assert.Equal(["cityId"], await FieldsAsync(await admin.GetAsync("/api/safety/rankings/2026-11")));
        Assert.Equal(["month"], await FieldsAsync(await admin.GetAsync("/api/safety/rankings/november?cityId=1")));
    }
}
