using Governance.Engine.Runtime;
using Governance.Workflows.ServiceHall.HomeVisits;
using Governance.Workflows.ServiceHall.Queue;
using Governance.Workflows.ServiceHall.Ratings;
using Governance.Workflows.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Governance.Workflows.Tests.Pages;

/// <summary>
/// The hall lead's day through the pages only, on a hall PC: a home visit from review to done
/// (every refusal on the way said on the page, none as JSON; the record waits for the visit's
/// time, the domain clock moved past it), a bad rating's rectification through to the reply
/// emailed to the citizen, and the reveal log naming the ticket. The day's requests (the visit
/// asked for at a window, a citizen's bad rating, a walk-in) are seeded through the use cases.
/// </summary>
[Collection(BrowserTests.Name)]
public sealed class LeadDayTests(PagesDatabase database) : BrowserTest(database, PagesHall.FridayAt(10))
{
    private PagesHall _hall = null!;

    protected override async Task SeedAsync() => _hall = await PagesHall.CreateAsync(database);

    private Actor StaffOf(int window) => new($"staff-{_hall.Hall.Windows[window].Id}", "窗口工作人员", Roles.WindowStaff, _hall.Hall.Windows[window].OrgUnit);

    private Task<WorkflowInstance> HomeVisitRequestedAsync() =>
        App.Services.GetRequiredService<RequestHomeVisitHandler>().HandleAsync(
            new RequestHomeVisit(_hall.Hall.Hall.Id, _hall.Hall.Windows[1].Id, "不动产登记", HomeVisitReason.Elderly,
                "刘奶奶", TestPeople.Phone(741), TestPeople.IdNumber(741), "项城市莲花路 8 号", null, "行动不便"),
            StaffOf(1), TestContext.Current.CancellationToken);

    /// <summary>A citizen served at A01 rates it 不满意 from the emailed link: the rectification opens.</summary>
    private async Task BadRatingAsync(string email)
    {
        var invitation = await App.Services.GetRequiredService<InviteRatingHandler>().HandleAsync(
            new InviteRating(null, _hall.Hall.Windows[0].Id, _hall.Contracts.Id, "陈女士", email, null), StaffOf(0), TestContext.Current.CancellationToken);
        var token = invitation.Link[(invitation.Link.LastIndexOf('/') + 1)..];
        var receipt = await App.Services.GetRequiredService<RateServiceHandler>().HandleAsync(
            new RateService(token, RatingLevel.Dissatisfied, "等候时间太长，无人解释"), TestContext.Current.CancellationToken);
        Assert.True(receipt.RectificationOpened);
    }

    [Fact]
    public async Task The_lead_works_a_home_visit_to_done_and_a_bad_rating_to_its_reply_and_reads_which_ticket_was_revealed()
    {
        var visit = await HomeVisitRequestedAsync();
        var citizenEmail = $"rated-{Guid.NewGuid():N}@test.gov.cn";
        await BadRatingAsync(citizenEmail);
        var ticket = await App.Services.GetRequiredService<IssueTicketHandler>().HandleAsync(
            new IssueTicket(_hall.Contracts.Id, "市民742", TestPeople.Phone(742), TestPeople.IdNumber(742), null), StaffOf(0), TestContext.Current.CancellationToken);

        var lead = await Chromium.SignInAsync(App, Address, Roles.HallLead, $"hall/{_hall.Hall.Hall.Id}", "王主任（值班领导）");
        await lead.GotoAsync("lead");
        await Expect(lead.Locator("#cases")).ToContainTextAsync(visit.Title);
        await Expect(lead.Locator("#cases")).ToContainTextAsync("差评整改");
        await Browser.ScreenshotAsync(lead, "day-lead-01-overview");

        // Review: 不通过 needs a reason, said under the field; then approved.
        await lead.ClickAsync($"#cases a[href='/staff/home-visits/{visit.Id}']");
        await lead.GetByRole(AriaRole.Button, new() { Name = "不通过", Exact = true }).ClickAsync();
        await Expect(lead.Locator("#review-note ~ .err")).ToHaveTextAsync("必填");
        await Expect(lead.Locator("body")).Not.ToContainTextAsync("\"status\"");
        await Browser.ScreenshotAsync(lead, "day-lead-02-reject-needs-reason");
        await lead.FillAsync("#review-note", "情况属实，同意上门");
        await lead.GetByRole(AriaRole.Button, new() { Name = "审核通过", Exact = true }).ClickAsync();
        await Expect(lead.Locator(".done")).ToHaveTextAsync("已审核通过");

        // Schedule: a time in the past, a year nobody means, then this afternoon.
        await lead.FillAsync("#at", "2026-11-19T09:00");
        await lead.FillAsync("#staff", "A02 窗口 孙工");
        await lead.GetByRole(AriaRole.Button, new() { Name = "安排上门", Exact = true }).ClickAsync();
        await Expect(lead.Locator("#at ~ .err")).ToHaveTextAsync("上门时间不能早于当前时间");
        await Browser.ScreenshotAsync(lead, "day-lead-03-schedule-in-the-past");
        await lead.FillAsync("#at", "1999-11-20T15:00");
        await lead.FillAsync("#staff", "A02 窗口 孙工");
        await lead.GetByRole(AriaRole.Button, new() { Name = "安排上门", Exact = true }).ClickAsync();
        await Expect(lead.Locator("div.problems")).ToContainTextAsync("日期不合理，须在 2000 年至 2099 年之间");
        await Expect(lead.Locator("h1")).ToContainTextAsync("上门服务");
        await lead.FillAsync("#at", "2026-11-20T15:00");
        await lead.FillAsync("#staff", "A02 窗口 孙工");
        await lead.GetByRole(AriaRole.Button, new() { Name = "安排上门", Exact = true }).ClickAsync();
        await Expect(lead.Locator(".done")).ToHaveTextAsync("已安排上门");

        // Record: an empty record is refused under its field; before 15:00 the visit has not happened.
        await lead.GetByRole(AriaRole.Button, new() { Name = "填写上门记录", Exact = true }).ClickAsync();
        await Expect(lead.Locator("#done ~ .err")).ToHaveTextAsync("必填");
        await lead.FillAsync("#done", "上门核验身份、采集签名，受理不动产登记");
        await lead.GetByRole(AriaRole.Button, new() { Name = "填写上门记录", Exact = true }).ClickAsync();
        await Expect(lead.Locator("div.problems")).ToHaveTextAsync("尚未到上门时间：上门安排在 11月20日 15:00，上门之后才能填写上门记录");
        await Browser.ScreenshotAsync(lead, "day-lead-04-record-before-the-visit");

        // 16:00: the visit has happened; recorded, then closed.
        App.Clock.SetUtcNow(PagesHall.FridayAt(16).ToUniversalTime());
        await lead.GotoAsync($"staff/home-visits/{visit.Id}");
        await lead.FillAsync("#done", "上门核验身份、采集签名，受理不动产登记");
        await lead.GetByRole(AriaRole.Button, new() { Name = "填写上门记录", Exact = true }).ClickAsync();
        await Expect(lead.Locator(".done")).ToHaveTextAsync("上门记录已填写");
        await Browser.ScreenshotAsync(lead, "day-lead-05-visit-recorded");
        await lead.FillAsync("#close-note", "当场受理，群众满意");
        await lead.GetByRole(AriaRole.Button, new() { Name = "办结", Exact = true }).ClickAsync();
        await Expect(lead.Locator(".done")).ToHaveTextAsync("已办结");
        await Expect(lead.Locator("h1 .badge")).ToHaveTextAsync("已办结");
        await Expect(lead.Locator(".facts")).ToContainTextAsync("上门核验身份、采集签名，受理不动产登记（当场办结，跑动 1 次）");
        await Browser.ScreenshotAsync(lead, "day-lead-06-visit-done");

        // The bad rating: each step of its rectification with its note, the reply emailed to the citizen.
        await lead.GotoAsync("lead");
        await lead.ClickAsync("#cases a[href^='/lead/rectifications/']");
        await Expect(lead.Locator(".facts")).ToContainTextAsync("不满意：等候时间太长，无人解释");
        await lead.GetByRole(AriaRole.Button, new() { Name = "提交回访", Exact = true }).ClickAsync();
        await Expect(lead.Locator("textarea ~ .err")).ToHaveTextAsync("必填");
        await Browser.ScreenshotAsync(lead, "day-lead-07-rectification-note-required");
        foreach (var (step, note) in new[]
        {
            ("回访", "已电话回访陈女士，致歉并说明当日窗口人手不足"),
            ("核实", "核实当日 A01 等候超过 40 分钟，未安排引导"),
            ("整改", "高峰时段增开 A02 协办，设引导员解释等候"),
            ("反馈群众（邮件）", "您反映的等候问题已整改：高峰时段增开窗口并设引导员"),
        })
        {
            await lead.FillAsync("textarea[name=note]", note);
            await lead.GetByRole(AriaRole.Button, new() { Name = $"提交{step}", Exact = true }).ClickAsync();
            await Expect(lead.Locator(".done")).ToHaveTextAsync("已记录");
        }

        await Expect(lead.Locator("h1 .badge")).ToHaveTextAsync("已反馈（申诉期内）");
        await Expect(lead.Locator(".facts")).ToContainTextAsync("高峰时段增开 A02 协办，设引导员解释等候");
        await Browser.ScreenshotAsync(lead, "day-lead-08-rectification-reported");
        var mails = await Mailbox.WaitForAsync(citizenEmail, count: 2);
        Assert.Contains(mails, m => m.Text?.Contains("您反映的等候问题已整改", StringComparison.Ordinal) == true);

        // A01 shows a citizen's number in full; the lead's log says which ticket, never the number.
        var staff = await Chromium.SignInAsync(App, Address, Roles.WindowStaff, _hall.Hall.Windows[0].OrgUnit, "A01 窗口 李工");
        await staff.GotoAsync("staff/window");
        await staff.ClickAsync("#call-next");
        await staff.ClickAsync($"#reveal-phone-{ticket.Number}");
        await Expect(staff.Locator($"#phone-{ticket.Number}")).ToHaveTextAsync(TestPeople.Phone(742));
        await lead.GotoAsync("lead");
        var log = lead.Locator("#reveals tbody tr").First;
        await Expect(log).ToContainTextAsync("A01 窗口 李工");
        await Expect(log).ToContainTextAsync($"排队号 {ticket.Number}（11月20日，商品房合同备案）");
        await Expect(log).ToContainTextAsync("手机号");
        await Expect(lead.Locator("#reveals")).Not.ToContainTextAsync(TestPeople.Phone(742));
        await Browser.ScreenshotAsync(lead, "day-lead-09-reveal-log");

        AssertLogHoldsNoPersonalData();
    }

    /// <summary>
    /// A walk-in served at A01 through the use cases, the clock moved: called four minutes after
    /// taking the ticket, at the window at once (its no-show timer would otherwise set it aside
    /// once the clock passes three minutes), done <paramref name="minutesToServe"/> later.
    /// </summary>
    private async Task ServedAtA01Async(int minutesToServe)
    {
        var ct = TestContext.Current.CancellationToken;
        var serve = App.Services.GetRequiredService<ServeTicketHandler>();
        var ticket = await App.Services.GetRequiredService<IssueTicketHandler>().HandleAsync(new IssueTicket(_hall.Contracts.Id, null, null, null, null), StaffOf(0), ct);
        App.Clock.Advance(TimeSpan.FromMinutes(4));
        await App.Services.GetRequiredService<CallNextHandler>().HandleAsync(_hall.Hall.Windows[0].Id, StaffOf(0), ct);
        await serve.StepAsync(new CallStep(ticket.Id, TicketWorkflow.Arrive, database.VersionOf(ticket.Id)), StaffOf(0), ct);
        App.Clock.Advance(TimeSpan.FromMinutes(minutesToServe));
        await serve.CompleteAsync(new CompleteTicket(ticket.Id, null, database.VersionOf(ticket.Id)), StaffOf(0), ct);
    }

    [Fact]
    public async Task The_lead_reads_the_days_figures_and_their_curve_switches_to_the_month_and_on_a_phone_nothing_scrolls_sideways()
    {
        await ServedAtA01Async(5);
        var lead = await Chromium.SignInAsync(App, Address, Roles.HallLead, $"hall/{_hall.Hall.Hall.Id}", "王主任（值班领导）");
        await lead.GotoAsync("lead");

        var a01 = lead.Locator("#figures-windows tr[data-window='A01'] td");
        await Expect(a01.Nth(1)).ToHaveTextAsync("1");
        await Expect(a01.Nth(3)).ToHaveTextAsync("4 分钟");
        await Expect(a01.Nth(5)).ToHaveTextAsync("5 分钟");
        await Expect(lead.Locator("#figures-items tr[data-item='SPFBA'] td").Nth(1)).ToHaveTextAsync("1");
        await Expect(lead.Locator("#figures-period a[aria-current='page']")).ToHaveTextAsync("今日");
        await Expect(lead.Locator("body[data-figures-chart='drawn'] #figures-chart svg")).ToBeVisibleAsync();
        await Expect(lead.Locator("#figures-chart svg text").Filter(new() { HasText = "平均等候" })).Not.ToHaveCountAsync(0);
        Assert.Equal($"queue-ticket hall/{_hall.Hall.Hall.Id}", await lead.Locator("#figures").GetAttributeAsync("data-topics"));
        await Browser.ScreenshotAsync(lead, "day-lead-10-figures");

        // A second citizen served; the tables come again from the live address, and the chart is drawn again over them.
        await ServedAtA01Async(7);
        await lead.EvaluateAsync("""
            async () => {
                const live = document.getElementById("figures");
                delete document.body.dataset.figuresChart;
                live.innerHTML = await (await fetch(live.dataset.live, { headers: { "X-Requested-With": "live" } })).text();
            }
            """);
        await Expect(a01.Nth(1)).ToHaveTextAsync("2");
        await Expect(a01.Nth(5)).ToHaveTextAsync("6 分钟");
        await Expect(lead.Locator("body[data-figures-chart='drawn'] #figures-chart svg")).ToBeVisibleAsync();

        await lead.GetByRole(AriaRole.Link, new() { Name = "本月", Exact = true }).ClickAsync();
        await Expect(lead).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("period=month"));
        await Expect(lead.Locator("h2").Filter(new() { HasText = "运行数据" })).ToContainTextAsync("2026年11月");
        await Expect(lead.Locator("#figures-items tr[data-item='total'] td").Nth(1)).ToHaveTextAsync("2");
        Assert.Equal("/lead?handler=Figures&period=month", await lead.Locator("#figures").GetAttributeAsync("data-live"));

        var phone = await Chromium.NewPageAsync(Address, phone: true);
        await phone.Context.AddCookiesAsync((await lead.Context.CookiesAsync()).Select(c => new Cookie
        {
            Name = c.Name, Value = c.Value, Domain = c.Domain, Path = c.Path, Expires = c.Expires, HttpOnly = c.HttpOnly, Secure = c.Secure, SameSite = c.SameSite,
        }));
        await phone.GotoAsync("lead");
        await Expect(phone.Locator("body[data-figures-chart='drawn'] #figures-chart svg")).ToBeVisibleAsync();
        Assert.True(await phone.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"), "the overview scrolls sideways on a 390 px phone");
        Assert.True(await phone.Locator("#figures-chart").EvaluateAsync<bool>("e => e.getBoundingClientRect().right <= window.innerWidth"));
        await Browser.ScreenshotAsync(phone, "day-lead-11-figures-phone");
    }
}
