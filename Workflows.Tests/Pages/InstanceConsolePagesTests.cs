using Governance.Engine.Runtime;
using Governance.Workflows.ServiceHall.ExtendedHours;
using Governance.Workflows.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Governance.Workflows.Tests.Pages;

/// <summary>
/// The administrator mends instances through the console's pages in Debian's Chromium: finds an
/// extended-hours service by its window, cancels it with a reason (refused without one), and sends
/// a delivered email again; anyone else gets the 无权访问 page.
/// </summary>
[Collection(BrowserTests.Name)]
public sealed class InstanceConsolePagesTests(PagesDatabase database) : BrowserTest(database, PagesHall.FridayAt(10))
{
    private async Task<(TestHall Hall, WorkflowInstance Instance)> ExtendedHoursAsync()
    {
        var hall = await TestHall.CreateAsync(database);
        var register = App.Services.GetRequiredService<RegisterExtendedHoursHandler>();
        var instance = await register.HandleAsync(
            new RegisterExtendedHours(hall.Windows[0].Id, "商品房合同备案（20 份）", ApplicantKind.Company, "周口某置业有限公司", "13812345678", "合同当日到期，须当日备案", PagesHall.FridayAt(18)),
            RuntimeHarness.Staff(hall),
            CancellationToken.None);
        return (hall, instance);
    }

    [Fact]
    public async Task The_administrator_finds_a_service_by_its_window_and_cancels_it_with_a_reason()
    {
        var (hall, instance) = await ExtendedHoursAsync();
        var page = await Chromium.SignInAsync(App, Address, Roles.Admin, "", "系统管理员 王工");
        await page.GotoAsync("admin");
        await page.ClickAsync("a[href='/admin/instances']");
        await page.SelectOptionAsync("#f-workflow", ExtendedHoursWorkflow.Name);
        await page.FillAsync("#f-org", hall.Windows[0].OrgUnit);
        await page.GetByRole(AriaRole.Button, new() { Name = "查找", Exact = true }).ClickAsync();
        var row = page.Locator($"#instances tr[data-id='{instance.Id}']");
        await Expect(row).ToContainTextAsync("延时办理中");
        await Expect(page.Locator("#instances tbody tr")).ToHaveCountAsync(1);
        await Browser.ScreenshotAsync(page, "admin-instances");

        await row.Locator("a").ClickAsync();
        await Expect(page.Locator("#state")).ToContainTextAsync("延时办理中");
        // Its data field by field, masked, in words and China time: no JSON for a person to read.
        await Expect(page.Locator("#data tr", new() { HasText = "applicantPhone" })).ToContainTextAsync("138****5678");
        await Expect(page.Locator("#data")).Not.ToContainTextAsync("{");
        await Expect(page.Locator("#data")).Not.ToContainTextAsync("+00:00");
        await Expect(page.Locator("#timers")).ToContainTextAsync("待触发");
        await Expect(page.Locator("#work-items")).ToContainTextAsync("未关闭");
        await Expect(page.Locator("body[data-diagram='drawn']")).ToHaveCountAsync(1);

        await page.GetByRole(AriaRole.Button, new() { Name = "撤销事项" }).ClickAsync();
        await Expect(page.Locator("#cancel .err")).ToHaveTextAsync("必填");
        await page.FillAsync("#cancel-reason", "重复登记，申请人已在 A02 窗口办结");
        await page.GetByRole(AriaRole.Button, new() { Name = "撤销事项" }).ClickAsync();

        await Expect(page.Locator(".done")).ToContainTextAsync("已撤销该事项");
        await Expect(page.Locator("#state")).ToContainTextAsync("已撤销");
        await Expect(page.Locator("#ledger li.Cancelled")).ToContainTextAsync("重复登记，申请人已在 A02 窗口办结");
        await Expect(page.Locator("#ledger li.Cancelled")).ToContainTextAsync("系统管理员 王工");
        await Expect(page.Locator("#timers")).ToContainTextAsync("已取消");
        await Expect(page.Locator("#cancel")).ToHaveCountAsync(0);
        await Browser.ScreenshotAsync(page, "admin-instance-cancelled");

        await using var db = database.CreateContext();
        Assert.Equal(1, await db.Ledger.CountAsync(l => l.InstanceId == instance.Id && l.Kind == LedgerKind.Cancelled));
    }

    [Fact]
    public async Task The_administrator_sends_a_delivered_email_again_as_a_new_copy()
    {
        var (hall, instance) = await ExtendedHoursAsync();
        Assert.Single(await Mailbox.WaitForAsync(hall.LeadEmail));
        await using (var db = database.CreateContext())
        {
            for (var i = 0; i < 100 && !await db.Outbox.AnyAsync(o => o.InstanceId == instance.Id && o.SentAt != null); i++)
            {
                await Task.Delay(100);
            }
        }

        var page = await Chromium.SignInAsync(App, Address, Roles.Admin, "", "系统管理员 王工");
        await page.GotoAsync($"admin/instances/{instance.Id}");
        var sent = page.Locator("#outbox tr[data-state='Sent']");
        await Expect(sent).ToContainTextAsync("已发送");
        await sent.GetByRole(AriaRole.Button, new() { Name = "重发" }).ClickAsync();
        await Expect(sent.Locator(".err")).ToHaveTextAsync("必填");
        await sent.Locator("input[name='reason']").FillAsync("值班领导称未收到");
        await sent.GetByRole(AriaRole.Button, new() { Name = "重发" }).ClickAsync();

        await Expect(page.Locator(".done")).ToContainTextAsync("已另发一份该邮件");
        await Expect(page.Locator("#outbox tbody tr")).ToHaveCountAsync(2);
        await Expect(page.Locator("#outbox")).ToContainTextAsync("重发件");
        await Expect(page.Locator("#ledger")).ToContainTextAsync("值班领导称未收到");
        Assert.Equal(2, (await Mailbox.WaitForAsync(hall.LeadEmail, 2)).Count);
        await page.ReloadAsync();
        await Expect(page.Locator("#outbox tr[data-state='Sent']")).ToHaveCountAsync(2);
        await Expect(page.Locator("#outbox a[href^='/hangfire/jobs/details/']")).ToHaveCountAsync(2);
        await Browser.ScreenshotAsync(page, "admin-instance-resent");
    }

    [Fact]
    public async Task Anyone_but_the_administrator_gets_the_no_access_page()
    {
        var (hall, instance) = await ExtendedHoursAsync();
        var lead = await Chromium.SignInAsync(App, Address, Roles.HallLead, $"hall/{hall.Hall.Id}", "王主任（值班领导）");
        await lead.GotoAsync("admin/instances");
        Assert.EndsWith("/denied", new Uri(lead.Url).AbsolutePath, StringComparison.Ordinal);
        await Expect(lead.Locator("h1")).ToContainTextAsync("无权访问");
        await lead.GotoAsync($"admin/instances/{instance.Id}");
        Assert.EndsWith("/denied", new Uri(lead.Url).AbsolutePath, StringComparison.Ordinal);
    }
}
