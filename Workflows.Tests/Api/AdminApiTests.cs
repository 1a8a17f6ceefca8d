using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Governance.Workflows.SafetyCampaign.Organisation;
using Governance.Workflows.ServiceHall;
using Governance.Workflows.Tests.Infrastructure;
using Governance.Workflows.Tests.SafetyCampaign;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;

namespace Governance.Workflows.Tests.Api;

/// <summary>A database of its own: the Host's timer pump is not this class's business elsewhere.</summary>
public sealed class AdminApiDatabase() : TestDatabase("api_admin");

/// <summary>
/// The administrator keeps the organisation and the halls' catalogue over the API: each change is
/// read back as the pages and the use cases read it; bad input names its field and stores nothing;
/// no one else may change anything.
/// </summary>
public sealed class AdminApiTests(AdminApiDatabase database) : IClassFixture<AdminApiDatabase>, IAsyncLifetime
{
    private GovernanceHost _host = null!;
    private HttpClient _admin = null!;

    public async ValueTask InitializeAsync()
    {
        _host = new GovernanceHost(database, new FakeTimeProvider(RuntimeHarness.FridayMorning.ToUniversalTime()));
        _admin = await _host.SignInAsync(Roles.Admin, "");
    }

    public async ValueTask DisposeAsync() => await _host.DisposeAsync();

    /// <summary>The fields a 400 ProblemDetails names.</summary>
    private static async Task<string[]> FieldsAsync(Task<HttpResponseMessage> call)
    {
        var response = await call;
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        return [.. (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").EnumerateObject().Select(e => e.Name)];
    }

    private static async Task<int> IdAsync(Task<HttpResponseMessage> call)
    {
        var response = await call;
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();
    }

    private async Task<(int Townships, int Places, int Members, int Departments)> OrganisationCountsAsync()
    {
        await using var db = database.CreateContext();
        return (await db.Set<Township>().CountAsync(), await db.Set<Place>().CountAsync(), await db.Set<RosterMember>().CountAsync(), await db.Set<Department>().CountAsync());
    }

    private async Task<(int Hours, int Windows, int Items, int Mappings)> CatalogueCountsAsync(int hallId)
    {
        await using var db = database.CreateContext();
        return (
            await db.Set<OpeningHours>().CountAsync(h => h.HallId == hallId),
            await db.Set<ServiceWindow>().CountAsync(w => w.HallId == hallId),
            await db.Set<ServiceItem>().CountAsync(i => i.HallId == hallId),
            await db.Set<ServiceItem>().Where(i => i.HallId == hallId).SelectMany(i => i.Windows).CountAsync());
    }

    [Fact]
    public async Task The_administrator_adds_a_township_a_village_and_its_roster_then_takes_one_off()
    {
        var ct = TestContext.Current.CancellationToken;
        var cityId = (await TestTownship.CreateAsync(database)).Township.CityId;
        var tag = Guid.NewGuid().ToString("N")[..8];

        var townshipId = await IdAsync(_admin.PostAsJsonAsync("/api/admin/organisation/townships", new { cityId, code = $"nt-{tag}", name = $"新设镇{tag}", kind = "town" }, ct));
        var placeId = await IdAsync(_admin.PostAsJsonAsync($"/api/admin/organisation/townships/{townshipId}/places", new { code = $"nv-{tag}", name = "王明口村", kind = "village" }, ct));
        var mediatorId = await IdAsync(_admin.PostAsJsonAsync($"/api/admin/organisation/places/{placeId}/roster", new { role = "mediator", title = "调解员", name = "周调解" }, ct));
        await IdAsync(_admin.PostAsJsonAsync($"/api/admin/organisation/places/{placeId}/roster", new { role = "gridWorker", title = "网格员", name = "吴网格" }, ct));

        var places = await _admin.GetFromJsonAsync<JsonElement>($"/api/safety/townships/{townshipId}/places", ct);
        var village = Assert.Single(places.EnumerateArray());
        Assert.Equal("王明口村", village.GetProperty("name").GetString());
        Assert.Equal(["调解员 周调解", "网格员 吴网格"], village.GetProperty("roster").EnumerateArray().Select(m => $"{m.GetProperty("title").GetString()} {m.GetProperty("name").GetString()}"));
        var townships = await _admin.GetFromJsonAsync<JsonElement>("/api/safety/townships", ct);
        Assert.Equal(1, townships.EnumerateArray().Single(t => t.GetProperty("id").GetInt32() == townshipId).GetProperty("villages").GetInt32());

        Assert.Equal(HttpStatusCode.NoContent, (await _admin.DeleteAsync($"/api/admin/organisation/places/{placeId}/roster/{mediatorId}", ct)).StatusCode);
        places = await _admin.GetFromJsonAsync<JsonElement>($"/api/safety/townships/{townshipId}/places", ct);
        Assert.Equal(["吴网格"], places[0].GetProperty("roster").EnumerateArray().Select(m => m.GetProperty("name").GetString()));
    }

    [Fact]
    public async Task Bad_organisation_changes_name_their_field_and_store_nothing()
    {
        var ct = TestContext.Current.CancellationToken;
        var t = await TestTownship.CreateAsync(database);
        var before = await OrganisationCountsAsync();

        Assert.Equal(["name"], await FieldsAsync(_admin.PostAsJsonAsync("/api/admin/organisation/townships", new { cityId = t.Township.CityId, code = "nt-empty", name = " ", kind = "town" }, ct)));
        Assert.Equal(["code"], await FieldsAsync(_admin.PostAsJsonAsync("/api/admin/organisation/townships", new { cityId = t.Township.CityId, code = t.Township.Code, name = "另一个镇", kind = "xiang" }, ct)));
        Assert.Equal(["kind"], await FieldsAsync(_admin.PostAsJsonAsync("/api/admin/organisation/townships", new { cityId = t.Township.CityId, code = "nt-kind", name = "无类别镇", kind = "county" }, ct)));
        Assert.Equal(["name"], await FieldsAsync(_admin.PostAsJsonAsync($"/api/admin/organisation/townships/{t.Township.Id}/places", new { code = "nv-dup", name = "郭丰楼村", kind = "village" }, ct)));
        Assert.Equal(["townshipId"], await FieldsAsync(_admin.PostAsJsonAsync("/api/admin/organisation/townships/0/places", new { code = "nv-none", name = "无镇村", kind = "village" }, ct)));
        Assert.Equal(["role"], await FieldsAsync(_admin.PostAsJsonAsync($"/api/admin/organisation/places/{t.Village.Id}/roster", new { role = "mediator", title = "调解员", name = "第二个调解员" }, ct)));
        Assert.Equal(["name"], await FieldsAsync(_admin.PostAsJsonAsync($"/api/admin/organisation/places/{t.Village.Id}/roster", new { role = "lawyer", title = "律师" }, ct)));
        Assert.Equal(["memberId"], await FieldsAsync(_admin.DeleteAsync($"/api/admin/organisation/places/{t.Village.Id}/roster/0", ct)));
        Assert.Equal(["code"], await FieldsAsync(_admin.PostAsJsonAsync("/api/admin/organisation/departments", new { cityId = t.Township.CityId, code = "市 民政局", name = "市民政局" }, ct)));
        Assert.Equal(["name"], await FieldsAsync(_admin.PutAsJsonAsync($"/api/admin/organisation/departments/{t.Department.Id}/name", new { name = "" }, ct)));

        Assert.Equal(before, await OrganisationCountsAsync());
        var lead = await _host.SignInAsync(Roles.TownshipOfficial, t.Scope);
        Assert.Equal(HttpStatusCode.Forbidden, (await lead.PostAsJsonAsync($"/api/admin/organisation/places/{t.Village.Id}/roster", new { role = "lawyer", title = "律师", name = "冯律师" }, ct)).StatusCode);
        Assert.Equal(before, await OrganisationCountsAsync());
    }

    [Fact]
    public async Task The_administrator_adds_and_renames_a_department_and_keeps_its_office_email()
    {
        var ct = TestContext.Current.CancellationToken;
        var cityId = (await TestTownship.CreateAsync(database)).Township.CityId;
        var code = $"d-{Guid.NewGuid():N}"[..20];

        var id = await IdAsync(_admin.PostAsJsonAsync("/api/admin/organisation/departments", new { cityId, code, name = "市信访局" }, ct));
        var renamed = await _admin.PutAsJsonAsync($"/api/admin/organisation/departments/{id}/name", new { name = "市信访局（市群众来访接待中心）" }, ct);

        Assert.Equal(HttpStatusCode.OK, renamed.StatusCode);
        var departments = await _admin.GetFromJsonAsync<JsonElement>("/api/safety/departments", ct);
        Assert.Equal("市信访局（市群众来访接待中心）", departments.EnumerateArray().Single(d => d.GetProperty("id").GetInt32() == id).GetProperty("name").GetString());

        Assert.Equal(HttpStatusCode.OK, (await _admin.PutAsJsonAsync($"/api/admin/organisation/departments/{id}/email", new { email = " xfj@zhoukou.gov.cn " }, ct)).StatusCode);
        Assert.Equal(["email"], await FieldsAsync(_admin.PutAsJsonAsync($"/api/admin/organisation/departments/{id}/email", new { email = "信访局" }, ct)));
        Assert.Equal(["departmentId"], await FieldsAsync(_admin.PutAsJsonAsync("/api/admin/organisation/departments/0/email", new { email = "a@b.cn" }, ct)));
        Assert.Equal("xfj@zhoukou.gov.cn", await EmailOfAsync(id));
        Assert.Equal(HttpStatusCode.OK, (await _admin.PutAsJsonAsync($"/api/admin/organisation/departments/{id}/email", new { email = "" }, ct)).StatusCode);
        Assert.Null(await EmailOfAsync(id));

        // Every signed-in role reads the departments; the office address is the administrator's to see.
        Assert.DoesNotContain("email", departments.GetRawText(), StringComparison.OrdinalIgnoreCase);
    }

    private async Task<string?> EmailOfAsync(int departmentId)
    {
        await using var db = database.CreateContext();
        return await db.Set<Department>().Where(d => d.Id == departmentId).Select(d => d.Email).SingleAsync(TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task The_administrator_opens_a_hall_on_saturday_mornings_adds_a_window_and_an_item_and_maps_it()
    {
        var ct = TestContext.Current.CancellationToken;
        var hall = await TestHall.CreateAsync(database);
        var catalogue = new CatalogueQueries(database.Factory);

        var hours = await _admin.PutAsJsonAsync($"/api/admin/halls/{hall.Hall.Id}/hours", new { day = "saturday", intervals = new[] { new { opens = "09:00", closes = "12:00" } } }, ct);
        Assert.Equal(HttpStatusCode.OK, hours.StatusCode);
        var closedMonday = await _admin.PutAsJsonAsync($"/api/admin/halls/{hall.Hall.Id}/hours", new { day = "monday", intervals = Array.Empty<object>() }, ct);
        Assert.Equal(HttpStatusCode.OK, closedMonday.StatusCode);
        var windowId = await IdAsync(_admin.PostAsJsonAsync($"/api/admin/halls/{hall.Hall.Id}/windows", new { code = "c01", name = "公积金" }, ct));
        var itemId = await IdAsync(_admin.PostAsJsonAsync($"/api/admin/halls/{hall.Hall.Id}/items", new { code = "GJJ-TQ", name = "公积金提取", windowIds = new[] { windowId } }, ct));
        var mapped = await _admin.PutAsJsonAsync($"/api/admin/items/{itemId}/windows", new { windowIds = new[] { hall.Windows[0].Id, windowId } }, ct);
        Assert.Equal(HttpStatusCode.OK, mapped.StatusCode);
        var unmapped = await _admin.PutAsJsonAsync($"/api/admin/items/{itemId}/windows", new { windowIds = new[] { hall.Windows[0].Id } }, ct);
        Assert.Equal(HttpStatusCode.OK, unmapped.StatusCode);

        var details = (await catalogue.HallAsync(hall.Hall.Id, ct))!;
        Assert.Equal("09:00–12:00", Assert.Single(details.Hours.On(DayOfWeek.Saturday)).ToString());
        Assert.Empty(details.Hours.On(DayOfWeek.Monday));
        Assert.Equal(2, details.Hours.On(DayOfWeek.Tuesday).Count);
        Assert.Equal(["C01 公积金"], (await catalogue.WindowsAsync(hall.Hall.Id, ct)).Where(w => w.Id == windowId).Select(w => $"{w.Code} {w.Name}"));
        Assert.Equal(["A01 商品房合同备案"], details.Items.Single(i => i.Id == itemId).Windows);
    }

    [Fact]
    public async Task Bad_catalogue_changes_name_their_field_and_store_nothing()
    {
        var ct = TestContext.Current.CancellationToken;
        var hall = await TestHall.CreateAsync(database);
        var other = await TestHall.CreateAsync(database);
        var before = await CatalogueCountsAsync(hall.Hall.Id);
        var saturday = (object[] intervals) => _admin.PutAsJsonAsync($"/api/admin/halls/{hall.Hall.Id}/hours", new { day = "saturday", intervals }, ct);

        Assert.Equal(["intervals[0].closes"], await FieldsAsync(saturday([new { opens = "12:00", closes = "09:00" }])));
        Assert.Equal(["intervals"], await FieldsAsync(saturday([new { opens = "09:00", closes = "12:00" }, new { opens = "11:00", closes = "13:00" }])));
        Assert.Equal(["intervals[0].opens"], await FieldsAsync(saturday([new { closes = "12:00" }])));
        Assert.Equal(["day"], await FieldsAsync(_admin.PutAsJsonAsync($"/api/admin/halls/{hall.Hall.Id}/hours", new { intervals = Array.Empty<object>() }, ct)));
        Assert.Equal(["code"], await FieldsAsync(_admin.PostAsJsonAsync($"/api/admin/halls/{hall.Hall.Id}/windows", new { code = "A01", name = "重复窗口" }, ct)));
        Assert.Equal(["windowIds"], await FieldsAsync(_admin.PostAsJsonAsync($"/api/admin/halls/{hall.Hall.Id}/items", new { code = "X1", name = "他厅窗口", windowIds = new[] { other.Windows[0].Id } }, ct)));
        Assert.Equal(["windowIds"], await FieldsAsync(_admin.PostAsJsonAsync($"/api/admin/halls/{hall.Hall.Id}/items", new { code = "X2", name = "无窗口", windowIds = Array.Empty<int>() }, ct)));
        var itemId = await IdAsync(_admin.PostAsJsonAsync($"/api/admin/halls/{hall.Hall.Id}/items", new { code = "X3", name = "契税", windowIds = new[] { hall.Windows[2].Id } }, ct));
        var withItem = await CatalogueCountsAsync(hall.Hall.Id);
        Assert.Equal(["windowIds"], await FieldsAsync(_admin.PutAsJsonAsync($"/api/admin/items/{itemId}/windows", new { windowIds = Array.Empty<int>() }, ct)));
        Assert.Equal(["windowIds"], await FieldsAsync(_admin.PutAsJsonAsync($"/api/admin/items/{itemId}/windows", new { windowIds = new[] { hall.Windows[0].Id, other.Windows[0].Id } }, ct)));

        Assert.Equal(before with { Items = before.Items + 1, Mappings = before.Mappings + 1 }, withItem);
        Assert.Equal(withItem, await CatalogueCountsAsync(hall.Hall.Id));
        var lead = await _host.SignInAsync(Roles.HallLead, $"hall/{hall.Hall.Id}");
        Assert.Equal(HttpStatusCode.Forbidden, (await lead.PutAsJsonAsync($"/api/admin/halls/{hall.Hall.Id}/hours", new { day = "saturday", intervals = Array.Empty<object>() }, ct)).StatusCode);
        Assert.Equal(withItem, await CatalogueCountsAsync(hall.Hall.Id));
    }

    /// <summary>A problem's body without its traceId, which differs per request.</summary>
    private static async Task<JsonObject> ProblemAsync(HttpResponseMessage response)
    {
        var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken))!.AsObject();
        problem.Remove("traceId");
        return problem;
    }

    /// <summary>A guide as stored, as one text: its materials compared one by one.</summary>
    private async Task<string> StoredGuideAsync(int itemId)
    {
        await using var db = database.CreateContext();
        var guide = (await db.Set<ServiceItem>().SingleAsync(i => i.Id == itemId, TestContext.Current.CancellationToken)).Guide;
        return $"{guide.Location}|{string.Join('/', guide.Materials)}|{guide.Notes}|{guide.TimeLimit}";
    }

    [Fact]
    public async Task The_hall_lead_writes_an_items_guide_which_the_citizens_item_list_shows_with_its_windows()
    {
        var ct = TestContext.Current.CancellationToken;
        var hall = await TestHall.CreateAsync(database);
        var itemId = await IdAsync(_admin.PostAsJsonAsync($"/api/admin/halls/{hall.Hall.Id}/items", new { code = "QS", name = "契税", windowIds = new[] { hall.Windows[2].Id, hall.Windows[1].Id } }, ct));
        var lead = await _host.SignInAsync(Roles.HallLead, $"hall/{hall.Hall.Id}");

        var set = await lead.PutAsJsonAsync($"/api/admin/items/{itemId}/guide", new
        {
            location = " 二楼 B 区税务窗口 ",
            materials = new[] { "身份证原件", " 不动产买卖合同（已网签备案） ", "购房发票原件" },
            notes = "申请家庭首套住房契税优惠的，须如实填报家庭住房情况。",
            timeLimit = "即时办结",
        }, ct);

        Assert.Equal(HttpStatusCode.OK, set.StatusCode);
        var answer = await set.Content.ReadFromJsonAsync<JsonElement>(ct);
        Assert.Equal("二楼 B 区税务窗口", answer.GetProperty("guide").GetProperty("location").GetString());
        var items = await _host.CreateClient().GetFromJsonAsync<JsonElement>($"/api/appointments/items?hallId={hall.Hall.Id}", ct);
        var item = Assert.Single(items.EnumerateArray());
        var guide = item.GetProperty("guide");
        Assert.Equal("契税", item.GetProperty("name").GetString());
        Assert.Equal(["A02 不动产登记", "B01 契税"], item.GetProperty("windows").EnumerateArray().Select(w => w.GetString()));
        Assert.Equal(["身份证原件", "不动产买卖合同（已网签备案）", "购房发票原件"], guide.GetProperty("materials").EnumerateArray().Select(m => m.GetString()));
        Assert.Equal("即时办结", guide.GetProperty("timeLimit").GetString());
        Assert.Equal("申请家庭首套住房契税优惠的，须如实填报家庭住房情况。", guide.GetProperty("notes").GetString());

        // The same again changes nothing; one left out is blank: the guide is replaced whole.
        Assert.Equal(HttpStatusCode.OK, (await _admin.PutAsJsonAsync($"/api/admin/items/{itemId}/guide", new { materials = new[] { "身份证原件" } }, ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _admin.PutAsJsonAsync($"/api/admin/items/{itemId}/guide", new { materials = new[] { "身份证原件" } }, ct)).StatusCode);
        Assert.Equal("|身份证原件||", await StoredGuideAsync(itemId));
        Assert.Equal(HttpStatusCode.NotFound, (await _host.CreateClient().GetAsync("/api/appointments/items?hallId=0", ct)).StatusCode);
    }

    [Fact]
    public async Task A_bad_guide_names_its_field_in_chinese_stores_nothing_and_another_halls_lead_finds_no_such_item()
    {
        var ct = TestContext.Current.CancellationToken;
        var hall = await TestHall.CreateAsync(database);
        var other = await TestHall.CreateAsync(database);
        var itemId = await IdAsync(_admin.PostAsJsonAsync($"/api/admin/halls/{hall.Hall.Id}/items", new { code = "BDCDJ", name = "不动产登记", windowIds = new[] { hall.Windows[1].Id } }, ct));
        var lead = await _host.SignInAsync(Roles.HallLead, $"hall/{hall.Hall.Id}");
        Assert.Equal(HttpStatusCode.OK, (await lead.PutAsJsonAsync($"/api/admin/items/{itemId}/guide", new { location = "一楼 A 区 A02 窗口", materials = new[] { "身份证原件" } }, ct)).StatusCode);
        var before = await StoredGuideAsync(itemId);
        var guide = (object body) => lead.PutAsJsonAsync($"/api/admin/items/{itemId}/guide", body, ct);

        async Task<Dictionary<string, string>> ErrorsAsync(Task<HttpResponseMessage> call)
        {
            var response = await call;
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            var problem = await response.Content.ReadFromJsonAsync<JsonElement>(ct);
            Assert.Equal("请求数据有误", problem.GetProperty("title").GetString());
            return problem.GetProperty("errors").EnumerateObject().ToDictionary(e => e.Name, e => string.Join(" ", e.Value.EnumerateArray().Select(m => m.GetString())));
        }

        Assert.Equal(new Dictionary<string, string> { ["location"] = "不能超过 100 个字" }, await ErrorsAsync(guide(new { location = new string('楼', 101) })));
        Assert.Equal(new Dictionary<string, string> { ["notes"] = "不能超过 500 个字" }, await ErrorsAsync(guide(new { notes = new string('注', 501) })));
        Assert.Equal(new Dictionary<string, string> { ["timeLimit"] = "不能超过 50 个字" }, await ErrorsAsync(guide(new { timeLimit = new string('日', 51) })));
        Assert.Equal(new Dictionary<string, string> { ["materials"] = "所需材料至多 20 项" }, await ErrorsAsync(guide(new { materials = Enumerable.Range(1, 21).Select(i => $"材料{i}").ToArray() })));
        Assert.Equal(
            new Dictionary<string, string> { ["materials[1]"] = "必填", ["materials[2]"] = "不能超过 100 个字" },
            await ErrorsAsync(guide(new { materials = new[] { "身份证原件", " ", new string('材', 101) } })));
        Assert.Equal(before, await StoredGuideAsync(itemId));

        // Another hall's lead: the item is not there, whatever is sent; a window clerk may not at all.
        var neighbour = await _host.SignInAsync(Roles.HallLead, $"hall/{other.Hall.Id}");
        var outOfScope = await neighbour.PutAsJsonAsync($"/api/admin/items/{itemId}/guide", new { location = "他厅" }, ct);
        var missing = await neighbour.PutAsJsonAsync("/api/admin/items/0/guide", new { location = "他厅" }, ct);
        var staff = await _host.SignInAsync(Roles.WindowStaff, hall.Windows[1].OrgUnit);
        Assert.Equal(HttpStatusCode.NotFound, outOfScope.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal((await ProblemAsync(missing)).ToString(), (await ProblemAsync(outOfScope)).ToString());
        Assert.Equal(HttpStatusCode.Forbidden, (await staff.PutAsJsonAsync($"/api/admin/items/{itemId}/guide", new { location = "窗口" }, ct)).StatusCode);
        Assert.Equal(before, await StoredGuideAsync(itemId));
    }

    [Fact]
    public async Task The_openapi_document_describes_the_administrators_endpoints_and_their_field_errors()
    {
        var openApi = await _host.CreateClient().GetFromJsonAsync<JsonElement>("/openapi/v1.json", TestContext.Current.CancellationToken);
        var paths = openApi.GetProperty("paths");

        var hours = paths.GetProperty("/api/admin/halls/{hallId}/hours").GetProperty("put");
        Assert.Equal("系统管理·大厅、窗口与事项", hours.GetProperty("tags")[0].GetString());
        Assert.True(hours.GetProperty("responses").TryGetProperty("400", out _));
        var roster = paths.GetProperty("/api/admin/organisation/places/{placeId}/roster/{memberId}").GetProperty("delete");
        Assert.Equal("系统管理·组织与名册", roster.GetProperty("tags")[0].GetString());
        Assert.All(
            ["/api/admin/organisation/townships", "/api/admin/organisation/townships/{townshipId}/places", "/api/admin/organisation/departments",
             "/api/admin/organisation/departments/{departmentId}/name", "/api/admin/halls/{hallId}/windows", "/api/admin/halls/{hallId}/items", "/api/admin/items/{itemId}/windows"],
            path => Assert.True(paths.TryGetProperty(path, out _), path));
        var guide = paths.GetProperty("/api/admin/items/{itemId}/guide").GetProperty("put");
        Assert.Equal("系统管理·大厅、窗口与事项", guide.GetProperty("tags")[0].GetString());
        Assert.Contains("办事指南", guide.GetProperty("summary").GetString(), StringComparison.Ordinal);
        Assert.True(guide.GetProperty("responses").TryGetProperty("400", out _) && guide.GetProperty("responses").TryGetProperty("404", out _));
    }
}
