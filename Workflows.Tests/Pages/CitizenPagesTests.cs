using Governance.Workflows.ServiceHall;
using Governance.Workflows.ServiceHall.Appointments;
using Governance.Workflows.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Governance.Workflows.Tests.Pages;

/// <summary>
/// A citizen on a phone, in Debian's Chromium: find the Sunday session, book it, get the email,
/// look the booking up masked; read an item's 办事指南, pick a day among those with sessions, and
/// take the booking to the phone's calendar.
/// </summary>
[Collection(BrowserTests.Name)]
public sealed class CitizenPagesTests(PagesDatabase database) : BrowserTest(database, PagesHall.FridayAt(10))
{
    private PagesHall _hall = null!;
    private AppointmentSession _tuesday = null!;

    protected override async Task SeedAsync()
    {
        _hall = await PagesHall.CreateAsync(database);
        await using var db = database.CreateContext();
        var deedTax = await db.Set<ServiceItem>().SingleAsync(i => i.Id == _hall.DeedTax.Id);
        deedTax.SetGuide(new ServiceGuide("二楼 B 区税务窗口", ["身份证原件", "不动产买卖合同（已网签备案）", "购房发票原件"], "周日专场只受理已预约的群众。", "即时办结"));

        // Tuesday within the two weeks; a Monday past them, which the day picker leaves out.
        _tuesday = new AppointmentSession(_hall.Hall.Hall, deedTax.Id, "工作日契税预约", PagesHall.Friday.AddDays(4), new TimeOnly(9, 0), new TimeOnly(11, 0), TimeSpan.FromHours(1), 3, isWorkingDay: true);
        db.AddRange(_tuesday, new AppointmentSession(_hall.Hall.Hall, deedTax.Id, "工作日契税预约", PagesHall.Friday.AddDays(17), new TimeOnly(9, 0), new TimeOnly(11, 0), TimeSpan.FromHours(1), 3, isWorkingDay: true));
        await db.SaveChangesAsync();
    }

    [Fact]
    public async Task A_citizen_books_a_sunday_slot_on_a_phone_sees_the_id_error_next_to_the_field_and_gets_the_confirmation_email()
    {
        var email = $"citizen-{Guid.NewGuid():N}@test.gov.cn";
        var page = await Chromium.NewPageAsync(Address, phone: true);

        await page.GotoAsync($"appointments?hallId={_hall.Hall.Hall.Id}");
        var sunday = page.Locator($"[data-session='{_hall.Sunday.Id}']");
        await Expect(sunday.Locator(".badge.special")).ToHaveTextAsync("周日");
        await Browser.ScreenshotAsync(page, "citizen-sessions");
        await sunday.GetByRole(AriaRole.Link, new() { Name = "09:30–10:00" }).ClickAsync();

        await page.FillAsync("#name", "张三");
        await page.FillAsync("#phone", TestPeople.Phone(601));
        await page.FillAsync("#idNumber", "410101198001010000");
        await page.FillAsync("#email", email);
        await page.ClickAsync("button[type=submit]");
        await Expect(page.Locator("#idNumber-error")).ToHaveTextAsync("身份证号码有误（18 位，末位校验）");
        await Expect(page.Locator("#idNumber")).ToHaveAttributeAsync("aria-invalid", "true");
        await Browser.ScreenshotAsync(page, "citizen-book-error");

        await page.FillAsync("#idNumber", TestPeople.IdNumber(601));
        await page.ClickAsync("button[type=submit]");
        var reference = (await page.Locator("#reference").TextContentAsync())!.Trim();
        await Browser.ScreenshotAsync(page, "citizen-booked");

        var mail = Assert.Single(await Mailbox.WaitForAsync(email));
        Assert.Equal("【预约成功】契税 2026-11-22 09:30", mail.Subject);
        Assert.Contains($"预约号：{reference}", mail.Text, StringComparison.Ordinal);

        await page.GotoAsync("appointments/manage");
        await page.FillAsync("#reference", reference);
        await page.FillAsync("#phone", TestPeople.Phone(601));
        await page.ClickAsync("text=查询");
        var booking = page.Locator("#booking");
        await Expect(booking).ToContainTextAsync("139****0601");
        await Expect(booking).ToContainTextAsync("4116**********" + TestPeople.IdNumber(601)[^4..]);
        await Expect(booking).Not.ToContainTextAsync(TestPeople.IdNumber(601));
        await Browser.ScreenshotAsync(page, "citizen-manage");
    }

    [Fact]
    public async Task A_citizen_reads_the_items_guide_picks_a_day_among_those_with_sessions_books_and_adds_it_to_the_phones_calendar()
    {
        var page = await Chromium.NewPageAsync(Address, phone: true);
        await page.GotoAsync($"appointments?hallId={_hall.Hall.Hall.Id}");
        var deedTax = page.Locator($"[data-item='{_hall.DeedTax.Id}']");

        await deedTax.Locator("details.guide summary").ClickAsync();
        await Expect(deedTax.Locator("details.guide summary")).ToContainTextAsync("所需材料 3 项");
        await Expect(deedTax.Locator(".materials li")).ToHaveTextAsync(["身份证原件", "不动产买卖合同（已网签备案）", "购房发票原件"]);
        await Expect(deedTax.Locator(".location")).ToHaveTextAsync("二楼 B 区税务窗口");
        await Expect(deedTax.Locator(".windows")).ToHaveTextAsync("B01 契税");
        await Expect(deedTax.Locator(".time-limit")).ToHaveTextAsync("即时办结");
        await Expect(deedTax.Locator(".notes")).ToContainTextAsync("周日专场只受理已预约的群众。");

        // Only the days with sessions, within two weeks: the Sunday 专场 (shown first, it has places) and the Tuesday.
        var days = deedTax.Locator("nav.days a");
        Assert.Equal(["2026-11-22", "2026-11-24"], await days.EvaluateAllAsync<string[]>("links => links.map(a => a.dataset.date)"));
        await Expect(days.Nth(0)).ToContainTextAsync("11-22 周日 专场 余 60");
        await Expect(days.Nth(0)).ToHaveAttributeAsync("aria-current", "date");
        await Expect(days.Nth(1)).ToContainTextAsync("11-24 周二 余 6");
        await Expect(deedTax.Locator($"[data-session='{_hall.Sunday.Id}']")).ToBeVisibleAsync();
        await Expect(page.Locator($"[data-item='{_hall.Contracts.Id}']")).ToContainTextAsync("近两周暂无可预约的场次");
        Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"), "wider than the phone");
        await Browser.ScreenshotAsync(page, "citizen-guide-and-days");

        await days.Nth(1).ClickAsync();
        await Expect(deedTax.Locator($"[data-session='{_tuesday.Id}'] .slots a")).ToHaveCountAsync(2);
        await Expect(deedTax.Locator($"[data-session='{_hall.Sunday.Id}']")).ToHaveCountAsync(0);
        await Expect(deedTax.Locator("nav.days a[aria-current='date']")).ToHaveAttributeAsync("data-date", "2026-11-24");
        await Expect(deedTax.Locator("details.guide")).ToHaveJSPropertyAsync("open", true);
        await deedTax.GetByRole(AriaRole.Link, new() { Name = "10:00–11:00" }).ClickAsync();

        await Expect(page.Locator("#guide .materials li")).ToHaveCountAsync(3);
        await page.FillAsync("#name", "李四");
        await page.FillAsync("#phone", TestPeople.Phone(602));
        await page.FillAsync("#idNumber", TestPeople.IdNumber(602));
        await page.FillAsync("#email", $"citizen-{Guid.NewGuid():N}@test.gov.cn");
        await page.ClickAsync("main button[type=submit]");
        await Expect(page.Locator("#guide")).ToContainTextAsync("二楼 B 区税务窗口");
        await Browser.ScreenshotAsync(page, "citizen-booked-calendar");
        var reference = (await page.Locator("#reference").TextContentAsync())!.Trim();

        var download = await page.RunAndWaitForDownloadAsync(() => page.Locator("#add-to-calendar").ClickAsync());
        Assert.Equal("预约-契税-2026-11-24.ics", download.SuggestedFilename);
        var appointment = Assert.Single(Ical.Net.Calendar.Load(await File.ReadAllTextAsync((await download.PathAsync())!))!.Events);
        Assert.Equal(("Asia/Shanghai", new DateTime(2026, 11, 24, 10, 0, 0)), (appointment.DtStart!.TzId, appointment.DtStart.Value));
        Assert.Contains($"预约号：{reference}", appointment.Description, StringComparison.Ordinal);
        await page.GetByRole(AriaRole.Link, new() { Name = "管理我的预约" }).ClickAsync();
        await Expect(page.Locator("#booking #add-to-calendar")).ToHaveAttributeAsync("href", new System.Text.RegularExpressions.Regex("^/appointments/calendar\\?key="));
    }
}
