using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Governance.Workflows.SafetyCampaign.Incidents;
using Governance.Workflows.Tests.Infrastructure;
using Governance.Workflows.Tests.SafetyCampaign;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;

namespace Governance.Workflows.Tests.Api;

/// <summary>A database of its own for this class's in-process Host.</summary>
public sealed class IncidentApiDatabase() : TestDatabase("api_incidents");

/// <summary>The accident and case registers and the 三零 status over HTTP, on a Host with the domain clock at Tuesday 10 November 2026.</summary>
public sealed class IncidentsApiTests(IncidentApiDatabase database) : IClassFixture<IncidentApiDatabase>, IAsyncLifetime
{
    private static readonly DateTimeOffset Now = RankingHarness.Cst(2026, 11, 10);
    private GovernanceHost _host = null!;
    private TestCity _city = null!;

    public async ValueTask InitializeAsync()
    {
        _host = new GovernanceHost(database, new FakeTimeProvider(Now.ToUniversalTime()));
        _city = await TestCity.CreateAsync(database, 2, 1);
    }

    public async ValueTask DisposeAsync() => await _host.DisposeAsync();

    private Task<HttpClient> OfficialAsync(int township) => _host.SignInAsync(Roles.TownshipOfficial, _city.Official(township).Scope);

    private Task<HttpClient> TeamAsync(int township, int place) => _host.SignInAsync(Roles.VillageTeam, _city.VillageTeam(township, place).Scope);

    private object Accident(int township, int place, object? severity = null, int deaths = 0, int injuries = 1, object? type = null, DateTimeOffset? at = null) => new
    {
        placeId = _city.Place(township, place).Id,
        type = type ?? "productionSafety",
        occurredAt = at ?? RankingHarness.Cst(2026, 11, 5, 15),
        severity = severity ?? "general",
        deaths,
        injuries,
        summary = "砖厂装载机倒车撞伤一名工人",
    };

    private static async Task<List<string>> FieldsAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        return [.. (await response.Content.ReadFromJsonAsync<ValidationProblemDetails>(JsonSerializerOptions.Web))!.Errors.Keys];
    }

    [Fact]
    public async Task The_village_team_and_the_official_register_within_their_scope_and_read_only_it()
    {
        var team = await TeamAsync(0, 0);
        var created = await team.PostAsJsonAsync("/api/safety/accidents", Accident(0, 0));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var accident = await created.Content.ReadFromJsonAsync<JsonElement>(JsonSerializerOptions.Web);
        Assert.Equal(("生产安全事故", "一般事故", _city.Place(0, 0).Name, 1), (accident.GetProperty("typeName").GetString(), accident.GetProperty("severityName").GetString(), accident.GetProperty("place").GetString(), accident.GetProperty("injuries").GetInt32()));

        Assert.Equal(HttpStatusCode.Forbidden, (await team.PostAsJsonAsync("/api/safety/accidents", Accident(0, 1))).StatusCode);
        var official = await OfficialAsync(0);
        var @case = await official.PostAsJsonAsync("/api/safety/cases", new { placeId = _city.Place(0, 1).Id, type = "publicSecurity", occurredAt = RankingHarness.Cst(2026, 11, 8, 21), summary = "村民聚众斗殴，影响恶劣" });
        Assert.Equal(HttpStatusCode.Created, @case.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await official.PostAsJsonAsync("/api/safety/accidents", Accident(1, 0))).StatusCode);
        var staff = await _host.SignInAsync(Roles.WindowStaff, "hall/1/window/1");
        Assert.Equal(HttpStatusCode.Forbidden, (await staff.PostAsJsonAsync("/api/safety/accidents", Accident(0, 0))).StatusCode);

        var ownCases = await official.GetFromJsonAsync<JsonElement>($"/api/safety/cases?month=2026-11&townshipId={_city.Townships[0].Id}", JsonSerializerOptions.Web);
        Assert.Equal((1, "重大治安案件"), (ownCases.GetProperty("total").GetInt32(), ownCases.GetProperty("items")[0].GetProperty("typeName").GetString()));
        Assert.Equal(1, (await official.GetFromJsonAsync<JsonElement>("/api/safety/accidents", JsonSerializerOptions.Web)).GetProperty("total").GetInt32());
        Assert.Equal(0, (await (await OfficialAsync(1)).GetFromJsonAsync<JsonElement>("/api/safety/accidents", JsonSerializerOptions.Web)).GetProperty("total").GetInt32());
        Assert.Equal(0, (await team.GetFromJsonAsync<JsonElement>("/api/safety/cases", JsonSerializerOptions.Web)).GetProperty("total").GetInt32());
        Assert.Equal(HttpStatusCode.NotFound, (await (await OfficialAsync(1)).GetAsync($"/api/safety/accidents/{accident.GetProperty("id").GetGuid()}")).StatusCode);
    }

    [Fact]
    public async Task Three_zero_status_counts_a_skip_level_petition_an_accident_and_a_case_in_their_month()
    {
        var official = await OfficialAsync(1);
        var skipLevel = await official.PostAsJsonAsync("/api/disputes", new
        {
            kind = "petition",
            category = "landUse",
            source = "townshipDirect",
            placeId = _city.Place(1, 0).Id,
            summary = "宅基地确权争议，信访人直接到镇上访",
            parties = new[] { new { name = "王大爷", phone = "13812345678", idNumber = TestPeople.IdNumber(77), email = (string?)null } },
        });
        Assert.Equal(HttpStatusCode.Created, skipLevel.StatusCode);

        var status = await official.GetFromJsonAsync<JsonElement>($"/api/safety/three-zeros?townshipId={_city.Townships[1].Id}&month=2026-11", JsonSerializerOptions.Web);
        var place = status.GetProperty("items")[0];
        Assert.Equal((false, true, true, false), (place.GetProperty("zeroPetitions").GetBoolean(), place.GetProperty("zeroAccidents").GetBoolean(), place.GetProperty("zeroCases").GetBoolean(), place.GetProperty("threeZeros").GetBoolean()));
        var october = await official.GetFromJsonAsync<JsonElement>($"/api/safety/three-zeros?townshipId={_city.Townships[1].Id}&month=2026-10", JsonSerializerOptions.Web);
        Assert.True(october.GetProperty("items")[0].GetProperty("threeZeros").GetBoolean());
        Assert.Equal(HttpStatusCode.Forbidden, (await official.GetAsync($"/api/safety/three-zeros?townshipId={_city.Townships[0].Id}&month=2026-11")).StatusCode);
        Assert.Equal(["month"], await FieldsAsync(await official.GetAsync($"/api/safety/three-zeros?townshipId={_city.Townships[1].Id}&month=2026-13")));
    }

    [Fact]
    public async Task Bad_input_gets_a_problem_naming_the_field_and_nothing_is_stored()
    {
        var official = await OfficialAsync(0);
        await using var db = database.CreateContext();
        var before = await db.Set<Incident>().CountAsync();

        Assert.Equal(["severity"], await FieldsAsync(await official.PostAsJsonAsync("/api/safety/accidents", Accident(0, 0, severity: "general", deaths: 3))));
        Assert.Equal(["occurredAt"], await FieldsAsync(await official.PostAsJsonAsync("/api/safety/accidents", Accident(0, 0, at: Now.AddHours(1)))));
        Assert.Equal(["occurredAt"], await FieldsAsync(await official.PostAsJsonAsync("/api/safety/accidents", Accident(0, 0, at: Now.AddDays(-91)))));
        Assert.Equal(["type"], await FieldsAsync(await official.PostAsJsonAsync("/api/safety/accidents", Accident(0, 0, type: "criminal"))));
        Assert.Equal(["type"], await FieldsAsync(await official.PostAsJsonAsync("/api/safety/accidents", Accident(0, 0, type: "earthquake"))));
        Assert.Equal(["injuries"], await FieldsAsync(await official.PostAsJsonAsync("/api/safety/accidents", Accident(0, 0, injuries: -1))));
        Assert.Equal(["placeId"], await FieldsAsync(await official.PostAsJsonAsync("/api/safety/cases", new { placeId = int.MaxValue, type = "criminal", occurredAt = Now.AddDays(-1), summary = "盗窃" })));
        Assert.Equal(["summary"], await FieldsAsync(await official.PostAsJsonAsync("/api/safety/cases", new { placeId = _city.Place(0, 0).Id, type = "criminal", occurredAt = Now.AddDays(-1), summary = new string('盗', 1001) })));
        Assert.Equal(["month"], await FieldsAsync(await official.GetAsync("/api/safety/accidents?month=2026-1")));

        Assert.Equal(before, await db.Set<Incident>().CountAsync());
    }
}
