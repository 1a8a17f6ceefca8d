using System.Text.Json;
using Governance.Engine.Calendar;
using Governance.Workflows.SafetyCampaign.Organisation;
using Governance.Workflows.SafetyCampaign.Ranking;
using Governance.Workflows.Tests.Infrastructure;
using Governance.Workflows.Tests.SafetyCampaign;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Governance.Workflows.Tests.Pages;

/// <summary>
/// The administrator's day on a hall PC, in Debian's Chromium, through the pages only: the calendar
/// banner, a holiday year refused then entered, accounts made for a township official and a village
/// team, one locked and unlocked, a month ranked now by city name, the ranking's trend, the API
/// reference; and the account rules one at a time.
/// </summary>
[Collection(BrowserTests.Name)]
public sealed class AdminDayTests(PagesDatabase database) : BrowserTest(database, PagesHall.FridayAt(10))
{
    private const string Password = "Amt@2026!";
    private const float Slow = 30_000;

    private TestTownship _t = null!;

    protected override async Task SeedAsync() => _t = await TestTownship.CreateAsync(database);

    private string VillageScope => Place.OrgUnitOf(_t.Township.Id, _t.Village.Id);

    [Fact]
    public async Task The_administrators_day_through_the_pages()
    {
        var ct = TestContext.Current.CancellationToken;
        var compute = App.Services.GetRequiredService<ComputeMonthlyRanking>();
        await compute.RunCityAsync(CalendarMonth.Of(new DateOnly(2026, 9, 1)), _t.Township.CityId, TestTownship.Admin, ct);
        await compute.RunCityAsync(CalendarMonth.Of(new DateOnly(2026, 10, 1)), _t.Township.CityId, TestTownship.Admin, ct);
        var page = await Chromium.SignInAsync(App, Address, Roles.Admin, "", "系统管理员 王工");

        await page.GotoAsync("admin");
        await Expect(page.Locator("#calendar-coverage")).ToContainTextAsync("2027 年的节假日安排尚未录入");
        await Browser.ScreenshotAsync(page, "day-admin-01-calendar-banner");

        // A year that is no number was refused with no message anywhere: now next to its field.
        await page.GetByRole(AriaRole.Link, new() { Name = "录入节假日安排" }).ClickAsync();
        await page.FillAsync("#year", "二〇二八");
        await page.FillAsync("#source", "测试数据（并非国务院通知）");
        await page.FillAsync("#off-0-first", "2028-01-01");
        await page.FillAsync("#off-0-last", "2028-01-01");
        await page.FillAsync("#off-0-name", "元旦（测试数据）");
        await page.GetByRole(AriaRole.Button, new() { Name = "保存" }).ClickAsync();
        await Expect(page.Locator("#year ~ .err")).ToContainTextAsync("年份有误");
        await Expect(page.Locator("main")).Not.ToContainTextAsync("is not valid");
        await Browser.ScreenshotAsync(page, "day-admin-02-holiday-year-refused");
        await page.FillAsync("#year", "2099");
        await page.FillAsync("#off-0-first", "2099-01-01");
        await page.FillAsync("#off-0-last", "2099-01-01");
        await page.GetByRole(AriaRole.Button, new() { Name = "保存" }).ClickAsync();
        await Expect(page.Locator(".done")).ToContainTextAsync("2099 年节假日安排已录入");

        // A township official's account, from the organisation page's link; a weak password first.
        await page.GotoAsync($"admin/organisation?townshipId={_t.Township.Id}");
        await page.Locator($"#townships [data-township='{_t.Township.Id}']").GetByRole(AriaRole.Link, new() { Name = "账号" }).Last.ClickAsync();
        await Expect(page.Locator("#scope-filter")).ToContainTextAsync(_t.Township.Name);
        await Expect(page.Locator("#no-accounts")).ToBeVisibleAsync();
        var official = $"official-{Guid.NewGuid():N}@test.gov.cn";
        await page.FillAsync("#displayName", "综治中心 刘主任");
        await page.FillAsync("#email", official);
        await Expect(page.Locator("#role")).ToHaveValueAsync(Roles.TownshipOfficial);
        await Expect(page.Locator("#scope option:checked")).ToHaveTextAsync(_t.Township.Name);
        await page.FillAsync("#password", "abc");
        await page.GetByRole(AriaRole.Button, new() { Name = "开通" }).ClickAsync();
        await Expect(page.Locator("#password ~ .err")).ToContainTextAsync("密码至少 6 位");
        await Expect(page.Locator("#password ~ .err")).ToContainTextAsync("大写字母");
        await Browser.ScreenshotAsync(page, "day-admin-03-account-refused");
        await page.FillAsync("#password", Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "开通" }).ClickAsync();
        await Expect(page.Locator(".done")).ToContainTextAsync("已开通账号：综治中心 刘主任（镇级领导）");
        await Expect(page.Locator("#account-scope")).ToHaveTextAsync(_t.Township.Name);

        // A village team's account, from its roster.
        await page.GotoAsync($"admin/organisation?townshipId={_t.Township.Id}");
        await page.Locator($"[data-place='{_t.Village.Id}']").GetByRole(AriaRole.Link, new() { Name = "赵警官 的账号" }).ClickAsync();
        var team = $"village-{Guid.NewGuid():N}@test.gov.cn";
        await Expect(page.Locator("#displayName")).ToHaveValueAsync("赵警官");
        await page.FillAsync("#displayName", "郭丰楼村联动工作队");
        await page.FillAsync("#email", team);
        await page.FillAsync("#password", Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "开通" }).ClickAsync();
        await Expect(page.Locator(".done")).ToContainTextAsync("已开通账号：郭丰楼村联动工作队（村联动工作队）");
        await Expect(page.Locator("#account-scope")).ToHaveTextAsync($"{_t.Township.Name} 郭丰楼村");
        await Browser.ScreenshotAsync(page, "day-admin-04-village-team-account");

        // Locked, the team cannot sign in; unlocked, it can, and works its own village.
        await page.GetByRole(AriaRole.Button, new() { Name = "锁定" }).ClickAsync();
        await Expect(page.Locator(".done")).ToContainTextAsync("账号已锁定");
        await Expect(page.Locator("#account-state")).ToHaveTextAsync("已锁定（管理员停用）");
        var teamPage = await Chromium.NewPageAsync(Address);
        await SignInAsync(teamPage, team);
        await Expect(teamPage.Locator(".problems")).ToContainTextAsync("账号已锁定");
        await Browser.ScreenshotAsync(page, "day-admin-05-locked");
        await page.GetByRole(AriaRole.Button, new() { Name = "解锁" }).ClickAsync();
        await Expect(page.Locator(".done")).ToContainTextAsync("账号已解锁");
        await SignInAsync(teamPage, team);
        await Expect(teamPage.Locator(".who")).ToContainTextAsync("郭丰楼村联动工作队");

        // 立即排名 by the city's name: 2026-08 is ranked, and ranked again is left as it was.
        await page.GotoAsync("sanling/ranking");
        await page.SelectOptionAsync("#cityId", new SelectOptionValue { Label = City });
        await page.GetByRole(AriaRole.Button, new() { Name = "查看", Exact = true }).ClickAsync();
        await Expect(page.Locator("h1")).ToContainTextAsync($"{City} 2026-10");
        await page.SelectOptionAsync("#rankMonth", "2026-08");
        await page.GetByRole(AriaRole.Button, new() { Name = "立即排名" }).ClickAsync();
        await Expect(page.Locator(".done")).ToContainTextAsync($"已生成{City} 2026-08 月排名（1 个镇、2 个村（社区）、单位）");
        await Expect(page.Locator("h1")).ToContainTextAsync($"{City} 2026-08");
        await page.SelectOptionAsync("#rankMonth", "2026-08");
        await page.GetByRole(AriaRole.Button, new() { Name = "立即排名" }).ClickAsync();
        await Expect(page.Locator(".done")).ToContainTextAsync("原样保留：未重算，也未重发通报");
        await Browser.ScreenshotAsync(page, "day-admin-06-ranked-now");

        // The month picker offers every ranked month; the trend shows the township over all three.
        await Expect(page.Locator("#month option")).ToHaveTextAsync(["2026-10", "2026-09", "2026-08"]);
        await page.SelectOptionAsync("#month", "2026-09");
        await page.GetByRole(AriaRole.Button, new() { Name = "查看", Exact = true }).ClickAsync();
        await Expect(page.Locator("h1")).ToContainTextAsync($"{City} 2026-09");
        await Expect(page.Locator("body[data-trend='drawn'] #trend-chart svg")).ToBeVisibleAsync(new() { Timeout = Slow });
        await Expect(page.Locator("#trend h2")).ToContainTextAsync(_t.Township.Name);
        await Expect(page.Locator("#trend-ranks")).ToHaveTextAsync("名次：2026-08 第 1 / 1 名，2026-09 第 1 / 1 名，2026-10 第 1 / 1 名");
        using (var trend = JsonDocument.Parse((await page.Locator("#trend-chart").GetAttributeAsync("data-trend"))!))
        {
            Assert.Equal(["2026-08", "2026-09", "2026-10"], trend.RootElement.GetProperty("months").EnumerateArray().Select(m => m.GetString()));
            Assert.All(trend.RootElement.GetProperty("series").EnumerateArray(), s => Assert.Equal([100.0, 100.0, 100.0], s.GetProperty("data").EnumerateArray().Select(v => v.GetDouble())));
        }

        await page.SelectOptionAsync("#trend-of", new SelectOptionValue { Label = "大新村" });
        await page.GetByRole(AriaRole.Button, new() { Name = "查看走势" }).ClickAsync();
        await Expect(page.Locator("#trend h2")).ToContainTextAsync("大新村");
        await Expect(page.Locator("#trend-ranks")).ToContainTextAsync("2026-10 第 ");
        await Browser.ScreenshotAsync(page, "day-admin-07-ranking-trend");

        // The API reference, on a machine with no internet.
        var outside = await BlockTheInternetAsync(page);
        await page.GotoAsync("scalar");
        await Expect(page).ToHaveTitleAsync("政务服务 API", new() { Timeout = Slow });
        await Expect(page.GetByText("三零·月排名").First).ToBeVisibleAsync(new() { Timeout = Slow });
        await Browser.ScreenshotAsync(page, "day-admin-08-api-reference", fullPage: false);
        Assert.Empty(outside);

        AssertLogHoldsNoPersonalData();
    }

    [Fact]
    public async Task A_role_and_unit_changed_hold_at_the_persons_next_request_and_an_administrator_cannot_lock_or_demote_themselves()
    {
        var hall = await PagesHall.CreateAsync(database);
        var me = $"系统管理员 {Guid.NewGuid():N}"[..16];
        var admin = await Chromium.SignInAsync(App, Address, Roles.Admin, "", me);

        // Staff of a window, signed in, become the hall's lead: their next click finds the lead's page.
        var staffEmail = $"staff-{Guid.NewGuid():N}@test.gov.cn";
        await admin.GotoAsync("admin/accounts");
        await admin.FillAsync("#displayName", "A01 窗口 小孙");
        await admin.FillAsync("#email", staffEmail);
        await admin.SelectOptionAsync("#role", Roles.WindowStaff);

        // For window staff the unit list offers windows only.
        var offered = await admin.Locator("#scope option:not([hidden])").EvaluateAllAsync<string[]>("options => options.map(o => o.dataset.roles)");
        Assert.NotEmpty(offered);
        Assert.All(offered, roles => Assert.Equal(Roles.WindowStaff, roles));
        await admin.GetByRole(AriaRole.Button, new() { Name = "开通" }).ClickAsync();
        await Expect(admin.Locator("#password ~ .err")).ToHaveTextAsync("必填");
        await Expect(admin.Locator("#displayName")).ToHaveValueAsync("A01 窗口 小孙");
        var window = $"hall/{hall.Hall.Hall.Id}/window/{hall.Contracts.Windows[0].Id}";
        await admin.SelectOptionAsync("#scope", window);
        await admin.FillAsync("#password", Password);
        await admin.GetByRole(AriaRole.Button, new() { Name = "开通" }).ClickAsync();
        await Expect(admin.Locator(".done")).ToContainTextAsync("已开通账号：A01 窗口 小孙（窗口工作人员）");

        var staff = await Chromium.NewPageAsync(Address);
        await SignInAsync(staff, staffEmail);
        await staff.GotoAsync("lead");
        await Expect(staff.Locator("h1")).ToContainTextAsync("无权访问");
        await staff.GotoAsync("admin/accounts");
        await Expect(staff.Locator("h1")).ToContainTextAsync("无权访问");

        await admin.SelectOptionAsync("#role", Roles.HallLead);
        await admin.SelectOptionAsync("#scope", $"hall/{hall.Hall.Hall.Id}");
        await admin.GetByRole(AriaRole.Button, new() { Name = "保存" }).ClickAsync();
        await Expect(admin.Locator(".done")).ToContainTextAsync("角色与所属单位已调整");
        await Expect(admin.Locator("#account-role")).ToHaveTextAsync("中心值班领导");
        await staff.GotoAsync("lead");
        await Expect(staff.Locator("h1")).Not.ToContainTextAsync("无权访问");

        // The same change sent again changes nothing and says so.
        await admin.SelectOptionAsync("#role", Roles.HallLead);
        await admin.SelectOptionAsync("#scope", $"hall/{hall.Hall.Hall.Id}");
        await admin.GetByRole(AriaRole.Button, new() { Name = "保存" }).ClickAsync();
        await Expect(admin.Locator(".done")).ToHaveTextAsync("角色与所属单位未变");

        // Locked, the lead's open session ends at their next click.
        await admin.GetByRole(AriaRole.Button, new() { Name = "锁定" }).ClickAsync();
        await Expect(admin.Locator("#account-state")).ToHaveTextAsync("已锁定（管理员停用）");
        await staff.GotoAsync("lead");
        await Expect(staff).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/login"));

        // The administrator's own account: neither locked nor demoted by themselves.
        await admin.GotoAsync("admin/accounts?q=" + Uri.EscapeDataString(me));
        await admin.Locator("#accounts").GetByRole(AriaRole.Link, new() { Name = "管理" }).First.ClickAsync();
        await admin.GetByRole(AriaRole.Button, new() { Name = "锁定" }).ClickAsync();
        await Expect(admin.Locator("div.problems")).ToContainTextAsync("不能锁定自己的账号");
        await admin.SelectOptionAsync("#role", Roles.ProxyHandler);
        await admin.GetByRole(AriaRole.Button, new() { Name = "保存" }).ClickAsync();
        await Expect(admin.Locator("div.problems")).ToContainTextAsync("不能取消自己的管理员角色");
        await admin.GotoAsync("admin");
        await Expect(admin.Locator("h1")).ToHaveTextAsync("系统管理");
    }

    [Fact]
    public async Task On_a_phone_every_column_of_the_ranking_is_there_and_the_table_scrolls_to_it()
    {
        await App.Services.GetRequiredService<ComputeMonthlyRanking>().RunCityAsync(CalendarMonth.Of(new DateOnly(2026, 10, 1)), _t.Township.CityId, TestTownship.Admin, TestContext.Current.CancellationToken);
        var (email, password) = await App.CreateUserAsync(Roles.TownshipOfficial, _t.Scope, "综治中心 刘主任");
        var phone = await Chromium.NewPageAsync(Address, phone: true);
        await phone.GotoAsync("login");
        await phone.FillAsync("#email", email);
        await phone.FillAsync("#password", password);
        await phone.ClickAsync("button[type=submit]");
        await phone.GotoAsync("sanling/ranking");

        var table = phone.Locator("table.ranking").Last;
        await Expect(table.Locator("th")).ToHaveTextAsync(["名次", "名称", "三零达标率", "矛盾不上交率", "时限达标率", "越级", "事故", "案件"]);
        foreach (var th in await table.Locator("th").AllAsync())
        {
            await Expect(th).ToBeVisibleAsync();
        }

        var scroller = table; // a table scrolls inside itself on a phone (site.css)
        Assert.True(await scroller.EvaluateAsync<bool>("e => e.scrollWidth > e.clientWidth && getComputedStyle(e).overflowX === 'auto'"));
        var last = table.Locator("th").Last;
        Assert.True(await last.EvaluateAsync<bool>("e => e.getBoundingClientRect().right > window.innerWidth"));
        await scroller.EvaluateAsync("e => e.scrollLeft = e.scrollWidth");
        Assert.True(await last.EvaluateAsync<bool>("e => e.getBoundingClientRect().right <= window.innerWidth"));
        Assert.True(await phone.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"));
        await Browser.ScreenshotAsync(phone, "official-ranking-phone");
    }

    /// <summary>A kind no select offers (a tampered or stale form) bound to no field: it was taken as the default and stored, with no word said.</summary>
    [Fact]
    public async Task A_value_that_binds_to_no_field_is_refused_at_the_top_in_chinese_and_nothing_is_added()
    {
        var page = await Chromium.SignInAsync(App, Address, Roles.Admin, "", "系统管理员 王工");
        await page.GotoAsync($"admin/organisation?townshipId={_t.Township.Id}");
        await page.FillAsync("#place-name", "篡改类别村");
        await page.FillAsync("#place-code", $"x-{_t.Township.Id}");
        await page.Locator("#place-kind option").First.EvaluateAsync("o => o.value = 'Bogus'");
        await page.SelectOptionAsync("#place-kind", "Bogus");
        await page.GetByRole(AriaRole.Button, new() { Name = "新增", Exact = true }).ClickAsync();

        await Expect(page.Locator("#unshown-errors")).ToHaveTextAsync("“Bogus”格式不正确");
        await Expect(page.Locator("[data-place]")).ToHaveCountAsync(2);
        await Expect(page.Locator("main")).Not.ToContainTextAsync("is not valid");
    }

    private string City => $"测试市{_t.Township.Code[2..]}";

    private static async Task SignInAsync(IPage page, string email)
    {
        await page.GotoAsync("login");
        await page.FillAsync("#email", email);
        await page.FillAsync("#password", Password);
        await page.ClickAsync("button[type=submit]");
    }

    /// <summary>Every request the page makes that leaves this machine is refused, and recorded.</summary>
    private static async Task<List<string>> BlockTheInternetAsync(IPage page)
    {
        var outside = new List<string>();
        await page.Context.RouteAsync("**/*", async route =>
        {
            var url = new Uri(route.Request.Url);
            if (url.Scheme is "data" or "blob" || url.IsLoopback)
            {
                await route.ContinueAsync();
                return;
            }

            lock (outside)
            {
                outside.Add(route.Request.Url);
            }

            await route.AbortAsync();
        });
        return outside;
    }
}
