using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Governance.Engine.Runtime;
using Governance.Workflows.ServiceHall.Queue;
using Governance.Workflows.Tests.Infrastructure;
using Governance.Workflows.Tests.SafetyCampaign;
using Governance.Workflows.Tests.ServiceHall;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using MiniExcelLibs;

namespace Governance.Workflows.Tests.Api;

/// <summary>A database of its own for this class's in-process Host.</summary>
public sealed class ExcelExportsApiDatabase() : TestDatabase("api_excel");

/// <summary>
/// The reports people hand on, downloaded over HTTP as the right role and read back with
/// MiniExcel: the township's 台账 and registers, the city's ranking with its circular, the hall's
/// 好差评 rollup and its figures (运行数据). The domain clock stands at Tuesday 1 December 2026, 08:00, so November can be ranked.
/// </summary>
public sealed class ExcelExportsApiTests(ExcelExportsApiDatabase database) : IClassFixture<ExcelExportsApiDatabase>, IAsyncLifetime
{
    private const string Xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    /// <summary>What a summary may start with that a spreadsheet would run: it must come back as the text typed.</summary>
    private const string Formula = "=HYPERLINK(\"http://evil.example/\",\"点此查看\")";

    private GovernanceHost _host = null!;
    private TestCity _city = null!;

    public async ValueTask InitializeAsync()
    {
        _host = new GovernanceHost(database, new FakeTimeProvider(RankingHarness.Cst(2026, 12, 1, 8).ToUniversalTime()));
        _city = await TestCity.CreateAsync(database, 2, 2);
    }

    public async ValueTask DisposeAsync() => await _host.DisposeAsync();

    private Task<HttpClient> OfficialAsync(int township) => _host.SignInAsync(Roles.TownshipOfficial, _city.Official(township).Scope);

    /// <summary>A downloaded workbook: its file name and each sheet's rows (the first being the headers), as MiniExcel reads them.</summary>
    private sealed record Workbook(string FileName, IReadOnlyDictionary<string, List<object?[]>> Sheets, string SheetXml)
    {
        public IEnumerable<string?> Cells => Sheets.Values.SelectMany(rows => rows).SelectMany(r => r).Select(c => c?.ToString());
    }

    private static async Task<Workbook> DownloadAsync(HttpClient client, string path)
    {
        using var response = await client.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(Xlsx, response.Content.Headers.ContentType!.MediaType);
        var disposition = response.Content.Headers.ContentDisposition!;
        Assert.Equal("attachment", disposition.DispositionType);
        Assert.Contains("filename*=UTF-8''", response.Content.Headers.GetValues("Content-Disposition").Single(), StringComparison.Ordinal);

        using var stream = new MemoryStream();
        await (await response.Content.ReadAsStreamAsync()).CopyToAsync(stream);
        var sheets = new Dictionary<string, List<object?[]>>();
        foreach (var name in MiniExcel.GetSheetNames(stream))
        {
            stream.Position = 0;
            sheets[name] = [.. MiniExcel.Query(stream, useHeaderRow: false, sheetName: name).Cast<IDictionary<string, object?>>().Select(r => r.Values.ToArray())];
        }

        // A cell written as a formula would be an <f> element in a sheet's XML: there must be none.
        stream.Position = 0;
        using var zip = new ZipArchive(stream, ZipArchiveMode.Read);
        var xml = new StringBuilder();
        foreach (var entry in zip.Entries.Where(e => e.FullName.StartsWith("xl/worksheets/sheet", StringComparison.Ordinal)))
        {
            using var reader = new StreamReader(entry.Open());
            xml.Append(await reader.ReadToEndAsync());
        }

        return new Workbook(disposition.FileNameStar!, sheets, xml.ToString());
    }

    private static async Task<List<string>> FieldsAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        return [.. (await response.Content.ReadFromJsonAsync<ValidationProblemDetails>(JsonSerializerOptions.Web))!.Errors.Keys];
    }

    /// <summary>Out of scope answers exactly as a record that does not exist.</summary>
    private static async Task AssertNotFoundAlikeAsync(HttpClient client, string outOfScope, string unknown)
    {
        using var a = await client.GetAsync(outOfScope);
        using var b = await client.GetAsync(unknown);
        Assert.Equal(HttpStatusCode.NotFound, a.StatusCode);
        Assert.Equal((b.StatusCode, b.Content.Headers.ContentType?.MediaType, await ProblemAsync(b)), (a.StatusCode, a.Content.Headers.ContentType?.MediaType, await ProblemAsync(a)));

        // All of the problem but its trace id, which is each request's own.
        static async Task<string> ProblemAsync(HttpResponseMessage response) =>
            string.Join('\n', (await response.Content.ReadFromJsonAsync<JsonElement>()).EnumerateObject().Where(p => p.Name != "traceId").Select(p => $"{p.Name}={p.Value}"));
    }

    [Fact]
    public async Task The_official_hands_on_the_townships_registers_and_ledger_of_a_month_and_no_other_townships()
    {
        var admin = await _host.SignInAsync(Roles.Admin, "");
        var official = await OfficialAsync(0);
        var neighbour = await OfficialAsync(1);
        var team = await _host.SignInAsync(Roles.VillageTeam, _city.VillageTeam(0, 0).Scope);
        await RegisterAccidentAsync(admin, 0, 0, Formula);
        await RegisterAccidentAsync(admin, 1, 0, "邻镇：收割机侧翻");
        var registeredCase = await admin.PostAsJsonAsync("/api/safety/cases", new { placeId = _city.Place(0, 1).Id, type = "criminal", occurredAt = RankingHarness.Cst(2026, 11, 3), summary = "+夜间盗窃电动车两辆" });
        Assert.Equal(HttpStatusCode.Created, registeredCase.StatusCode);
        var dispute = await official.PostAsJsonAsync("/api/disputes", new
        {
            kind = "dispute", category = "neighbourhood", source = "townshipDirect", placeId = _city.Place(0, 0).Id, summary = "-越级到镇：宅基地边界争执",
            parties = new[] { new { name = "王大爷", phone = SanlingHarness.Phone, idNumber = SanlingHarness.IdNumber } },
        });
        Assert.Equal(HttpStatusCode.Created, dispute.StatusCode);
        var township = _city.Townships[0];

        var registers = await DownloadAsync(official, $"/api/safety/townships/{township.Id}/registers.xlsx?month=2026-11");

        Assert.Equal($"事故案件登记-{township.Name}-2026-11.xlsx", registers.FileName);
        Assert.Equal(["事故登记", "案件登记"], registers.Sheets.Keys);
        var accidents = registers.Sheets["事故登记"];
        Assert.Equal(["发生时间", "类别", "等级", "村（社区）/单位", "死亡人数", "重伤人数", "简要经过", "登记人", "登记时间"], accidents[0]);
        var accident = Assert.Single(accidents[1..]);
        Assert.Equal(["2026-11-20 10:00", "道路交通事故", "一般事故", _city.Place(0, 0).Name, 1d, 2d, Formula], accident[..7]);
        var cases = registers.Sheets["案件登记"];
        Assert.Equal(["发生时间", "类别", "村（社区）/单位", "简要经过", "登记人", "登记时间"], cases[0]);
        Assert.Equal(["2026-11-03 10:00", "刑事案件", _city.Place(0, 1).Name, "+夜间盗窃电动车两辆"], Assert.Single(cases[1..])[..4]);
        Assert.DoesNotContain("邻镇：收割机侧翻", registers.Cells);
        Assert.DoesNotContain("<x:f>", registers.SheetXml, StringComparison.Ordinal);
        Assert.DoesNotContain("<f>", registers.SheetXml, StringComparison.Ordinal);

        // The 台账 in Excel is the CSV's rows, cell for cell; neither holds the party's phone or ID number.
        var ledger = await DownloadAsync(official, $"/api/safety/townships/{township.Id}/ledger.xlsx?month=2026-12");
        var csv = Encoding.UTF8.GetString((await official.GetByteArrayAsync($"/api/safety/townships/{township.Id}/ledger.csv?month=2026-12"))[3..]);

        Assert.Equal($"台账-{township.Name}-2026-12.xlsx", ledger.FileName);
        var rows = Assert.Single(ledger.Sheets).Value;
        Assert.Equal(["时间", "事项编号", "类型", "类别", "来源", "是否越级", "镇（乡、街道）", "村（社区）/单位", "原环节", "现环节", "办理事项", "操作人", "角色", "说明"], rows[0]);
        Assert.True(rows.Count >= 2);
        Assert.All(rows.Skip(1), r => Assert.Equal(["是", township.Name, _city.Place(0, 0).Name], r[5..8]));
        Assert.Equal(csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries), rows.Select(r => string.Join(',', r.Select(c => c?.ToString() ?? ""))));
        foreach (var secret in new[] { SanlingHarness.Phone, SanlingHarness.IdNumber, SanlingHarness.Phone[^4..] + SanlingHarness.IdNumber[..4] })
        {
            Assert.DoesNotContain(ledger.Cells, c => c?.Contains(secret, StringComparison.Ordinal) == true);
            Assert.DoesNotContain(registers.Cells, c => c?.Contains(secret, StringComparison.Ordinal) == true);
            Assert.DoesNotContain(secret, csv, StringComparison.Ordinal);
        }

        foreach (var file in new[] { "registers.xlsx", "ledger.xlsx" })
        {
            await AssertNotFoundAlikeAsync(neighbour, $"/api/safety/townships/{township.Id}/{file}?month=2026-11", $"/api/safety/townships/999999/{file}?month=2026-11");
            await AssertNotFoundAlikeAsync(official, $"/api/safety/townships/{_city.Townships[1].Id}/{file}?month=2026-11", $"/api/safety/townships/999999/{file}?month=2026-11");
            Assert.Equal(["month"], await FieldsAsync(await official.GetAsync($"/api/safety/townships/{township.Id}/{file}?month=2026-13")));
            Assert.Equal(["month"], await FieldsAsync(await official.GetAsync($"/api/safety/townships/{township.Id}/{file}")));
            Assert.Equal(HttpStatusCode.NotFound, (await official.GetAsync($"/api/safety/townships/abc/{file}?month=2026-11")).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await team.GetAsync($"/api/safety/townships/{township.Id}/{file}?month=2026-11")).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await (await _host.SignInAsync(Roles.HallLead, "hall/1")).GetAsync($"/api/safety/townships/{township.Id}/{file}?month=2026-11")).StatusCode);
        }

        var browser = await CookieClientAsync(Roles.TownshipOfficial, _city.Official(0).Scope);
        var page = await browser.GetStringAsync($"/sanling/registers?townshipId={township.Id}&month=2026-11");
        Assert.Contains($"href=\"/api/safety/townships/{township.Id}/ledger.xlsx?month=2026-11\" download", page, StringComparison.Ordinal);
        Assert.Contains($"href=\"/api/safety/townships/{township.Id}/registers.xlsx?month=2026-11\" download", page, StringComparison.Ordinal);
        Assert.DoesNotContain(".xlsx", await (await CookieClientAsync(Roles.VillageTeam, _city.VillageTeam(0, 0).Scope)).GetStringAsync("/sanling/registers?month=2026-11"), StringComparison.Ordinal);

        var paths = (await _host.CreateClient().GetFromJsonAsync<JsonElement>("/openapi/v1.json")).GetProperty("paths");
        foreach (var path in new[] { "/api/safety/townships/{id}/ledger.xlsx", "/api/safety/townships/{id}/registers.xlsx", "/api/safety/rankings/{month}/ranking.xlsx", "/api/ratings/rollup.xlsx", "/api/queue/figures.xlsx" })
        {
            var get = paths.GetProperty(path).GetProperty("get");
            Assert.Contains("导出", get.GetProperty("summary").GetString(), StringComparison.Ordinal);
            Assert.True(get.GetProperty("responses").TryGetProperty("400", out _) && get.GetProperty("responses").TryGetProperty("404", out _), path);
        }

        var everyone = await DownloadAsync(admin, $"/api/safety/townships/{_city.Townships[1].Id}/registers.xlsx?month=2026-11");
        Assert.Contains("邻镇：收割机侧翻", everyone.Cells);
    }

    [Fact]
    public async Task The_ranking_and_its_circular_download_for_the_city_with_the_readers_own_places_and_print_on_a4()
    {
        var admin = await _host.SignInAsync(Roles.Admin, "");
        await RegisterAccidentAsync(admin, 1, 0, "村道上农用三轮车侧翻");
        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsync("/api/safety/rankings/2026-11", null)).StatusCode);
        var official = await OfficialAsync(1);
        var (first, second) = (_city.Townships[0], _city.Townships[1]);

        var ranking = await DownloadAsync(official, "/api/safety/rankings/2026-11/ranking.xlsx");

        Assert.Equal($"三零月排名与月通报-{_city.City.Name}-2026-11.xlsx", ranking.FileName);
        Assert.Equal(["月通报", "各镇排名", $"{second.Name}各村（社区）、单位"], ranking.Sheets.Keys);
        var circular = ranking.Sheets["月通报"];
        Assert.Equal(["标题", $"{_city.City.Name}2026年11月“三零”平安创建月通报"], circular[1]);
        Assert.Contains(circular, r => r[0] as string == $"{second.Name}名次" && r[1] as string == "第 2 名（共 2 个）");
        var townships = ranking.Sheets["各镇排名"];
        Assert.Equal(["名次", "镇（乡、街道）", "村（社区）、单位数", "三零村（社区）、单位数", "三零达标率（%）"], townships[0][..5]);
        Assert.Equal([[1d, first.Name, 2d, 2d, 100d], [2d, second.Name, 2d, 1d, 50d]], townships[1..].Select(r => r[..5]));
        Assert.Equal(1d, townships[2][^2]);
        var places = ranking.Sheets[$"{second.Name}各村（社区）、单位"];
        Assert.Equal(["名次", "村（社区）/单位", "是否三零"], places[0][..3]);
        Assert.Equal([[1d, _city.Place(1, 1).Name, "是"], [2d, _city.Place(1, 0).Name, "否"]], places[1..].Select(r => r[..3]));
        Assert.DoesNotContain(_city.Place(0, 0).Name, ranking.Cells);

        var team = await _host.SignInAsync(Roles.VillageTeam, _city.VillageTeam(0, 1).Scope);
        var teams = await DownloadAsync(team, "/api/safety/rankings/2026-11/ranking.xlsx");
        Assert.Equal([_city.Place(0, 1).Name], teams.Sheets[$"{first.Name}各村（社区）、单位"].Skip(1).Select(r => r[1]));
        var all = await DownloadAsync(admin, $"/api/safety/rankings/2026-11/ranking.xlsx?cityId={_city.City.Id}");
        Assert.Equal(4, all.Sheets.Count);

        var stranger = await _host.SignInAsync(Roles.TownshipOfficial, (await TestCity.CreateAsync(database, 1)).Official(0).Scope);
        await AssertNotFoundAlikeAsync(stranger, $"/api/safety/rankings/2026-11/ranking.xlsx?cityId={_city.City.Id}", "/api/safety/rankings/2026-11/ranking.xlsx?cityId=999999");
        await AssertNotFoundAlikeAsync(admin, "/api/safety/rankings/2026-11/ranking.xlsx?cityId=999999", $"/api/safety/rankings/2026-10/ranking.xlsx?cityId={_city.City.Id}");
        Assert.Equal(["month"], await FieldsAsync(await official.GetAsync("/api/safety/rankings/2026-13/ranking.xlsx")));
        Assert.Equal(["cityId"], await FieldsAsync(await admin.GetAsync("/api/safety/rankings/2026-11/ranking.xlsx")));
        Assert.Equal(HttpStatusCode.Forbidden, (await (await _host.SignInAsync(Roles.Department, "department/1")).GetAsync("/api/safety/rankings/2026-11/ranking.xlsx")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await (await _host.SignInAsync(Roles.HallLead, "hall/1")).GetAsync("/api/safety/rankings/2026-11/ranking.xlsx")).StatusCode);

        // The ranking page links the file and the print view of its month; the print view is a page of its own for A4.
        var browser = await CookieClientAsync(Roles.TownshipOfficial, _city.Official(1).Scope);
        var page = await browser.GetStringAsync("/sanling/ranking/2026-11");
        Assert.Contains("href=\"/api/safety/rankings/2026-11/ranking.xlsx\" download", page, StringComparison.Ordinal);
        Assert.Contains("href=\"/sanling/ranking/2026-11/print\"", page, StringComparison.Ordinal);
        var print = await browser.GetStringAsync("/sanling/ranking/2026-11/print");
        Assert.Contains("<html lang=\"zh-CN\">", print, StringComparison.Ordinal);
        Assert.Contains("size: A4", print, StringComparison.Ordinal);
        Assert.DoesNotContain("<nav", print, StringComparison.Ordinal);
        Assert.Contains($"<h1>{_city.City.Name}2026年11月“三零”平安创建月通报</h1>", print, StringComparison.Ordinal);
        Assert.Contains($"{second.Name}各村（社区）、单位排名", print, StringComparison.Ordinal);
        Assert.DoesNotContain(_city.Place(0, 0).Name, print, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await browser.GetAsync("/sanling/ranking/2026-10/print")).StatusCode);
    }

    [Fact]
    public async Task The_lead_hands_on_the_halls_rollup_of_a_month_counts_only()
    {
        var (hall, other) = (await TestHall.CreateAsync(database), await TestHall.CreateAsync(database));
        var item = await RatingHarness.ItemAsync(database, hall);
        var staff = await _host.SignInAsync(Roles.WindowStaff, hall.Windows[0].OrgUnit);
        var anonymous = _host.CreateClient();
        var seen = new HashSet<string>();
        foreach (var (level, comment) in new[] { ("verySatisfied", "很好"), ("dissatisfied", "=1+1 请回电 13812345678") })
        {
            var invited = await staff.PostAsJsonAsync("/api/ratings/invitations", new { windowId = hall.Windows[0].Id, itemId = item, citizenName = "张三", citizenEmail = RatingHarness.CitizenEmail(hall) });
            Assert.Equal(HttpStatusCode.Created, invited.StatusCode);
            var token = (await Mailbox.WaitForAsync(RatingHarness.CitizenEmail(hall), seen.Count + 1))
                .Where(m => m.Subject.StartsWith("【好差评】请为您", StringComparison.Ordinal)).Select(m => RatingHarness.TokenOf(m.Text!)).Single(t => !seen.Contains(t));
            seen.Add(token);
            Assert.Equal(HttpStatusCode.OK, (await anonymous.PostAsJsonAsync($"/api/ratings/{token}", new { level, comment })).StatusCode);
        }

        var lead = await _host.SignInAsync(Roles.HallLead, $"hall/{hall.Hall.Id}");
        var rollup = await DownloadAsync(lead, $"/api/ratings/rollup.xlsx?hallId={hall.Hall.Id}&month=2026-12");

        Assert.Equal($"好差评月度统计-{hall.Hall.Name}-2026-12.xlsx", rollup.FileName);
        var rows = Assert.Single(rollup.Sheets).Value;
        Assert.Equal(["窗口", "非常满意", "满意", "基本满意", "不满意", "非常不满意", "评价总数", "满意率（%）", "差评数", "整改在办", "整改已办结", "整改超期"], rows[0]);
        Assert.Equal(hall.Windows.Count + 2, rows.Count);
        Assert.Equal([$"{hall.Windows[0].Code} {hall.Windows[0].Name}", 1d, 0d, 0d, 1d, 0d, 2d, 50d, 1d, 1d, 0d, 0d], rows[1]);
        Assert.Equal(["全厅合计", 1d, 0d, 0d, 1d, 0d, 2d, 50d, 1d, 1d, 0d, 0d], rows[^1]);
        Assert.Null(rows[2][7]);
        Assert.DoesNotContain(rollup.Cells, c => c?.Contains("13812345678", StringComparison.Ordinal) == true || c == "张三");

        var otherLead = await _host.SignInAsync(Roles.HallLead, $"hall/{other.Hall.Id}");
        await AssertNotFoundAlikeAsync(otherLead, $"/api/ratings/rollup.xlsx?hallId={hall.Hall.Id}&month=2026-12", "/api/ratings/rollup.xlsx?hallId=999999&month=2026-12");
        Assert.Equal(HttpStatusCode.NotFound, (await (await _host.SignInAsync(Roles.Admin, "")).GetAsync("/api/ratings/rollup.xlsx?hallId=999999&month=2026-12")).StatusCode);
        Assert.Equal(["month"], await FieldsAsync(await lead.GetAsync($"/api/ratings/rollup.xlsx?hallId={hall.Hall.Id}&month=2026-13")));
        Assert.Equal(HttpStatusCode.Forbidden, (await staff.GetAsync($"/api/ratings/rollup.xlsx?hallId={hall.Hall.Id}&month=2026-12")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await (await OfficialAsync(0)).GetAsync($"/api/ratings/rollup.xlsx?hallId={hall.Hall.Id}&month=2026-12")).StatusCode);

        // The lead's ratings page offers the month's file for their hall.
        var browser = await CookieClientAsync(Roles.HallLead, $"hall/{hall.Hall.Id}");
        var page = await browser.GetStringAsync("/lead/ratings?month=2026-11");
        Assert.Contains($"href=\"/api/ratings/rollup.xlsx?hallId={hall.Hall.Id}&amp;month=2026-11\" download", page, StringComparison.Ordinal);
        Assert.Contains("<option value=\"2026-11\" selected=\"selected\">", page, StringComparison.Ordinal);
        var overview = await browser.GetStringAsync("/lead");
        Assert.Contains($"href=\"/api/ratings/rollup.xlsx?hallId={hall.Hall.Id}&amp;month=2026-12\" download", overview, StringComparison.Ordinal);
        Assert.Contains("<span class=\"err\">应为 yyyy-MM", await browser.GetStringAsync("/lead/ratings?month=2026-13"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_lead_hands_on_the_halls_figures_of_the_day_a_sheet_per_window_item_and_hour_and_no_other_halls()
    {
        var (hall, other) = (await TestHall.CreateAsync(database), await TestHall.CreateAsync(database));
        var item = await RatingHarness.ItemAsync(database, hall);
        var staff = new Actor("staff-figures", "A01 窗口", Roles.WindowStaff, hall.Windows[0].OrgUnit);
        var (issue, call, serve) = (_host.Services.GetRequiredService<IssueTicketHandler>(), _host.Services.GetRequiredService<CallNextHandler>(), _host.Services.GetRequiredService<ServeTicketHandler>());
        var ct = TestContext.Current.CancellationToken;

        // 08:00 and 08:01 two walk-ins; at 08:06 the first is called and served in ten minutes, then the second, returned after three.
        // Each comes to the window as called: the Host's pump would otherwise set a ticket called more than three minutes ago aside (过号).
        var first = await issue.HandleAsync(new IssueTicket(item, null, null, null, null), staff, ct);
        _host.Clock.Advance(TimeSpan.FromMinutes(1));
        var second = await issue.HandleAsync(new IssueTicket(item, null, null, null, null), staff, ct);
        _host.Clock.Advance(TimeSpan.FromMinutes(5));
        await call.HandleAsync(hall.Windows[0].Id, staff, ct);
        await serve.StepAsync(new CallStep(first.Id, TicketWorkflow.Arrive, database.VersionOf(first.Id)), staff, ct);
        _host.Clock.Advance(TimeSpan.FromMinutes(10));
        await serve.CompleteAsync(new CompleteTicket(first.Id, null, database.VersionOf(first.Id)), staff, ct);
        await call.HandleAsync(hall.Windows[0].Id, staff, ct);
        await serve.StepAsync(new CallStep(second.Id, TicketWorkflow.Arrive, database.VersionOf(second.Id)), staff, ct);
        _host.Clock.Advance(TimeSpan.FromMinutes(3));
        await serve.ReturnAsync(new ReturnTicket(second.Id, "材料不全", database.VersionOf(second.Id)), staff, ct);

        var lead = await _host.SignInAsync(Roles.HallLead, $"hall/{hall.Hall.Id}");
        var figures = await lead.GetFromJsonAsync<JsonElement>($"/api/queue/figures?hallId={hall.Hall.Id}&period=today", ct);
        var total = figures.GetProperty("total");
        Assert.Equal(("today", "今日（2026-12-01）", 2), (figures.GetProperty("period").GetString(), figures.GetProperty("periodName").GetString(), total.GetProperty("issued").GetInt32()));
        Assert.Equal((2, 1, "00:10:30", "00:15:00", "00:06:30"), (
            total.GetProperty("figures").GetProperty("served").GetInt32(), total.GetProperty("figures").GetProperty("returned").GetInt32(), total.GetProperty("figures").GetProperty("averageWait").GetString(),
            total.GetProperty("figures").GetProperty("longestWait").GetString(), total.GetProperty("figures").GetProperty("averageService").GetString()));

        var file = await DownloadAsync(lead, $"/api/queue/figures.xlsx?hallId={hall.Hall.Id}&period=today");

        Assert.Equal($"大厅运行数据-{hall.Hall.Name}-2026-12-01.xlsx", file.FileName);
        Assert.Equal(["各窗口", "各事项", "各时段"], file.Sheets.Keys);
        var windows = file.Sheets["各窗口"];
        Assert.Equal(["窗口", "办理数（办结+退回）", "其中退回", "平均等候（分钟）", "最长等候（分钟）", "平均办理（分钟）", "过号号数", "过号次数", "当日未办"], windows[0]);
        Assert.Equal([.. hall.Windows.Select(w => $"{w.Code} {w.Name}"), "全厅合计"], windows[1..].Select(r => r[0]));
        Assert.Equal([$"{hall.Windows[0].Code} {hall.Windows[0].Name}", 2d, 1d, 10.5d, 15d, 6.5d, 0d, 0d, 0d], windows[1]);
        Assert.Equal([0d, 0d, null, null, null, 0d, 0d, 0d], windows[2][1..]);
        var items = file.Sheets["各事项"];
        Assert.Equal(["事项", "取号数", "办理数（办结+退回）", "其中退回", "平均等候（分钟）", "最长等候（分钟）", "平均办理（分钟）", "过号号数", "过号次数", "当日未办", "预约签到", "预约爽约", "预约守约率（%）"], items[0]);
        Assert.Equal([["QS 契税", 2d, 2d, 1d, 10.5d, 15d, 6.5d, 0d, 0d, 0d, 0d, 0d, null], ["全厅合计", 2d, 2d, 1d, 10.5d, 15d, 6.5d, 0d, 0d, 0d, 0d, 0d, null]], items[1..]);
        var hours = file.Sheets["各时段"];
        Assert.Equal(["时段", "取号数", "办理数", "平均等候（分钟）"], hours[0]);
        Assert.Equal([["08:00–09:00", 2d, 2d, 10.5d], ["09:00–10:00", 0d, 0d, null]], hours[1..3]);
        Assert.Equal("16:00–17:00", hours[^1][0]);
        Assert.DoesNotContain("<f>", file.SheetXml, StringComparison.Ordinal);

        // Another hall's lead finds nothing, as for a hall that does not exist; staff are refused; a bad period names its field.
        var otherLead = await _host.SignInAsync(Roles.HallLead, $"hall/{other.Hall.Id}");
        foreach (var path in new[] { "/api/queue/figures", "/api/queue/figures.xlsx" })
        {
            await AssertNotFoundAlikeAsync(otherLead, $"{path}?hallId={hall.Hall.Id}&period=month", $"{path}?hallId=999999&period=month");
            Assert.Equal(HttpStatusCode.NotFound, (await (await _host.SignInAsync(Roles.Admin, "")).GetAsync($"{path}?hallId=999999")).StatusCode);
            Assert.Equal(["period"], await FieldsAsync(await lead.GetAsync($"{path}?hallId={hall.Hall.Id}&period=week")));
            Assert.Equal(["period"], await FieldsAsync(await lead.GetAsync($"{path}?hallId={hall.Hall.Id}&period=2027-01")));
            Assert.Equal(HttpStatusCode.Forbidden, (await (await _host.SignInAsync(Roles.WindowStaff, hall.Windows[0].OrgUnit)).GetAsync($"{path}?hallId={hall.Hall.Id}")).StatusCode);
        }

        var month = await DownloadAsync(lead, $"/api/queue/figures.xlsx?hallId={hall.Hall.Id}&period=month");
        Assert.Equal($"大厅运行数据-{hall.Hall.Name}-2026-12.xlsx", month.FileName);
        var paths = (await _host.CreateClient().GetFromJsonAsync<JsonElement>("/openapi/v1.json", ct)).GetProperty("paths");
        foreach (var path in new[] { "/api/queue/figures", "/api/queue/figures.xlsx" })
        {
            var get = paths.GetProperty(path).GetProperty("get");
            Assert.Contains("大厅运行数据", get.GetProperty("summary").GetString(), StringComparison.Ordinal);
            Assert.True(get.GetProperty("responses").TryGetProperty("400", out _) && get.GetProperty("responses").TryGetProperty("404", out _), path);
        }

        // The lead's overview links the file of the period shown, and says so when a period typed by hand is none.
        var browser = await CookieClientAsync(Roles.HallLead, $"hall/{hall.Hall.Id}");
        Assert.Contains($"href=\"/api/queue/figures.xlsx?hallId={hall.Hall.Id}&amp;period=month\" download", await browser.GetStringAsync("/lead?period=month", ct), StringComparison.Ordinal);
        Assert.Contains("<p class=\"err\">应为 today（今日）", await browser.GetStringAsync("/lead?period=week", ct), StringComparison.Ordinal);
    }

    /// <summary>A person signed in with the cookie, as a browser is: the pages take nothing else.</summary>
    private async Task<HttpClient> CookieClientAsync(string role, string scope)
    {
        var (email, password) = await _host.CreateUserAsync(role, scope);
        var client = _host.CreateClient();
        (await client.PostAsJsonAsync("/auth/login?useCookies=true", new { email, password })).EnsureSuccessStatusCode();
        return client;
    }

    private async Task RegisterAccidentAsync(HttpClient client, int township, int place, string summary, int day = 20)
    {
        var response = await client.PostAsJsonAsync("/api/safety/accidents", new
        {
            placeId = _city.Place(township, place).Id, type = "traffic", occurredAt = RankingHarness.Cst(2026, 11, day), severity = "general", deaths = 1, injuries = 2, summary,
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }
}
