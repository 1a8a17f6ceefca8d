using Governance.Workflows.Privacy;
using Governance.Engine.Runtime;
using Governance.Workflows.ServiceHall.HomeVisits;
using Governance.Workflows.ServiceHall.Queue;
using Governance.Workflows.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Governance.Workflows.Tests.Pages;

/// <summary>
/// Window staff and the hall lead on a hall PC, in Debian's Chromium: the live queue, call next,
/// the masked numbers and a recorded reveal, complete; the citizen rates from the emailed link;
/// the lead's overview shows the windows and the reveal.
/// </summary>
[Collection(BrowserTests.Name)]
public sealed class StaffPagesTests(PagesDatabase database) : BrowserTest(database, PagesHall.FridayAt(10))
{
    private PagesHall _hall = null!;

    protected override async Task SeedAsync() => _hall = await PagesHall.CreateAsync(database);

    /// <summary>A walk-in takes a number at the hall's kiosk (an A ticket for 商品房合同备案).</summary>
    private Task<TicketView> WalkInAsync(int person, string? email = null) =>
        App.Services.GetRequiredService<IssueTicketHandler>().HandleAsync(
            new IssueTicket(_hall.Contracts.Id, $"市民{person}", TestPeople.Phone(person), TestPeople.IdNumber(person), email),
            new Actor("kiosk", "取号机", Roles.WindowStaff, $"hall/{_hall.Hall.Hall.Id}"),
            TestContext.Current.CancellationToken);

    private Task<IPage> SignInAsync(string role, string scope, string name) => Chromium.SignInAsync(App, Address, role, scope, name);

    [Fact]
    public async Task Staff_see_the_queue_grow_without_reload_call_next_reveal_a_number_on_record_and_complete_and_the_citizen_rates_from_the_email()
    {
        var citizenEmail = $"rater-{Guid.NewGuid():N}@test.gov.cn";
        var first = await WalkInAsync(701, citizenEmail);
        var page = await SignInAsync(Roles.WindowStaff, _hall.Hall.Windows[0].OrgUnit, "A01 窗口 李工");

        await page.GotoAsync("staff/window");
        await Expect(page.Locator($"#waiting [data-ticket='{first.Number}']")).ToBeVisibleAsync();
        await page.EvaluateAsync("() => window.notReloaded = true");
        var second = await WalkInAsync(702);
        await Expect(page.Locator($"#waiting [data-ticket='{second.Number}']")).ToBeVisibleAsync(new() { Timeout = 10_000 });
        Assert.True(await page.EvaluateAsync<bool>("() => window.notReloaded === true"));
        await Browser.ScreenshotAsync(page, "staff-queue");

        await page.ClickAsync("#call-next");
        var serving = page.Locator($"#serving-{first.Number}");
        await Expect(serving).ToBeVisibleAsync();
        await Expect(page.Locator($"#phone-{first.Number}")).ToHaveTextAsync("139****0701");
        await Expect(serving).Not.ToContainTextAsync(TestPeople.Phone(701));
        await Browser.ScreenshotAsync(page, "staff-serving");

        await page.ClickAsync($"#reveal-phone-{first.Number}");
        await Expect(page.Locator($"#phone-{first.Number}")).ToHaveTextAsync(TestPeople.Phone(701));
        await using (var db = database.CreateContext())
        {
            var reveal = await db.Set<PersonalDataReveal>().SingleAsync(r => r.SubjectId == first.Id, TestContext.Current.CancellationToken);
            Assert.Equal(("A01 窗口 李工", Roles.WindowStaff, RevealSubject.Ticket, PersonalField.Phone), (reveal.ActorName, reveal.ActorRole, reveal.Subject, reveal.Field));
        }

        await page.ClickAsync($"#complete-{first.Number}");
        await Expect(page.Locator(".done")).ToHaveTextAsync($"{first.Number} 已办结");
        await Expect(page.Locator($"#phone-{first.Number}")).ToHaveCountAsync(0);
        await Browser.ScreenshotAsync(page, "staff-completed");

        var invitation = Assert.Single(await Mailbox.WaitForAsync(citizenEmail));
        var link = System.Text.RegularExpressions.Regex.Match(invitation.Text!, @"http://\S+/rate/(\S{32})").Groups[1].Value;
        var citizen = await Chromium.NewPageAsync(Address, phone: true);
        await citizen.GotoAsync($"rate/{link}");
        await citizen.GetByLabel("非常满意").CheckAsync();
        await citizen.FillAsync("#comment", "窗口办理很快，态度好");
        await Browser.ScreenshotAsync(citizen, "citizen-rate");
        await citizen.GetByRole(AriaRole.Button, new() { Name = "提交评价", Exact = true }).ClickAsync();
        await Expect(citizen.Locator("#rated")).ToContainTextAsync("非常满意");
    }

    [Fact]
    public async Task The_hall_lead_sees_each_window_and_who_revealed_a_number_and_window_staff_may_not_open_the_lead_page()
    {
        var ticket = await WalkInAsync(711);
        var staff = await SignInAsync(Roles.WindowStaff, _hall.Hall.Windows[0].OrgUnit, "A01 窗口 王工");
        await staff.GotoAsync("staff/window");
        await staff.ClickAsync("#call-next");
        await staff.ClickAsync($"#reveal-phone-{ticket.Number}");
        await Expect(staff.Locator($"#phone-{ticket.Number}")).ToHaveTextAsync(TestPeople.Phone(711));
        await WalkInAsync(712);

        await staff.GotoAsync("lead");
        Assert.EndsWith("/denied", new Uri(staff.Url).AbsolutePath, StringComparison.Ordinal);
        await staff.GotoAsync($"staff/window/{_hall.Hall.Windows[1].Id}");
        Assert.EndsWith("/denied", new Uri(staff.Url).AbsolutePath, StringComparison.Ordinal);

        var lead = await SignInAsync(Roles.HallLead, $"hall/{_hall.Hall.Hall.Id}", "王主任（值班领导）");
        await lead.GotoAsync("lead");
        await Expect(lead.Locator("#windows [data-window='A01']")).ToContainTextAsync(ticket.Number);
        await Expect(lead.Locator("#reveals")).ToContainTextAsync("A01 窗口 王工");
        await Expect(lead.Locator("#reveals")).ToContainTextAsync("手机号");
        await Expect(lead.Locator("#reveals")).Not.ToContainTextAsync(TestPeople.Phone(711));
    }

    [Fact]
    public async Task Staff_register_extended_hours_and_the_lead_sees_it_with_a_home_visit_which_they_review_and_schedule()
    {
        var staff = await SignInAsync(Roles.WindowStaff, _hall.Hall.Windows[0].OrgUnit, "A01 窗口 赵工");
        await staff.GotoAsync("staff/extended-hours");
        await staff.FillAsync("#matter", "商品房合同备案（20 份）");
        await staff.FillAsync("#applicantName", "周口某置业有限公司");
        await staff.FillAsync("#applicantPhone", "1381234567");
        await staff.FillAsync("#expectedFinish", "18:00");
        await staff.FillAsync("#reason", "合同当日到期，须当日备案");
        await staff.GetByRole(AriaRole.Button, new() { Name = "登记延时服务", Exact = true }).ClickAsync();
        await Expect(staff.Locator("#applicantPhone ~ .err")).ToHaveTextAsync("请填写 11 位手机号码");
        await staff.FillAsync("#applicantPhone", "13812345678");
        await staff.GetByRole(AriaRole.Button, new() { Name = "登记延时服务", Exact = true }).ClickAsync();
        await Expect(staff.Locator(".done")).ToHaveTextAsync("延时服务已登记，已通知中心值班领导");
        await Browser.ScreenshotAsync(staff, "staff-extended-hours");

        var visit = await App.Services.GetRequiredService<RequestHomeVisitHandler>().HandleAsync(
            new RequestHomeVisit(_hall.Hall.Hall.Id, _hall.Hall.Windows[1].Id, "不动产登记", HomeVisitReason.Elderly,
                "刘奶奶", TestPeople.Phone(721), TestPeople.IdNumber(721), "项城市莲花路 8 号", null, "行动不便"),
            new Actor("staff-a02", "A02 窗口 工作人员", Roles.WindowStaff, _hall.Hall.Windows[1].OrgUnit),
            TestContext.Current.CancellationToken);

        var lead = await SignInAsync(Roles.HallLead, $"hall/{_hall.Hall.Hall.Id}", "王主任（值班领导）");
        await lead.GotoAsync("lead");
        await Expect(lead.Locator("#cases")).ToContainTextAsync("A01 延时服务：商品房合同备案（20 份）");
        await Expect(lead.Locator("#cases")).ToContainTextAsync(visit.Title);
        await Browser.ScreenshotAsync(lead, "lead-overview");

        await lead.ClickAsync($"#cases a[href='/staff/home-visits/{visit.Id}']");
        await Expect(lead.Locator("#phone")).ToHaveTextAsync("139****0721");
        await lead.FillAsync("#review-note", "情况属实，同意上门");
        await lead.GetByRole(AriaRole.Button, new() { Name = "审核通过", Exact = true }).ClickAsync();
        await Expect(lead.Locator(".done")).ToHaveTextAsync("已审核通过");
        await lead.GetByRole(AriaRole.Button, new() { Name = "显示完整号码" }).First.ClickAsync();
        await Expect(lead.Locator("#phone")).ToHaveTextAsync(TestPeople.Phone(721));
        await lead.FillAsync("#at", "2026-11-23T09:00");
        await lead.FillAsync("#staff", "A02 窗口 孙工");
        await lead.GetByRole(AriaRole.Button, new() { Name = "安排上门", Exact = true }).ClickAsync();
        await Expect(lead.Locator(".done")).ToHaveTextAsync("已安排上门");
        await Expect(lead.Locator("#phone")).ToHaveTextAsync("139****0721");
        await Browser.ScreenshotAsync(lead, "lead-home-visit");
    }
}
