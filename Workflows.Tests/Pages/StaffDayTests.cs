using Governance.Engine.Runtime;
using Governance.Workflows.ServiceHall.Queue;
using Governance.Workflows.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Governance.Workflows.Tests.Pages;

/// <summary>
/// Window staff's whole day through the pages only, on a hall PC: call, one ticket at a time,
/// transfer with a reason the receiving window reads, complete, return (退回) with its reason
/// asked for under that ticket alone, register a 延时 and finish it. The citizens' tickets are
/// taken beforehand at the kiosk (the use case), as the day's data.
/// </summary>
[Collection(BrowserTests.Name)]
public sealed class StaffDayTests(PagesDatabase database) : BrowserTest(database, PagesHall.FridayAt(10))
{
    private PagesHall _hall = null!;

    private readonly List<TicketView> _tickets = [];

    protected override async Task SeedAsync()
    {
        _hall = await PagesHall.CreateAsync(database);
    }

    private async Task KioskAsync(params int[] people)
    {
        var kiosk = App.Services.GetRequiredService<IssueTicketHandler>();
        foreach (var person in people)
        {
            _tickets.Add(await kiosk.HandleAsync(
                new IssueTicket(_hall.Contracts.Id, $"市民{person}", TestPeople.Phone(person), TestPeople.IdNumber(person), null),
                new Actor("kiosk", "取号机", Roles.WindowStaff, $"hall/{_hall.Hall.Hall.Id}"),
                TestContext.Current.CancellationToken));
        }
    }

    [Fact]
    public async Task Staff_call_serve_one_at_a_time_transfer_complete_return_and_register_and_finish_extended_hours()
    {
        await KioskAsync(731, 732);
        var (first, second) = (_tickets[0], _tickets[1]);
        var a01 = _hall.Hall.Windows[0];
        var b01 = _hall.Hall.Windows[2];
        var staff = await Chromium.SignInAsync(App, Address, Roles.WindowStaff, a01.OrgUnit, "A01 窗口 李工");

        // Call: the first citizen is served; calling again while serving is refused, nobody else is pulled.
        await staff.GotoAsync("staff/window");
        await Expect(staff.Locator("#waiting-count")).ToHaveTextAsync("2");
        await Browser.ScreenshotAsync(staff, "day-staff-01-queue");
        await staff.ClickAsync("#call-next");
        await Expect(staff.Locator(".done")).ToHaveTextAsync($"已叫号 {first.Number}（商品房合同备案）");
        await staff.ClickAsync("#call-next");
        await Expect(staff.Locator("div.problems")).ToHaveTextAsync($"本窗口正在办理：{first.Number} 正在本窗口办理，请先办结、退回或转窗口，再叫下一个号");
        await Expect(staff.Locator("section[id^=serving-]")).ToHaveCountAsync(1);
        await Expect(staff.Locator($"#waiting [data-ticket='{second.Number}']")).ToBeVisibleAsync();
        await Browser.ScreenshotAsync(staff, "day-staff-02-one-at-a-time");

        // Transfer to B01 契税 with a reason.
        await staff.SelectOptionAsync($"#to-{first.Number}", b01.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await staff.FillAsync($"#transfer-reason-{first.Number}", "须先缴纳契税");
        await staff.ClickAsync($"#transfer-{first.Number}");
        await Expect(staff.Locator(".done")).ToHaveTextAsync($"{first.Number} 已转窗口");
        await Expect(staff.Locator($"#serving-{first.Number}")).ToHaveCountAsync(0);

        // B01 sees where it came from and why, in the queue and while serving it; completes it.
        var deedTax = await Chromium.SignInAsync(App, Address, Roles.WindowStaff, b01.OrgUnit, "B01 窗口 周工");
        await deedTax.GotoAsync("staff/window");
        await Expect(deedTax.Locator($"#waiting [data-ticket='{first.Number}']")).ToContainTextAsync("由 A01 商品房合同备案 转来：须先缴纳契税");
        await Browser.ScreenshotAsync(deedTax, "day-staff-03-transfer-received");
        await deedTax.ClickAsync("#call-next");
        await Expect(deedTax.Locator($"#from-{first.Number}")).ToHaveTextAsync("由 A01 商品房合同备案 转来：须先缴纳契税");
        await Browser.ScreenshotAsync(deedTax, "day-staff-04-serving-transferred");
        await deedTax.FillAsync($"#note-{first.Number}", "契税已缴，转回备案");
        await deedTax.ClickAsync($"#complete-{first.Number}");
        await Expect(deedTax.Locator(".done")).ToHaveTextAsync($"{first.Number} 已办结");

        // A01 calls the next one; 退回 without a reason is asked for under that form only, then with one.
        await staff.ClickAsync("#call-next");
        await Expect(staff.Locator(".done")).ToHaveTextAsync($"已叫号 {second.Number}（商品房合同备案）");
        await staff.ClickAsync($"#return-{second.Number}");
        var serving = staff.Locator($"#serving-{second.Number}");
        await Expect(serving.Locator(".err")).ToHaveCountAsync(1);
        await Expect(staff.Locator($"#reason-{second.Number} ~ .err")).ToHaveTextAsync("必填");
        await Browser.ScreenshotAsync(staff, "day-staff-05-return-needs-reason");
        await staff.FillAsync($"#reason-{second.Number}", "材料不全，缺购房合同原件");
        await staff.ClickAsync($"#return-{second.Number}");
        await Expect(staff.Locator(".done")).ToHaveTextAsync($"{second.Number} 已退回");
        await Expect(staff.Locator("section[id^=serving-]")).ToHaveCountAsync(0);
        await Browser.ScreenshotAsync(staff, "day-staff-06-returned");

        // A company must finish today: 延时 registered, seen in today's list, finished on the page.
        await staff.GotoAsync("staff/extended-hours");
        await staff.FillAsync("#matter", "商品房合同备案（20 份）");
        await staff.FillAsync("#applicantName", "周口某置业有限公司");
        await staff.FillAsync("#applicantPhone", "13812345678");
        await staff.FillAsync("#expectedFinish", "18:00");
        await staff.FillAsync("#reason", "合同当日到期，须当日备案");
        await staff.GetByRole(AriaRole.Button, new() { Name = "登记延时服务", Exact = true }).ClickAsync();
        await Expect(staff.Locator(".done")).ToHaveTextAsync("延时服务已登记，已通知中心值班领导");
        await Expect(staff.Locator("h2 .hint")).ToHaveTextAsync("共 1，在办 1，已办结 0，超时 0");
        await Expect(staff.Locator("tbody tr")).ToContainTextAsync("延时办理中");
        await Browser.ScreenshotAsync(staff, "day-staff-07-extended-hours-registered");
        await staff.GetByRole(AriaRole.Button, new() { Name = "办结", Exact = true }).ClickAsync();
        await Expect(staff.Locator(".done")).ToHaveTextAsync("延时服务已办结");
        await Expect(staff.Locator("h2 .hint")).ToHaveTextAsync("共 1，在办 0，已办结 1，超时 0");
        await Expect(staff.Locator("tbody tr")).ToContainTextAsync("已办结");
        await Browser.ScreenshotAsync(staff, "day-staff-08-extended-hours-finished");

        AssertLogHoldsNoPersonalData();
    }
}
