using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Governance.Workflows.SafetyCampaign.Organisation;
using Governance.Workflows.Tests.Infrastructure;
using Governance.Workflows.Tests.SafetyCampaign;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;

namespace Governance.Workflows.Tests.Api;

/// <summary>A database of its own for these in-process Hosts: their timer pumps run all the time.</summary>
public sealed class DisputesApiDatabase() : TestDatabase("api_sanling");

/// <summary>三零 over HTTP, end to end: API → PostgreSQL → outbox → Hangfire → MailKit → SMTP server (maildev).</summary>
public sealed class DisputesApiTests(DisputesApiDatabase database) : IClassFixture<DisputesApiDatabase>, IAsyncLifetime
{
    private GovernanceHost _host = null!;
    private TestTownship _t = null!;

    public async ValueTask InitializeAsync()
    {
        _host = new GovernanceHost(database, new FakeTimeProvider(SanlingHarness.MondayMorning.ToUniversalTime()));
        _t = await TestTownship.CreateAsync(database);
    }

    public async ValueTask DisposeAsync() => await _host.DisposeAsync();

    private object Registration(string source = "walkIn", string phone = SanlingHarness.Phone, string kind = "dispute") => new
    {
        kind,
        category = "neighbourhood",
        source,
        placeId = _t.Village.Id,
        summary = "宅前排水沟堵塞，两户因排水发生争执",
        parties = new[] { new { name = "王大爷", phone, idNumber = SanlingHarness.IdNumber, email = (string?)null } },
    };

    private Task<HttpClient> VillageTeamAsync() => _host.SignInAsync(Roles.VillageTeam, Place.OrgUnitOf(_t.Township.Id, _t.Village.Id));

    private Task<HttpClient> OfficialAsync(TestTownship? of = null) => _host.SignInAsync(Roles.TownshipOfficial, (of ?? _t).Scope);

    private static async Task<Guid> CreatedIdAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    [Fact]
    public async Task A_skip_level_registration_emails_the_official_and_is_in_their_alerts_and_no_one_elses()
    {
        var official = await OfficialAsync();
        var stranger = await OfficialAsync(await TestTownship.CreateAsync(database));
        var team = await VillageTeamAsync();

        Assert.Equal(HttpStatusCode.Forbidden, (await team.PostAsJsonAsync("/api/disputes", Registration("townshipDirect"))).StatusCode);
        var id = await CreatedIdAsync(await official.PostAsJsonAsync("/api/disputes", Registration("townshipDirect")));

        var mail = Assert.Single(await Mailbox.WaitForAsync(_t.OfficialEmail));
        Assert.Equal("【三零·越级】郭丰楼村矛盾纠纷越级到镇（乡、街道）", mail.Subject);
        Assert.DoesNotContain(SanlingHarness.Phone, mail.Text, StringComparison.Ordinal);
        var alerts = await official.GetFromJsonAsync<JsonElement>("/api/safety/alerts");
        var alert = Assert.Single(alerts.EnumerateArray());
        Assert.Equal(("skipLevel", id), (alert.GetProperty("kind").GetString(), alert.GetProperty("disputeId").GetGuid()));
        Assert.Empty((await stranger.GetFromJsonAsync<JsonElement>($"/api/safety/alerts?townshipId={_t.Township.Id}")).EnumerateArray());
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync($"/api/disputes/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await team.GetAsync("/api/safety/alerts")).StatusCode);
    }

    [Fact]
    public async Task Escalation_yellow_and_red_reach_the_official_by_email()
    {
        var team = await VillageTeamAsync();
        var official = await OfficialAsync();
        var id = await CreatedIdAsync(await team.PostAsJsonAsync("/api/disputes", Registration()));

        _host.Clock.SetUtcNow(new DateTimeOffset(2026, 11, 16, 10, 0, 1, TimeSpan.FromHours(8)).ToUniversalTime());

        var mail = await Mailbox.WaitForAsync(_t.OfficialEmail, 3);
        Assert.Equal(
            ["【三零·上报】郭丰楼村邻里纠纷已由村（社区）上报至镇（乡、街道）", "【三零·红色预警】郭丰楼村邻里纠纷“村级化解中”已超期", "【三零·黄色预警】郭丰楼村邻里纠纷“村级化解中”即将到期"],
            mail.Select(m => m.Subject).Order(StringComparer.Ordinal));
        var view = await official.GetFromJsonAsync<JsonElement>($"/api/disputes/{id}");
        Assert.Equal(("AtTownship", "township"), (view.GetProperty("state").GetString(), view.GetProperty("level").GetString()));
        var escalate = await official.PostAsJsonAsync($"/api/disputes/{id}/escalate", new { reason = "", expectedVersion = view.GetProperty("version").GetInt32() });
        Assert.Equal(HttpStatusCode.BadRequest, escalate.StatusCode);
        Assert.Equal(["reason"], (await escalate.Content.ReadFromJsonAsync<ValidationProblemDetails>())!.Errors.Keys);
    }

    [Fact]
    public async Task Bad_input_gets_a_problem_naming_the_fields_and_nothing_is_stored()
    {
        var team = await VillageTeamAsync();

        var invalid = await team.PostAsJsonAsync("/api/disputes", Registration(phone: "12345"));
        var malformed = await team.PostAsJsonAsync("/api/disputes", Registration(kind: "robot"));

        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        Assert.Equal("application/problem+json", invalid.Content.Headers.ContentType!.MediaType);
        Assert.Equal(["parties[0].phone"], (await invalid.Content.ReadFromJsonAsync<ValidationProblemDetails>())!.Errors.Keys);
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        Assert.Contains("kind", (await malformed.Content.ReadFromJsonAsync<ValidationProblemDetails>())!.Errors.Keys);
        await using var db = database.CreateContext();
        Assert.False(await db.Set<Workflows.SafetyCampaign.Disputes.Dispute>().AnyAsync(d => d.TownshipId == _t.Township.Id));
    }

    [Fact]
    public async Task A_joint_handling_is_refused_in_Chinese_naming_the_field_and_each_department_reports_only_its_own_part()
    {
        var team = await VillageTeamAsync();
        var official = await OfficialAsync();
        var id = await CreatedIdAsync(await team.PostAsJsonAsync("/api/disputes", Registration()));
        Assert.Equal(HttpStatusCode.OK, (await team.PostAsJsonAsync($"/api/disputes/{id}/escalate", new { reason = "须两个部门办理", expectedVersion = 1 })).StatusCode);
        var other = await TestTownship.CreateAsync(database);

        var twice = await official.PostAsJsonAsync($"/api/disputes/{id}/refer-joint", new { leadDepartmentId = _t.Department.Id, assistingDepartmentIds = new[] { _t.Department.Id }, reason = "联合办理", expectedVersion = 2 });
        Assert.Equal(HttpStatusCode.BadRequest, twice.StatusCode);
        Assert.Equal(["主办部门不能同时为协办部门"], (await twice.Content.ReadFromJsonAsync<ValidationProblemDetails>())!.Errors["assistingDepartmentIds"]);
        var referred = await official.PostAsJsonAsync($"/api/disputes/{id}/refer-joint", new { leadDepartmentId = _t.Department.Id, assistingDepartmentIds = new[] { other.Department.Id }, reason = "联合办理", expectedVersion = 2 });
        Assert.Equal(HttpStatusCode.OK, referred.StatusCode);

        var parts = (await official.GetFromJsonAsync<JsonElement>($"/api/disputes/{id}/joint")).EnumerateArray().ToList();
        Assert.Equal(["主办", "协办"], parts.Select(p => p.GetProperty("role").GetString()));
        var assisting = await _host.SignInAsync(Roles.Department, Department.OrgUnitOf(other.Department.Id));
        var own = Assert.Single((await assisting.GetFromJsonAsync<JsonElement>($"/api/disputes/{id}/joint")).EnumerateArray());
        Assert.Equal(parts[1].GetProperty("id").GetGuid(), own.GetProperty("id").GetGuid());
        var leadPart = parts[0].GetProperty("id").GetGuid();
        Assert.Equal(HttpStatusCode.NotFound, (await assisting.PostAsJsonAsync($"/api/disputes/joint/{leadPart}/finish", new { note = "越权", expectedVersion = 0 })).StatusCode);
        var noNote = await assisting.PostAsJsonAsync($"/api/disputes/joint/{own.GetProperty("id").GetGuid()}/finish", new { note = " ", expectedVersion = 0 });
        Assert.Equal(["note"], (await noNote.Content.ReadFromJsonAsync<ValidationProblemDetails>())!.Errors.Keys);
        Assert.Equal(HttpStatusCode.OK, (await assisting.PostAsJsonAsync($"/api/disputes/joint/{own.GetProperty("id").GetGuid()}/finish", new { note = "已完成鉴定", expectedVersion = 0 })).StatusCode);
    }

    [Fact]
    public async Task Numbers_are_masked_for_all_the_village_team_reveals_one_on_record_the_official_may_not_and_a_stranger_sees_nothing()
    {
        var team = await VillageTeamAsync();
        var official = await OfficialAsync();
        var department = await _host.SignInAsync(Roles.Department, Department.OrgUnitOf(_t.Department.Id));
        var id = await CreatedIdAsync(await team.PostAsJsonAsync("/api/disputes", Registration()));

        foreach (var reader in new[] { team, official })
        {
            var party = (await reader.GetFromJsonAsync<JsonElement>($"/api/disputes/{id}")).GetProperty("parties")[0];
            Assert.Equal(("138****5678", "4127**********1237"), (party.GetProperty("phone").GetString(), party.GetProperty("idNumber").GetString()));
        }

        var revealed = await team.PostAsJsonAsync($"/api/disputes/{id}/parties/0/reveal", new { field = "idNumber" });
        Assert.Equal(SanlingHarness.IdNumber, (await revealed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("value").GetString());
        Assert.Equal(HttpStatusCode.Forbidden, (await official.PostAsJsonAsync($"/api/disputes/{id}/parties/0/reveal", new { field = "phone" })).StatusCode);
        await using (var db = database.CreateContext())
        {
            var reveal = await db.Set<Workflows.Privacy.PersonalDataReveal>().SingleAsync(r => r.SubjectId == id);
            Assert.Equal((Workflows.Privacy.RevealSubject.Dispute, (int?)0, Workflows.Privacy.PersonalField.IdNumber, Roles.VillageTeam), (reveal.Subject, reveal.Party, reveal.Field, reveal.ActorRole));
        }

        Assert.Equal(HttpStatusCode.NotFound, (await department.GetAsync($"/api/disputes/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await department.PostAsJsonAsync($"/api/disputes/{id}/resolve", new { resolution = "越权", expectedVersion = 0 })).StatusCode);
        var list = await official.GetFromJsonAsync<JsonElement>("/api/disputes");
        Assert.Equal((1, 1), (list.GetProperty("total").GetInt32(), list.GetProperty("open").GetInt32()));
    }

    [Fact]
    public async Task The_official_exports_their_township_month_as_csv_and_no_other()
    {
        var team = await VillageTeamAsync();
        var official = await OfficialAsync();
        var stranger = await OfficialAsync(await TestTownship.CreateAsync(database));
        await CreatedIdAsync(await team.PostAsJsonAsync("/api/disputes", Registration()));

        var csv = await official.GetAsync($"/api/safety/townships/{_t.Township.Id}/ledger.csv?month=2026-11");
        var bad = await official.GetAsync($"/api/safety/townships/{_t.Township.Id}/ledger.csv?month=11-2026");

        Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
        Assert.Equal("text/csv", csv.Content.Headers.ContentType!.MediaType);
        var bytes = await csv.Content.ReadAsByteArrayAsync();
        Assert.Equal(Encoding.UTF8.GetPreamble(), bytes[..3]);
        Assert.StartsWith("时间,事项编号,类型,类别", Encoding.UTF8.GetString(bytes[3..]), StringComparison.Ordinal);
        Assert.Equal(3, Encoding.UTF8.GetString(bytes).Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal(["month"], (await bad.Content.ReadFromJsonAsync<ValidationProblemDetails>())!.Errors.Keys);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync($"/api/safety/townships/{_t.Township.Id}/ledger.csv?month=2026-11")).StatusCode);
    }

    [Fact]
    public async Task The_organisation_the_openapi_document_and_the_diagram_show_the_feature()
    {
        var official = await OfficialAsync();

        var townships = await official.GetFromJsonAsync<JsonElement>("/api/safety/townships");
        var places = await official.GetFromJsonAsync<JsonElement>($"/api/safety/townships/{_t.Township.Id}/places");
        var openApi = await _host.CreateClient().GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        var diagram = await official.GetStringAsync("/api/workflows/definitions/sanling-dispute/diagram?current=AtTownship");

        var mine = townships.EnumerateArray().Single(t => t.GetProperty("id").GetInt32() == _t.Township.Id);
        Assert.Equal((2, 1), (mine.GetProperty("villages").GetInt32(), mine.GetProperty("firstSecretaries").GetInt32()));
        Assert.Equal(["policeOfficer", "mediator", "militiaCompany", "firstSecretary"], places[0].GetProperty("roster").EnumerateArray().Select(m => m.GetProperty("role").GetString()));
        Assert.True(openApi.GetProperty("paths").TryGetProperty("/api/disputes/{id}/follow-up", out _));
        Assert.True(openApi.GetProperty("paths").TryGetProperty("/api/safety/townships/{id}/ledger.csv", out _));
        Assert.Contains("class AtTownship current", diagram, StringComparison.Ordinal);
    }
}
