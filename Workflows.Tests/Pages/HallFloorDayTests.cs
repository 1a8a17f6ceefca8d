using System.Text.RegularExpressions;
using Governance.Engine.Runtime;
using Governance.Workflows.ServiceHall.Queue;
using Governance.Workflows.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Governance.Workflows.Tests.Pages;

/// <summary>
/// The hall floor in Chromium: a walk-in takes a number at the kiosk and gets a slip with a QR,
/// follows the ticket on a phone, sees it on the big screen (and hears it: the announcement) when
/// the window calls it, is set aside for not coming, rejoins behind the next ones and is served:
/// while open the phone picks its ticket from the hall's shared part, and finished it stops asking.
/// </summary>
[Collection(BrowserTests.Name)]
public sealed class HallFloorDayTests(PagesDatabase database) : BrowserTest(database, PagesHall.FridayAt(10))
{
    /// <summary>The phone page and the screen refresh when a change reaches them by push, after the publisher's gather and the page's debounce: an assertion on them waits longer than the default.</summary>
    private static readonly LocatorAssertionsToHaveTextOptions LiveText = new() { Timeout = 20_000 };

    private static readonly LocatorAssertionsToContainTextOptions LiveContains = new() { Timeout = 20_000 };

    private PagesHall _hall = null!;

    protected override async Task SeedAsync() => _hall = await PagesHall.CreateAsync(database);

    [Fact]
    public async Task A_walk_in_takes_a_number_follows_it_on_the_phone_is_called_on_the_big_screen_set_aside_and_rejoins()
    {
        var ct = TestContext.Current.CancellationToken;
        var a01 = _hall.Hall.Windows[0];
        var issue = App.Services.GetRequiredService<IssueTicketHandler>();
        var desk = new Actor("desk", "咨询台", Roles.WindowStaff, $"hall/{_hall.Hall.Hall.Id}");
        var before = new List<TicketView>();
        for (var i = 0; i < 2; i++)
        {
            before.Add(await issue.HandleAsync(new IssueTicket(_hall.Contracts.Id, null, null, null, null), desk, ct));
        }

        // Staff open their window page, which links the hall's kiosk; the kiosk PC opens that link, signed in as no one.
        var staff = await Chromium.SignInAsync(App, Address, Roles.WindowStaff, a01.OrgUnit, "A01 窗口 李工");
        await staff.GotoAsync("staff/window");
        var kioskLink = await staff.Locator("#kiosk-link").GetAttributeAsync("href");
        var kiosk = await Chromium.NewPageAsync(Address);
        await kiosk.GotoAsync(kioskLink!.TrimStart('/'));
        await Expect(kiosk.Locator($"#take-{_hall.Contracts.Id}")).ToContainTextAsync("等候 2 人");
        await Browser.ScreenshotAsync(kiosk, "floor-01-kiosk");
        var form = kiosk.Locator($"form:has(#take-{_hall.Contracts.Id})");
        var fields = new Dictionary<string, string>();
        foreach (var name in new[] { "itemId", "tap", "__RequestVerificationToken" })
        {
            fields[name] = (await form.Locator($"input[name='{name}']").GetAttributeAsync("value"))!;
        }

        await kiosk.ClickAsync($"#take-{_hall.Contracts.Id}");
        await Expect(kiosk.Locator("#slip-number")).ToHaveTextAsync("A003");
        await Expect(kiosk.Locator("#slip-ahead")).ToHaveTextAsync("2");
        await Expect(kiosk.Locator(".slip-qr svg")).ToBeVisibleAsync();
        await Browser.ScreenshotAsync(kiosk, "floor-02-slip");
        var link = await kiosk.Locator(".slip-qr").GetAttributeAsync("data-link");
        Assert.StartsWith(Address.ToString(), link, StringComparison.Ordinal);

        // The same tap sent again (a double tap the page's script missed, a retry) gets the same slip, no second ticket.
        var again = await kiosk.Context.APIRequest.PostAsync($"{kioskLink!.TrimStart('/')}?handler=Take", new() { Form = FormOf(kiosk, fields), MaxRedirects = 0 });
        Assert.Equal(new Uri(kiosk.Url).PathAndQuery, again.Headers["location"]);
        Assert.Equal(3, (await App.Services.GetRequiredService<HallFloorQueries>().ItemsAsync(_hall.Hall.Hall.Id, ct))!.Single(i => i.ItemId == _hall.Contracts.Id).Waiting);

        // The phone (no account) and the big screen (no account).
        var phone = await Chromium.NewPageAsync(Address, phone: true);
        var refreshes = new List<string>();
        phone.Request += (_, request) =>
        {
            if (request.Url.Contains("live=", StringComparison.Ordinal))
            {
                lock (refreshes)
                {
                    refreshes.Add(Regex.Replace(new Uri(request.Url).PathAndQuery, "[?&]live=[^&]*$", ""));
                }
            }
        };
        await phone.GotoAsync(link!);
        await Expect(phone.Locator("#number")).ToHaveTextAsync("A003", LiveText);
        await Expect(phone.Locator("#ahead")).ToHaveTextAsync("2", LiveText);
        await Browser.ScreenshotAsync(phone, "floor-03-phone-waiting");
        var screen = await Chromium.NewPageAsync(Address);
        await screen.GotoAsync($"hall/{_hall.Hall.Hall.Id}/screen");
        await screen.ClickAsync("#sound");
        await Expect(screen.Locator($"[data-item='{_hall.Contracts.Id}'] .count")).ToHaveTextAsync("3 人", LiveText);

        // A01 serves the two before, then calls A003: the phone and the screen say where to go.
        await staff.ReloadAsync();
        foreach (var t in before)
        {
            await staff.ClickAsync("#call-next");
            await staff.ClickAsync($"#complete-{t.Number}");
            await Expect(staff.Locator(".done")).ToHaveTextAsync($"{t.Number} 已办结");
        }

        await Expect(phone.Locator("#ahead")).ToHaveTextAsync("0", LiveText);
        await staff.ClickAsync("#call-next");
        await Expect(staff.Locator("#state-A003")).ToHaveTextAsync("已叫号");
        await Expect(phone.Locator("#go")).ToContainTextAsync($"请到 {a01.Code} 号窗口办理", LiveContains);
        await Expect(screen.Locator("table.called [data-number='A003']")).ToContainTextAsync(a01.Code, LiveContains);
        await Expect(screen.Locator("#announcer")).ToHaveTextAsync($"请 A003 号到 {a01.Code} 号窗口办理", LiveText);
        await Browser.ScreenshotAsync(screen, "floor-04-big-screen");
        await Browser.ScreenshotAsync(phone, "floor-05-phone-called");

        // 重呼 is announced again.
        await screen.EvaluateAsync("document.getElementById('announcer').textContent = ''");
        await staff.ClickAsync("#recall-A003");
        await Expect(screen.Locator("#announcer")).ToHaveTextAsync($"请 A003 号到 {a01.Code} 号窗口办理", LiveText);

        // Meanwhile two more walk-ins; the citizen does not come: three minutes on, the ticket's timer sets it aside.
        var later = new List<TicketView>();
        for (var i = 0; i < 2; i++)
        {
            later.Add(await issue.HandleAsync(new IssueTicket(_hall.Contracts.Id, null, null, null, null), desk, ct));
        }

        App.Clock.Advance(TimeSpan.FromMinutes(4));
        await App.Services.GetRequiredService<TimerPump>().FireDueAsync(100, ct);
        await Expect(phone.Locator("#state")).ToHaveTextAsync("已过号", LiveText);
        await staff.ReloadAsync();
        await Expect(staff.Locator("#set-aside [data-set-aside='A003']")).ToBeVisibleAsync();
        await Browser.ScreenshotAsync(staff, "floor-06-set-aside");

        // Back at the window: 回队 behind the next three, of whom two wait: last in the queue, two ahead.
        await staff.ClickAsync("#rejoin-A003");
        await Expect(staff.Locator(".done")).ToHaveTextAsync("A003 等候中");
        await Expect(phone.Locator("#ahead")).ToHaveTextAsync("2", LiveText);
        await Expect(staff.Locator("#waiting tbody tr").Last).ToHaveAttributeAsync("data-ticket", "A003");
        Assert.Equal(["A004", "A005", "A003"], await staff.Locator("#waiting tbody tr").EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.ticket)"));

        // Served at last: while open, the phone picked its ticket from its item's shared part at every change.
        foreach (var (number, where, text) in new[] { ("A004", "#ahead", "1"), ("A005", "#ahead", "0"), ("A003", "#go", $"请到 {a01.Code} 号窗口办理") })
        {
            await staff.ClickAsync("#call-next");
            await Expect(phone.Locator(where)).ToContainTextAsync(text, LiveContains);
            await staff.ClickAsync($"#complete-{number}");
            await Expect(staff.Locator(".done")).ToHaveTextAsync($"{number} 已办结");
        }

        // Finished, it is no longer in the shared part: the phone falls back to its own part once, and then asks no more.
        await Expect(phone.Locator("#go")).ToHaveTextAsync("本号已结束（已办结）。", LiveText);
        var hallPart = $"/hall/{_hall.Hall.Hall.Id}/tickets?item={_hall.Contracts.Id}";
        var ownPart = $"{new Uri(link!).AbsolutePath}?handler=Live";
        string[] asked;
        lock (refreshes)
        {
            asked = [.. refreshes];
        }

        Assert.Equal(asked.Length - 1, asked.Count(r => r == hallPart));
        Assert.Equal(ownPart, asked[^1]);
        await issue.HandleAsync(new IssueTicket(_hall.Contracts.Id, null, null, null, null), desk, ct);
        await Expect(screen.Locator($"[data-item='{_hall.Contracts.Id}'] .count")).ToHaveTextAsync("1 人", LiveText);
        await phone.WaitForTimeoutAsync(1000);
        lock (refreshes)
        {
            Assert.Equal(asked, refreshes);
        }

        AssertLogHoldsNoPersonalData();
    }

    private static IFormData FormOf(IPage page, Dictionary<string, string> fields)
    {
        var form = page.Context.APIRequest.CreateFormData();
        foreach (var (name, value) in fields)
        {
            form.Set(name, value);
        }

        return form;
    }
}
