using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Governance.Engine.Runtime;
using Governance.Workflows.SafetyCampaign.Disputes;
using Governance.Workflows.Tests.Infrastructure;
using Governance.Workflows.Tests.SafetyCampaign;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;

namespace Governance.Workflows.Tests.Api;

/// <summary>A database of its own: a migration moves every running instance of a version, whoever's test made it.</summary>
public sealed class AdminWorkflowsDatabase() : TestDatabase("api_migration");

/// <summary>系统管理·流程版本 over HTTP: counts per version and state, the administrator's migration of running disputes from v1 to v2, and the page that draws a matter's own version.</summary>
public sealed partial class AdminWorkflowsApiTests(AdminWorkflowsDatabase database) : IClassFixture<AdminWorkflowsDatabase>, IAsyncLifetime
{
    private static readonly CancellationToken Ct = CancellationToken.None;

    private GovernanceHost _host = null!;
    private TestTownship _t = null!;

    public async ValueTask InitializeAsync()
    {
        _host = new GovernanceHost(database, new FakeTimeProvider(SanlingHarness.MondayMorning.ToUniversalTime()));
        _t = await TestTownship.CreateAsync(database);
    }

    public async ValueTask DisposeAsync() => await _host.DisposeAsync();

    /// <summary>A matter at the township, registered before version 2 shipped: it runs on version 1, which has no 按程序转交.</summary>
    private async Task<Guid> AtTownshipOnVersion1Async()
    {
        var h = new SanlingHarness(database);
        var registered = await h.RegisterAsync(_t);
        await h.Escalate.HandleAsync(new EscalateDispute(registered.Id, "邻里纠纷涉及宅基地，村级无权处理", database.VersionOf(registered.Id)), _t.VillageTeam, Ct);
        await using var db = database.CreateContext();
        await db.Database.ExecuteSqlAsync($"UPDATE wf.instances SET definition_version = 1 WHERE id = {registered.Id}", Ct);
        return registered.Id;
    }

    private Task<HttpClient> AdminAsync() => _host.SignInAsync(Roles.Admin, "");

    private static async Task<Dictionary<string, string>> RunningStatesAsync(HttpClient admin)
    {
        var versions = await admin.GetFromJsonAsync<JsonElement>("/api/admin/workflows", Ct);
        var v1 = versions.EnumerateArray().Single(v => v.GetProperty("name").GetString() == DisputeWorkflow.Name && v.GetProperty("version").GetInt32() == 1);
        return v1.GetProperty("states").EnumerateArray().Where(s => s.GetProperty("running").GetInt32() > 0)
            .Select(s => s.GetProperty("state").GetString()!).ToDictionary(s => s, s => s);
    }

    private object Referral(Guid id) => new { departmentId = _t.Department.Id, reason = "事权在市直部门，按程序转交", expectedVersion = database.VersionOf(id) };

    [Fact]
    public async Task Disputes_moved_from_v1_to_v2_may_then_be_referred_and_each_move_is_ledgered()
    {
        var id = await AtTownshipOnVersion1Async();
        var admin = await AdminAsync();
        var official = await _host.SignInAsync(Roles.TownshipOfficial, _t.Scope);

        var refused = await official.PostAsJsonAsync($"/api/disputes/{id}/refer", Referral(id), Ct);
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);

        var versions = await admin.GetFromJsonAsync<JsonElement>("/api/admin/workflows", Ct);
        var v1 = versions.EnumerateArray().Single(v => v.GetProperty("name").GetString() == DisputeWorkflow.Name && v.GetProperty("version").GetInt32() == 1);
        var atTownship = v1.GetProperty("states").EnumerateArray().Single(s => s.GetProperty("state").GetString() == DisputeWorkflow.AtTownship);
        Assert.Equal(("镇级化解中", false), (atTownship.GetProperty("displayName").GetString(), v1.GetProperty("isLatest").GetBoolean()));
        Assert.True(atTownship.GetProperty("running").GetInt32() >= 1);

        var map = await RunningStatesAsync(admin);
        var migrated = await admin.PostAsJsonAsync($"/api/admin/workflows/{DisputeWorkflow.Name}/migrations", new { fromVersion = 1, toVersion = 2, stateMap = map, reason = "启用按程序转交" }, Ct);
        Assert.Equal(HttpStatusCode.OK, migrated.StatusCode);
        var result = await migrated.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.True(result.GetProperty("byState").GetProperty(DisputeWorkflow.AtTownship).GetInt32() >= 1);
        Assert.Empty(await RunningStatesAsync(admin));

        await using (var db = database.CreateContext())
        {
            var instance = await db.Instances.AsNoTracking().SingleAsync(i => i.Id == id, Ct);
            Assert.Equal((2, DisputeWorkflow.AtTownship), (instance.DefinitionVersion, instance.State));
            var line = await db.Ledger.AsNoTracking().SingleAsync(l => l.InstanceId == id && l.Kind == LedgerKind.Migrated, Ct);
            Assert.Equal(("由版本 1 迁移至版本 2：启用按程序转交", Roles.Admin, DisputeWorkflow.AtTownship), (line.Reason, line.ActorRole, line.ToState));
        }

        var referred = await official.PostAsJsonAsync($"/api/disputes/{id}/refer", Referral(id), Ct);
        Assert.Equal(HttpStatusCode.OK, referred.StatusCode);
        Assert.Equal(DisputeWorkflow.AtDepartment, (await referred.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("state").GetString());
    }

    [Fact]
    public async Task A_bad_mapping_is_a_Chinese_400_naming_the_field_and_moves_nothing()
    {
        var id = await AtTownshipOnVersion1Async();
        var admin = await AdminAsync();
        var before = database.VersionOf(id);

        var response = await admin.PostAsJsonAsync(
            $"/api/admin/workflows/{DisputeWorkflow.Name}/migrations",
            new { fromVersion = 1, toVersion = 2, stateMap = new Dictionary<string, string> { [DisputeWorkflow.AtTownship] = "Nowhere" }, reason = "启用按程序转交" },
            Ct);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = (await response.Content.ReadFromJsonAsync<ValidationProblemDetails>(Ct))!;
        Assert.Equal(["版本 2 没有状态“Nowhere”"], problem.Errors[$"stateMap.{DisputeWorkflow.AtTownship}"]);

        var unmapped = await admin.PostAsJsonAsync(
            $"/api/admin/workflows/{DisputeWorkflow.Name}/migrations", new { fromVersion = 1, toVersion = 2, stateMap = new Dictionary<string, string>(), reason = " " }, Ct);
        var missing = (await unmapped.Content.ReadFromJsonAsync<ValidationProblemDetails>(Ct))!;
        Assert.StartsWith("以下状态尚有运行中的事项，须指定迁移到的状态：", Assert.Single(missing.Errors["stateMap"]), StringComparison.Ordinal);
        Assert.Equal(["必填"], missing.Errors["reason"]);

        var same = await admin.PostAsJsonAsync(
            $"/api/admin/workflows/{DisputeWorkflow.Name}/migrations", new { fromVersion = 1, toVersion = 1, stateMap = await RunningStatesAsync(admin), reason = "试一下" }, Ct);
        Assert.Equal(["目标版本不能与原版本相同"], (await same.Content.ReadFromJsonAsync<ValidationProblemDetails>(Ct))!.Errors["toVersion"]);

        await using var db = database.CreateContext();
        var instance = await db.Instances.AsNoTracking().SingleAsync(i => i.Id == id, Ct);
        Assert.Equal((1, before), (instance.DefinitionVersion, instance.Version));
        Assert.False(await db.Ledger.AnyAsync(l => l.Kind == LedgerKind.Migrated && l.InstanceId == id, Ct));
    }

    [Fact]
    public async Task Only_the_administrator_sees_versions_or_migrates_and_an_unknown_workflow_is_not_found()
    {
        var official = await _host.SignInAsync(Roles.TownshipOfficial, _t.Scope);
        Assert.Equal(HttpStatusCode.Forbidden, (await official.GetAsync("/api/admin/workflows", Ct)).StatusCode);
        var body = new { fromVersion = 1, toVersion = 2, stateMap = new Dictionary<string, string>(), reason = "越权" };
        Assert.Equal(HttpStatusCode.Forbidden, (await official.PostAsJsonAsync($"/api/admin/workflows/{DisputeWorkflow.Name}/migrations", body, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await (await AdminAsync()).PostAsJsonAsync("/api/admin/workflows/no-such-workflow/migrations", body, Ct)).StatusCode);
    }

    [Fact]
    public async Task A_v1_disputes_page_draws_v1_without_the_referral_and_the_version_diagram_api_serves_each_version()
    {
        var id = await AtTownshipOnVersion1Async();
        var (email, password) = await _host.CreateUserAsync(Roles.TownshipOfficial, _t.Scope);
        var official = _host.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        (await official.PostAsJsonAsync("/auth/login?useCookies=true", new { email, password }, Ct)).EnsureSuccessStatusCode();

        var html = await official.GetStringAsync($"/sanling/disputes/{id}", Ct);
        Assert.Contains("AtTownship --&gt; WithProxy", html, StringComparison.Ordinal);
        Assert.DoesNotContain("AtTownship --&gt; AtDepartment", html, StringComparison.Ordinal);

        var v1 = await official.GetStringAsync($"/api/workflows/definitions/{DisputeWorkflow.Name}/versions/1/diagram", Ct);
        var v2 = await official.GetStringAsync($"/api/workflows/definitions/{DisputeWorkflow.Name}/versions/2/diagram", Ct);
        Assert.DoesNotContain("AtTownship --> AtDepartment", v1, StringComparison.Ordinal);
        Assert.Contains("AtTownship --> AtDepartment : 事权在市直部门，按程序转交", v2, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await official.GetAsync($"/api/workflows/definitions/{DisputeWorkflow.Name}/versions/9/diagram", Ct)).StatusCode);
    }

    [Fact]
    public async Task The_administrators_page_lists_versions_and_migrates_by_its_form()
    {
        var id = await AtTownshipOnVersion1Async();
        var (email, password) = await _host.CreateUserAsync(Roles.Admin, "");
        var admin = _host.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        (await admin.PostAsJsonAsync("/auth/login?useCookies=true", new { email, password }, Ct)).EnsureSuccessStatusCode();

        var page = await admin.GetStringAsync("/admin/workflows", Ct);
        Assert.Contains("<h2>矛盾纠纷与信访（三零） <span class=\"hint\">sanling-dispute</span></h2>", page, StringComparison.Ordinal);
        Assert.Contains("id=\"migrate-sanling-dispute-v1\"", page, StringComparison.Ordinal);
        var token = Antiforgery().Match(page).Groups[1].Value;
        var states = await RunningStatesAsync(await AdminAsync());

        FormUrlEncodedContent Form(string target, string reason) => new([
            new("__RequestVerificationToken", token), new("name", DisputeWorkflow.Name), new("fromVersion", "1"), new("toVersion", "2"), new("reason", reason),
            .. states.Keys.Select(s => new KeyValuePair<string, string>($"map[{s}]", s == DisputeWorkflow.AtTownship ? target : s)),
        ]);

        var refused = await admin.PostAsync("/admin/workflows", Form("Nowhere", "启用按程序转交"), Ct);
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("版本 2 没有状态“Nowhere”", await refused.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Equal(1, (await InstanceAsync(id)).DefinitionVersion);

        var moved = await admin.PostAsync("/admin/workflows", Form(DisputeWorkflow.AtTownship, "启用按程序转交"), Ct);
        Assert.Equal(HttpStatusCode.Redirect, moved.StatusCode);
        Assert.Equal(2, (await InstanceAsync(id)).DefinitionVersion);
        Assert.DoesNotContain("id=\"migrate-sanling-dispute-v1\"", await admin.GetStringAsync("/admin/workflows", Ct), StringComparison.Ordinal);
    }

    private async Task<WorkflowInstance> InstanceAsync(Guid id)
    {
        await using var db = database.CreateContext();
        return await db.Instances.AsNoTracking().SingleAsync(i => i.Id == id, Ct);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex Antiforgery();
}
