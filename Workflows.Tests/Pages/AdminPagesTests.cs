using Governance.Workflows.SafetyCampaign.Disputes;
using Governance.Workflows.Tests.Infrastructure;
using Governance.Workflows.Tests.SafetyCampaign;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using static Microsoft.Playwright.Assertions;

namespace Governance.Workflows.Tests.Pages;

/// <summary>The administrator on a hall PC, in Debian's Chromium: a holiday year entered from the notice, refused where wrong, then in force; a village and its roster added; a hall's hours changed.</summary>
[Collection(BrowserTests.Name)]
public sealed class AdminPagesTests(PagesDatabase database) : BrowserTest(database, PagesHall.FridayAt(10))
{

    /// <summary>2028: a year the shipped data lacks. The arrangement is test data, and says so: no notice for 2028 exists yet.</summary>
    [Fact]
    public async Task The_administrator_enters_a_holiday_year_sees_a_wrong_make_up_day_refused_then_the_year_listed()
    {
        var page = await Chromium.SignInAsync(App, Address, Roles.Admin, "", "系统管理员 王工");
        await page.GotoAsync("admin/holidays");
        await Expect(page.Locator("#years [data-year='2026']")).ToContainTextAsync("春节");
        // 2027 is not entered and begins within 60 days: every admin page says so until it is.
        await Expect(page.Locator("#calendar-coverage")).ToContainTextAsync("2027 年的节假日安排尚未录入");

        await page.FillAsync("#year", "2028");
        await page.FillAsync("#source", "测试数据（并非国务院通知）");
        await page.FillAsync("#off-0-first", "2028-01-01");
        await page.FillAsync("#off-0-last", "2028-01-03");
        await page.FillAsync("#off-0-name", "元旦（测试数据）");
        await page.FillAsync("#makeup-0", "2028-01-04");
        await page.GetByRole(Microsoft.Playwright.AriaRole.Button, new() { Name = "保存" }).ClickAsync();
        await Expect(page.Locator("#off-error")).ToContainTextAsync("2028-01-04");
        await Expect(page.Locator("#off-0-name")).ToHaveValueAsync("元旦（测试数据）");

        await page.FillAsync("#makeup-0", "2028-01-08");
        await page.GetByRole(Microsoft.Playwright.AriaRole.Button, new() { Name = "保存" }).ClickAsync();
        await Expect(page.Locator(".done")).ToContainTextAsync("2028 年节假日安排已录入");
        var year = page.Locator("#years [data-year='2028']");
        await Expect(year).ToContainTextAsync("元旦（测试数据） 2028-01-01 至 2028-01-03");
        await Expect(year).ToContainTextAsync("2028-01-08");
        await Browser.ScreenshotAsync(page, "admin-holidays");
    }

    [Fact]
    public async Task The_administrator_reads_the_rosters_a_hall_and_the_limits_and_opens_a_sunday_session()
    {
        var township = await TestTownship.CreateAsync(database);
        var hall = await PagesHall.CreateAsync(database);
        var page = await Chromium.SignInAsync(App, Address, Roles.Admin, "", "系统管理员 王工");

        await page.GotoAsync($"admin/organisation?townshipId={township.Township.Id}");
        await Expect(page.Locator($"#townships [data-township='{township.Township.Id}']")).ToContainTextAsync("综治中心主任");
        await Expect(page.Locator($"[data-place='{township.Village.Id}']")).ToContainTextAsync("社区民警：赵警官");
        await Expect(page.Locator($"#departments [data-department='{township.Department.Id}']")).ToContainTextAsync("土地");
        await page.SelectOptionAsync("#email-department", township.Department.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await page.FillAsync("#email-address", "zrzy@zhoukou.gov.cn");
        await page.GetByRole(Microsoft.Playwright.AriaRole.Button, new() { Name = "保存邮箱" }).ClickAsync();
        await Expect(page.Locator(".done")).ToContainTextAsync("办公邮箱已设为 zrzy@zhoukou.gov.cn");
        await Expect(page.Locator($"#departments [data-department='{township.Department.Id}']")).ToContainTextAsync("zrzy@zhoukou.gov.cn");
        await Browser.ScreenshotAsync(page, "admin-organisation");

        await page.GotoAsync($"admin/halls?hallId={hall.Hall.Hall.Id}");
        await Expect(page.Locator("#hours")).ToContainTextAsync("星期六休息");
        await Expect(page.Locator("#items")).ToContainTextAsync("契税");
        await page.SelectOptionAsync("#itemId", hall.DeedTax.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await page.FillAsync("#name", "周日契税专场（测试数据）");
        await page.FillAsync("#date", "2026-11-29");
        await page.FillAsync("#opens", "09:00");
        await page.FillAsync("#closes", "11:00");
        await page.GetByRole(Microsoft.Playwright.AriaRole.Button, new() { Name = "开设" }).ClickAsync();

        await Expect(page.Locator(".done")).ToHaveTextAsync("已开设预约场次：周日契税专场（测试数据） 2026-11-29");
        var session = page.Locator("#sessions tr", new() { HasText = "周日契税专场（测试数据）" });
        await Expect(session).ToContainTextAsync("专场");
        await Expect(session).ToContainTextAsync("09:00–11:00，4 个时段");
        await Browser.ScreenshotAsync(page, "admin-halls");

        var village = App.Services.GetRequiredService<IOptions<DisputeOptions>>().Value.VillageWorkingDays;
        await page.GotoAsync("admin/limits");
        await Expect(page.Locator("[data-key='SafetyCampaign:Disputes:VillageWorkingDays']")).ToContainTextAsync($"村级联动工作队化解时限{village} 个工作日");
        await Browser.ScreenshotAsync(page, "admin-limits");
    }

    [Fact]
    public async Task The_administrator_adds_a_village_to_a_township_with_its_police_officer_sees_it_listed_then_takes_him_off()
    {
        var township = await TestTownship.CreateAsync(database);
        var page = await Chromium.SignInAsync(App, Address, Roles.Admin, "", "系统管理员 王工");
        await page.GotoAsync($"admin/organisation?townshipId={township.Township.Id}");

        // A name the township already has is refused next to its field, and nothing is added.
        await page.FillAsync("#place-name", "郭丰楼村");
        await page.FillAsync("#place-code", $"wmk-{township.Township.Id}");
        await page.GetByRole(Microsoft.Playwright.AriaRole.Button, new() { Name = "新增", Exact = true }).ClickAsync();
        await Expect(page.Locator("#new-place .err")).ToContainTextAsync("同名");
        await Expect(page.Locator("[data-place]")).ToHaveCountAsync(2);

        await page.FillAsync("#place-name", "王明口村");
        await page.SelectOptionAsync("#place-kind", "Village");
        await page.GetByRole(Microsoft.Playwright.AriaRole.Button, new() { Name = "新增", Exact = true }).ClickAsync();
        await Expect(page.Locator(".done")).ToHaveTextAsync("已新增行政村：王明口村，请配备联动名册");
        var village = page.Locator("[data-place]", new() { HasText = "王明口村" });
        await Expect(village).ToContainTextAsync("未配备");

        // The roster form starts at the village just added.
        await Expect(page.Locator("#member-place option:checked")).ToHaveTextAsync("王明口村");
        await page.SelectOptionAsync("#member-role", "PoliceOfficer");
        await page.FillAsync("#member-title", "社区民警");
        await page.FillAsync("#member-name", "郑警官");
        await page.GetByRole(Microsoft.Playwright.AriaRole.Button, new() { Name = "加入名册" }).ClickAsync();

        await Expect(page.Locator(".done")).ToHaveTextAsync("名册已增加：社区民警 郑警官");
        await Expect(village).ToContainTextAsync("社区民警：郑警官");
        await Expect(village).Not.ToContainTextAsync("未配备");
        await Expect(page.Locator($"#townships [data-township='{township.Township.Id}']")).ToContainTextAsync("3 / 0");
        await Browser.ScreenshotAsync(page, "admin-roster-edited");

        // Moved on: taken off the roster, the seat is free again.
        await village.GetByRole(Microsoft.Playwright.AriaRole.Button, new() { Name = "移除 社区民警 郑警官" }).ClickAsync();
        await Expect(page.Locator(".done")).ToHaveTextAsync("已从名册移除");
        await Expect(village).ToContainTextAsync("未配备");
    }

    [Fact]
    public async Task The_administrator_changes_a_halls_saturday_hours_and_sees_them()
    {
        var hall = await PagesHall.CreateAsync(database);
        var page = await Chromium.SignInAsync(App, Address, Roles.Admin, "", "系统管理员 王工");
        await page.GotoAsync($"admin/halls?hallId={hall.Hall.Hall.Id}");
        await Expect(page.Locator("#hours")).ToContainTextAsync("星期六休息");

        await page.SelectOptionAsync("#hours-day", "Saturday");
        await page.FillAsync("#hours-0-opens", "12:00");
        await page.FillAsync("#hours-0-closes", "09:00");
        await page.GetByRole(Microsoft.Playwright.AriaRole.Button, new() { Name = "保存办公时间" }).ClickAsync();
        await Expect(page.Locator("#set-hours .err")).ToContainTextAsync("须晚于开始时间");
        await Expect(page.Locator("#hours")).ToContainTextAsync("星期六休息");

        await page.FillAsync("#hours-0-opens", "09:00");
        await page.FillAsync("#hours-0-closes", "12:00");
        await page.GetByRole(Microsoft.Playwright.AriaRole.Button, new() { Name = "保存办公时间" }).ClickAsync();

        await Expect(page.Locator(".done")).ToHaveTextAsync("星期六的办公时间已更新");
        await Expect(page.Locator("#hours")).ToContainTextAsync("星期六09:00–12:00");
        await Expect(page.Locator("#hours")).ToContainTextAsync("星期五09:00–12:00，13:00–17:00");
        await Browser.ScreenshotAsync(page, "admin-hall-hours");
    }

    [Fact]
    public async Task The_administrator_writes_an_items_guide_sees_a_too_long_material_refused_on_its_line_and_citizens_read_it()
    {
        var hall = await PagesHall.CreateAsync(database);
        var page = await Chromium.SignInAsync(App, Address, Roles.Admin, "", "系统管理员 王工");
        await page.GotoAsync($"admin/halls?hallId={hall.Hall.Hall.Id}");
        var guide = page.Locator($"#guide-{hall.DeedTax.Id}");
        await Expect(guide.Locator("summary")).ToContainTextAsync("契税 未填写");
        await guide.Locator("summary").ClickAsync();

        await guide.GetByLabel("办理地点").FillAsync("二楼 B 区税务窗口");
        await guide.GetByLabel("办理时限").FillAsync("即时办结");
        await guide.GetByLabel("所需材料（每行一项）").FillAsync("身份证原件\n\n不动产买卖合同（已网签备案）\n" + new string('材', 101));
        await guide.GetByLabel("注意事项").FillAsync("周日专场只受理已预约的群众。");
        await guide.GetByRole(Microsoft.Playwright.AriaRole.Button, new() { Name = "保存办事指南" }).ClickAsync();
        await Expect(guide.Locator(".err")).ToHaveTextAsync("第 3 项：不能超过 100 个字");
        await Expect(guide.GetByLabel("办理地点")).ToHaveValueAsync("二楼 B 区税务窗口");

        await guide.GetByLabel("所需材料（每行一项）").FillAsync("身份证原件\n不动产买卖合同（已网签备案）");
        await guide.GetByRole(Microsoft.Playwright.AriaRole.Button, new() { Name = "保存办事指南" }).ClickAsync();
        await Expect(page.Locator(".done")).ToHaveTextAsync("契税的办事指南已更新");
        await Expect(guide.Locator("summary")).ToContainTextAsync("所需材料 2 项 · 二楼 B 区税务窗口");
        await Browser.ScreenshotAsync(page, "admin-hall-guide");

        await page.GotoAsync($"appointments?hallId={hall.Hall.Hall.Id}");
        await Expect(page.Locator($"[data-item='{hall.DeedTax.Id}'] .materials li")).ToHaveTextAsync(["身份证原件", "不动产买卖合同（已网签备案）"]);
    }

    /// <summary>运行指标 on the administrator's phone: this node's last hour drawn from its own meter, the moves just made among them, nothing wider than the screen.</summary>
    [Fact]
    public async Task The_administrator_reads_the_engines_figures_of_the_last_hour_on_a_phone()
    {
        var ct = TestContext.Current.CancellationToken;
        var hall = await PagesHall.CreateAsync(database);
        var desk = new Engine.Runtime.Actor("desk", "咨询台", Roles.WindowStaff, $"hall/{hall.Hall.Hall.Id}");
        var issue = App.Services.GetRequiredService<Workflows.ServiceHall.Queue.IssueTicketHandler>();
        await issue.HandleAsync(new(hall.Contracts.Id, null, null, null, null), desk, ct);
        await issue.HandleAsync(new(hall.Contracts.Id, null, null, null, null), desk, ct);
        await App.Services.GetRequiredService<Workflows.ServiceHall.Queue.CallNextHandler>().HandleAsync(hall.Hall.Windows[0].Id, RuntimeHarness.Staff(hall.Hall), ct);

        var (email, password) = await App.CreateUserAsync(Roles.Admin, "", "系统管理员 王工");
        var page = await Chromium.NewPageAsync(Address, phone: true);
        await page.GotoAsync("login");
        await page.FillAsync("#email", email);
        await page.FillAsync("#password", password);
        await page.ClickAsync("button[type=submit]");
        await page.GotoAsync("admin");
        await page.Locator("main a[href='/admin/metrics']").ClickAsync();

        await Expect(page.Locator("h1")).ToHaveTextAsync("运行指标");
        await Expect(page.Locator("body")).ToHaveAttributeAsync("data-metrics-charts", "drawn");
        await Expect(page.Locator(".metrics-chart svg")).ToHaveCountAsync(8);
        var applied = await page.EvaluateAsync<int>("() => JSON.parse(document.getElementById('metrics-data').dataset.figures).applied.reduce((a, b) => a + b, 0)");
        Assert.True(applied >= 3, $"{applied} moves applied in the hour, after two tickets issued and one called");
        Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"), "wider than the phone");
        await Browser.ScreenshotAsync(page, "admin-metrics-phone");
    }
}
