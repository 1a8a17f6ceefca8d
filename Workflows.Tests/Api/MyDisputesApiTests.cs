using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Governance.Workflows.SafetyCampaign.Disputes;
using Governance.Workflows.Tests.Infrastructure;
using Governance.Workflows.Tests.SafetyCampaign;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;

namespace Governance.Workflows.Tests.Api;

/// <summary>A database of its own for this class's Hosts.</summary>
public sealed class MyDisputesApiDatabase() : TestDatabase("api_my_disputes");

/// <summary>群众网上反映 over HTTP: a citizen reports their own matter at the village and follows it; nobody else's.</summary>
public sealed class MyDisputesApiTests(MyDisputesApiDatabase database) : IClassFixture<MyDisputesApiDatabase>, IAsyncLifetime
{
    private GovernanceHost _host = null!;
    private TestTownship _town = null!;

    public async ValueTask InitializeAsync()
    {
        _host = new GovernanceHost(database, new FakeTimeProvider(new DateTimeOffset(2026, 11, 9, 9, 0, 0, TimeSpan.FromHours(8)).ToUniversalTime()));
        _town = await TestTownship.CreateAsync(database);
    }

    public async ValueTask DisposeAsync() => await _host.DisposeAsync();

    private object Report(string phone = "13812345678", string source = "townshipDirect") => new
    {
        kind = "dispute",
        category = "neighbourhood",
        source,
        placeId = _town.Village.Id,
        summary = "邻居建房占用通道",
        parties = new[] { new { name = "张三", phone, idNumber = (string?)null, email = (string?)null } },
    };

    [Fact]
    public async Task A_citizen_reports_at_the_village_follows_it_and_sees_only_their_own()
    {
        var citizen = await _host.SignInAsync(Roles.Citizen, "");

        // Whatever source the body names, a citizen's report is 群众网上反映: no self-declared 越级.
        var created = await citizen.PostAsJsonAsync("/api/my/disputes", Report());

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        var view = await citizen.GetFromJsonAsync<JsonElement>($"/api/my/disputes/{id}");
        Assert.Equal(DisputeWorkflow.AtVillage, view.GetProperty("state").GetString());
        Assert.Equal("online", view.GetProperty("source").GetString());
        Assert.False(view.GetProperty("skipLevel").GetBoolean());
        Assert.Equal("138****5678", view.GetProperty("parties")[0].GetProperty("phone").GetString());
        Assert.Equal(1, (await citizen.GetFromJsonAsync<JsonElement>("/api/my/disputes")).GetProperty("total").GetInt32());

        var someoneElse = await _host.SignInAsync(Roles.Citizen, "");
        Assert.Equal(HttpStatusCode.NotFound, (await someoneElse.GetAsync($"/api/my/disputes/{id}")).StatusCode);
        Assert.Equal(0, (await someoneElse.GetFromJsonAsync<JsonElement>("/api/my/disputes")).GetProperty("total").GetInt32());

        // The village team has it on its desk, worked like a walk-in.
        var team = await _host.SignInAsync(Roles.VillageTeam, _town.VillageTeam.Scope);
        Assert.Equal(DisputeWorkflow.AtVillage, (await team.GetFromJsonAsync<JsonElement>($"/api/disputes/{id}")).GetProperty("state").GetString());
    }

    [Fact]
    public async Task A_bad_report_names_its_field_and_stores_nothing()
    {
        var citizen = await _host.SignInAsync(Roles.Citizen, "");
        await using var db = database.CreateContext();
        var before = await db.Set<Dispute>().CountAsync();

        var response = await citizen.PostAsJsonAsync("/api/my/disputes", Report(phone: "12345"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.Equal(["parties[0].phone"], errors.EnumerateObject().Select(e => e.Name));
        Assert.Equal(before, await db.Set<Dispute>().CountAsync());
    }
}
