using System.Text.RegularExpressions;
using Governance.Workflows.ServiceHall.Appointments;
using Governance.Workflows.ServiceHall.Ratings;
using Governance.Workflows.Tests.Infrastructure;
using Governance.Workflows.Tests.SafetyCampaign;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Governance.Workflows.Tests.Pages;

/// <summary>A database of its own: the journey moves the Host's domain clock, and its timer pump fires whatever falls due.</summary>
public sealed class CitizenDayDatabase() : TestDatabase("pages_citizen");

/// <summary>
/// A citizen's whole day on a phone (390 px), through the pages only, in Debian's Chromium:
/// signs up, books, reschedules, checks in, is called and served, rates badly from the emailed
/// link, follows the rectification and appeals it, reports a dispute and follows it, asks for a
/// home visit. Staff, the hall lead and the village team act on their own pages on a hall PC.
/// Every page the citizen sees fits the phone: nothing wider than the screen, no menu item
/// broken inside its text. And the Host's log of the day, as its JSON console writes it, holds
/// none of the ID or phone numbers typed in, nor anything that looks like one.
/// </summary>
[Collection(BrowserTests.Name)]
public sealed class CitizenDayTests(CitizenDayDatabase database) : BrowserTest(database, PagesHall.FridayAt(10)), IClassFixture<CitizenDayDatabase>
{
    private const string Password = "Zhang@2026";

    private PagesHall _hall = null!;
    private TestTownship _township = null!;
    private AppointmentSession _friday = null!;

    protected override async Task SeedAsync()
    {
        _hall = await PagesHall.CreateAsync(database);
        _township = await TestTownship.CreateAsync(database);
        await using var db = database.CreateContext();
        _friday = new AppointmentSession(_hall.Hall.Hall, _hall.DeedTax.Id, "工作日契税预约", PagesHall.Friday, new TimeOnly(9, 0), new TimeOnly(17, 0), TimeSpan.FromHours(1), 5, isWorkingDay: true);
        db.Add(_friday);
        await db.SaveChangesAsync();
    }

    /// <summary>
    /// The page fits a 390 px phone: the document is no wider than the screen, and no item of the
    /// header (the menu opened) is broken over two lines inside its text, as 三零工/作台 was.
    /// </summary>
    private static async Task AssertFitsPhoneAsync(IPage page)
    {
        ArgumentNullException.ThrowIfNull(page);
        var fit = await page.EvaluateAsync<System.Text.Json.JsonElement>("""
            () => {
              const toggle = document.getElementById('menu-toggle');
              const was = toggle ? toggle.checked : false;
              if (toggle) toggle.checked = true;
              // The lines each text of an item runs over: more than one is a word broken inside (三零工/作台).
              const lines = el => {
                const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
                let most = 0;
                for (let text = walker.nextNode(); text; text = walker.nextNode()) {
                  if (!text.textContent.trim()) continue;
                  const r = document.createRange(); r.selectNodeContents(text);
                  most = Math.max(most, new Set([...r.getClientRects()].map(x => Math.round(x.top))).size);
                }
                return most;
              };
              const items = [...document.querySelectorAll('header .brand, header nav a, header .who > *, header .menu-button')].filter(el => el.getClientRects().length > 0);
              const broken = items.filter(el => lines(el) > 1).map(el => el.textContent.trim());
              const result = { scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth, broken, menuItems: document.querySelectorAll('header nav a').length };
              if (toggle) toggle.checked = was;
              return result;
            }
            """);
        var (wide, screen) = (fit.GetProperty("scrollWidth").GetInt32(), fit.GetProperty("innerWidth").GetInt32());
        Assert.True(wide <= screen, $"{page.Url}: {wide} px wide on a {screen} px phone");
        Assert.Empty(fit.GetProperty("broken").EnumerateArray().Select(e => e.GetString()));
        Assert.True(fit.GetProperty("menuItems").GetInt32() > 0, $"{page.Url}: no menu");
    }

    private static async Task NoProblemAsync(IPage page) => await Expect(page.Locator(".problems")).ToHaveCountAsync(0);

    [Fact]
    public async Task A_citizen_signs_up_books_reschedules_checks_in_is_served_rates_badly_appeals_the_rectification_and_follows_a_dispute_on_a_phone()
    {
        var email = $"day-citizen-{Guid.NewGuid():N}@test.gov.cn";
        var phone = TestPeople.Phone(801);
        var page = await Chromium.NewPageAsync(Address, phone: true);

        // Signs up from the header, with a weak password first.
        await page.GotoAsync("");
        await AssertFitsPhoneAsync(page);
        await page.Locator("header .menu-button").ClickAsync();
        await Expect(page.Locator("header nav")).ToBeVisibleAsync();
        await Browser.ScreenshotAsync(page, "day-citizen-01-menu");
        await page.Locator("header .who").GetByRole(AriaRole.Link, new() { Name = "注册", Exact = true }).ClickAsync();
        await page.FillAsync("#name", "张三");
        await page.FillAsync("#email", email);
        await page.FillAsync("#password", "abc");
        await page.FillAsync("#confirm", "abd");
        await page.ClickAsync("main button[type=submit]");
        await Expect(page.Locator("#password-error")).ToContainTextAsync("密码至少 6 位");
        await Expect(page.Locator("#confirm-error")).ToHaveTextAsync("两次输入的密码不一致");
        await Expect(page.Locator("#password")).ToHaveAttributeAsync("aria-invalid", "true");
        await AssertFitsPhoneAsync(page);
        await Browser.ScreenshotAsync(page, "day-citizen-02-signup-errors");
        await page.FillAsync("#password", Password);
        await page.FillAsync("#confirm", Password);
        await page.ClickAsync("main button[type=submit]");
        await Expect(page.Locator(".done")).ToHaveTextAsync("注册成功，欢迎您，张三");
        await Expect(page.Locator(".who")).ToContainTextAsync("张三");

        // Books the Sunday deed-tax 专场 (today's session shows first); the weekday session has no slot in the lunch break, and the hours show the 专场.
        await page.GotoAsync($"appointments?hallId={_hall.Hall.Hall.Id}");
        var friday = page.Locator($"[data-session='{_friday.Id}'] .slots");
        await Expect(friday).ToContainTextAsync("11:00–12:00");
        await Expect(friday).ToContainTextAsync("13:00–14:00");
        await Expect(friday).Not.ToContainTextAsync("12:00–13:00");
        await page.Locator("#hall-hours summary").ClickAsync();
        await Expect(page.Locator("#hours dd[data-day='Sunday']")).ToContainTextAsync("周日契税专场 09:00–12:00");
        await AssertFitsPhoneAsync(page);
        await Browser.ScreenshotAsync(page, "day-citizen-03-sessions-and-hours");
        await page.Locator($"[data-item='{_hall.DeedTax.Id}'] nav.days a[data-date='2026-11-22']").ClickAsync();
        await page.Locator($"[data-session='{_hall.Sunday.Id}']").GetByRole(AriaRole.Link, new() { Name = "09:30–10:00" }).ClickAsync();
        await page.FillAsync("#name", "张三");
        await page.FillAsync("#phone", phone);
        await page.FillAsync("#idNumber", TestPeople.IdNumber(801));
        await page.FillAsync("#email", email);
        await page.ClickAsync("main button[type=submit]");
        await Expect(page.Locator("h1")).ToHaveTextAsync("预约成功");
        Assert.Equal("/appointments/booked", new Uri(page.Url).AbsolutePath);
        Assert.DoesNotContain(phone, page.Url, StringComparison.Ordinal);
        var reference = (await page.Locator("#reference").TextContentAsync())!.Trim();

        // A refresh shows the confirmation again: it does not book again (每人每天限预约一次 was shown over the form).
        await page.ReloadAsync();
        await Expect(page.Locator("#reference")).ToHaveTextAsync(reference);
        await NoProblemAsync(page);
        await AssertFitsPhoneAsync(page);
        await Browser.ScreenshotAsync(page, "day-citizen-04-booked");

        // Moves it to this afternoon, 14:00 (after the lunch break).
        await page.GetByRole(AriaRole.Link, new() { Name = "管理我的预约" }).ClickAsync();
        await Expect(page.Locator("#booking")).ToContainTextAsync("2026-11-22 09:30");
        await Expect(page.Locator("#booking")).ToContainTextAsync("139****0801");
        var afternoon = _friday.Slots.Single(s => s.StartsAt == PagesHall.FridayAt(14));
        await page.SelectOptionAsync("#newSlotId", afternoon.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await page.GetByRole(AriaRole.Button, new() { Name = "改约", Exact = true }).ClickAsync();
        await Expect(page.Locator(".done")).ToHaveTextAsync("已改约，新的时间已发送到您的邮箱");
        await Expect(page.Locator("#booking")).ToContainTextAsync("2026-11-20 14:00");
        await page.ReloadAsync();
        await NoProblemAsync(page);
        await Expect(page.Locator("#booking")).ToContainTextAsync("2026-11-20 14:00");
        await AssertFitsPhoneAsync(page);
        await Browser.ScreenshotAsync(page, "day-citizen-05-rescheduled");

        // At the hall at 13:30: checks in for a B ticket; a refresh does not check in again.
        App.Clock.SetUtcNow(PagesHall.FridayAt(13, 30).ToUniversalTime());
        await page.ReloadAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "签到取号", Exact = true }).ClickAsync();
        var number = (await page.Locator("#ticket-number").TextContentAsync())!.Trim();
        await Expect(page.Locator(".done")).ToHaveTextAsync($"签到成功，您的排队号 {number}");
        await page.ReloadAsync();
        await NoProblemAsync(page);
        await Expect(page.Locator("#ticket-state")).ToHaveTextAsync("等候中");
        await AssertFitsPhoneAsync(page);
        await Browser.ScreenshotAsync(page, "day-citizen-06-checked-in");

        // The B01 window calls and serves the ticket.
        var staff = await Chromium.SignInAsync(App, Address, Roles.WindowStaff, _hall.Hall.Windows[2].OrgUnit, "B01 窗口 孙工");
        await staff.GotoAsync("staff/window");
        await staff.ClickAsync("#call-next");
        await Expect(staff.Locator($"#serving-{number}")).ToBeVisibleAsync();
        await page.ReloadAsync();
        await Expect(page.Locator("#ticket-state")).ToHaveTextAsync("已叫号");
        await staff.ClickAsync($"#complete-{number}");
        await Expect(staff.Locator(".done")).ToHaveTextAsync($"{number} 已办结");
        await page.ReloadAsync();
        await Expect(page.Locator("#ticket-state")).ToHaveTextAsync("已办结");
        await Browser.ScreenshotAsync(page, "day-citizen-07-served");

        // Rates badly (差评) from the emailed link; a rating with no level chosen is refused in Chinese.
        var invitation = (await Mailbox.WaitForAsync(email, 3)).Single(m => m.Text!.Contains("/rate/", StringComparison.Ordinal));
        var token = Regex.Match(invitation.Text!, @"/rate/(\S{32})").Groups[1].Value;
        await page.GotoAsync($"rate/{token}");
        await page.GetByRole(AriaRole.Button, new() { Name = "提交评价", Exact = true }).ClickAsync();
        await Expect(page.Locator(".levels ~ .err")).ToContainTextAsync("请选择非常满意");
        await page.GetByLabel("非常不满意").CheckAsync();
        await page.FillAsync("#comment", "等了很久，窗口态度冷淡");
        await page.GetByRole(AriaRole.Button, new() { Name = "提交评价", Exact = true }).ClickAsync();
        await Expect(page.Locator("#rated")).ToContainTextAsync("非常不满意");
        await AssertFitsPhoneAsync(page);
        await Browser.ScreenshotAsync(page, "day-citizen-08-rated-badly");

        // The hall lead works the rectification on their pages: call back, verify, rectify, report back.
        var lead = await Chromium.SignInAsync(App, Address, Roles.HallLead, $"hall/{_hall.Hall.Hall.Id}", "王主任（值班领导）");
        await lead.GotoAsync("lead");
        await lead.Locator("#cases a[href^='/lead/rectifications/']").First.ClickAsync();
        foreach (var (trigger, name, note) in new[]
        {
            (RectificationWorkflow.CallBack, "回访", "已电话回访张三，了解等候情况"),
            (RectificationWorkflow.Verify, "核实", "经核实，当日下午 B01 窗口一人值守"),
            (RectificationWorkflow.Rectify, "整改", "高峰时段增派一名工作人员，窗口礼仪再培训"),
            (RectificationWorkflow.ReportBack, "反馈群众（邮件）", "已增派人员并对窗口人员再培训，感谢您的监督"),
        })
        {
            await lead.FillAsync($"#note-{trigger}", note);
            await lead.GetByRole(AriaRole.Button, new() { Name = $"提交{name}", Exact = true }).ClickAsync();
            await Expect(lead.Locator(".done")).ToBeVisibleAsync();
        }

        // The citizen follows it on the rating page and appeals the reply once.
        await page.ReloadAsync();
        await Expect(page.Locator("body")).ToContainTextAsync("整改反馈：已增派人员并对窗口人员再培训，感谢您的监督");
        await AssertFitsPhoneAsync(page);
        await Browser.ScreenshotAsync(page, "day-citizen-09-rectification-reported");
        await page.FillAsync("#reason", "下午仍只有一个窗口，问题没有解决");
        await page.GetByRole(AriaRole.Button, new() { Name = "提交申诉", Exact = true }).ClickAsync();
        await Expect(page.Locator(".done")).ToHaveTextAsync("申诉已提交，中心值班领导将复核答复");
        await Expect(page.Locator("#reason")).ToHaveCountAsync(0);

        await lead.ReloadAsync();
        await lead.FillAsync($"#note-{RectificationWorkflow.Review}", "复核属实：自下周起下午增开 B02 窗口");
        await lead.GetByRole(AriaRole.Button, new() { Name = "提交复核答复（邮件）", Exact = true }).ClickAsync();
        await Expect(lead.Locator(".done")).ToBeVisibleAsync();
        await page.ReloadAsync();
        await Expect(page.Locator("body")).ToContainTextAsync("复核答复：复核属实：自下周起下午增开 B02 窗口");
        await Browser.ScreenshotAsync(page, "day-citizen-10-appeal-answered");

        // Reports a dispute at the village where it arose, and follows it as the village team resolves it.
        await page.GotoAsync("my/disputes");
        await page.SelectOptionAsync("#placeId", _township.Village.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await page.FillAsync("#summary", "邻居在公共通道堆放杂物，多次协商未果");
        await page.FillAsync("#party-name", "张三");
        await page.FillAsync("#party-phone", phone);
        await page.ClickAsync("main form.card button[type=submit]");
        await Expect(page.Locator("#state")).ToHaveTextAsync("村级化解中");
        var dispute = new Uri(page.Url).AbsolutePath.Split('/')[^1];
        await AssertFitsPhoneAsync(page);
        await Browser.ScreenshotAsync(page, "day-citizen-11-dispute-reported");

        var village = await Chromium.SignInAsync(App, Address, Roles.VillageTeam, _township.VillageTeam.Scope, "郭丰楼村联动工作队");
        await village.GotoAsync($"sanling/disputes/{dispute}");
        await village.FillAsync("#resolution", "经调解员调解，邻居当日清理通道并承诺不再堆放");
        await village.GetByRole(AriaRole.Button, new() { Name = "化解", Exact = true }).ClickAsync();
        await Expect(village.Locator(".done")).ToBeVisibleAsync();
        await page.ReloadAsync();
        await Expect(page.Locator("#state")).ToHaveTextAsync("待回访");
        await Expect(page.Locator("body")).ToContainTextAsync("经调解员调解，邻居当日清理通道并承诺不再堆放");
        await page.GotoAsync("my/disputes");
        await Expect(page.Locator("#mine")).ToContainTextAsync("待回访");
        await AssertFitsPhoneAsync(page);
        await Browser.ScreenshotAsync(page, "day-citizen-12-dispute-followed");

        // Asks for a home visit for an elderly mother: an empty form is refused field by field, then a reference.
        await page.Locator("header .menu-button").ClickAsync();
        await page.Locator("header nav").GetByRole(AriaRole.Link, new() { Name = "上门服务", Exact = true }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "提交申请", Exact = true }).ClickAsync();
        await Expect(page.Locator("#reasonKind-error")).ToContainTextAsync("请选择高龄老人");
        await Expect(page.Locator("#applicantPhone-error")).ToHaveTextAsync("请填写 11 位手机号码");
        await Expect(page.Locator("#address-error")).ToBeVisibleAsync();
        await AssertFitsPhoneAsync(page);
        await Browser.ScreenshotAsync(page, "day-citizen-13-home-visit-errors");
        await page.SelectOptionAsync("#reasonKind", "Elderly");
        await page.FillAsync("#matter", "不动产登记");
        await page.FillAsync("#applicantName", "张母");
        await page.FillAsync("#applicantPhone", TestPeople.Phone(802));
        await page.FillAsync("#idNumber", TestPeople.IdNumber(802));
        await page.FillAsync("#address", "项城市莲花路 8 号");
        await page.GetByRole(AriaRole.Button, new() { Name = "提交申请", Exact = true }).ClickAsync();
        var visitReference = (await page.Locator("#reference").TextContentAsync())!.Trim();
        Assert.Matches("^SM-[0-9A-F]{8}$", visitReference);
        await Expect(page.Locator(".done")).ToContainTextAsync($"申请编号 {visitReference}");
        await Expect(page.Locator("#state")).ToHaveTextAsync("待审核");
        await Expect(page.Locator("#visit")).ToContainTextAsync("139****0802");
        await AssertFitsPhoneAsync(page);
        await Browser.ScreenshotAsync(page, "day-citizen-14-home-visit-requested");
        await page.GotoAsync("my/home-visits");
        await Expect(page.Locator("#mine")).ToContainTextAsync(visitReference);

        // A whole day of ID and phone numbers typed into the pages, and none of them in the log.
        AssertLogHoldsNoPersonalData();
    }

    [Fact]
    public async Task Every_citizen_page_fits_a_phone_and_an_email_already_registered_is_refused_next_to_its_field()
    {
        var email = $"phone-citizen-{Guid.NewGuid():N}@test.gov.cn";
        var page = await Chromium.NewPageAsync(Address, phone: true);
        foreach (var path in new[] { "", "appointments", $"appointments?hallId={_hall.Hall.Hall.Id}", $"appointments/book/{_friday.Slots[^1].Id}", "appointments/manage", "login", "register" })
        {
            await page.GotoAsync(path);
            await AssertFitsPhoneAsync(page);
        }

        await page.FillAsync("#name", "李四");
        await page.FillAsync("#email", email);
        await page.FillAsync("#password", Password);
        await page.FillAsync("#confirm", Password);
        await page.ClickAsync("main button[type=submit]");
        await Expect(page.Locator(".who")).ToContainTextAsync("李四");
        foreach (var path in new[] { "", "my/disputes", "my/home-visits", "appointments" })
        {
            await page.GotoAsync(path);
            await AssertFitsPhoneAsync(page);
        }

        var again = await Chromium.NewPageAsync(Address, phone: true);
        await again.GotoAsync("register");
        await again.FillAsync("#name", "李四");
        await again.FillAsync("#email", email);
        await again.FillAsync("#password", Password);
        await again.FillAsync("#confirm", Password);
        await again.ClickAsync("main button[type=submit]");
        await Expect(again.Locator("#email-error")).ToHaveTextAsync("该邮箱已注册，请直接登录");
        await Expect(again.Locator(".who")).Not.ToContainTextAsync("李四");
    }
}
