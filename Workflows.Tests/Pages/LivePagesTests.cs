using System.Net;
using System.Net.Http.Json;
using Governance.Workflows.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Governance.Workflows.Tests.Pages;

/// <summary>A live page in Debian's Chromium is pushed a change: no reload, no polling.</summary>
[Collection(BrowserTests.Name)]
public sealed class LivePagesTests(PagesDatabase database) : BrowserTest(database, PagesHall.FridayAt(10))
{
    private PagesHall _hall = null!;

    protected override async Task SeedAsync() => _hall = await PagesHall.CreateAsync(database);

    [Fact]
    public async Task The_window_page_shows_a_ticket_issued_through_the_api_without_reload_and_asks_the_server_nothing_meanwhile()
    {
        var page = await Chromium.SignInAsync(App, Address, Roles.WindowStaff, _hall.Hall.Windows[0].OrgUnit, "A01 窗口 王工");
        var refreshes = 0;
        page.Request += (_, request) =>
        {
            if (request.Url.Contains("handler=Waiting", StringComparison.Ordinal))
            {
                Interlocked.Increment(ref refreshes);
            }
        };

        await page.GotoAsync("staff/window");
        await page.EvaluateAsync("() => window.notReloaded = true");

        // Once the stream opens the part is refreshed once (it may have missed a change meanwhile), then never by a timer.
        await Expect(page.Locator("#waiting[data-refreshed]")).ToHaveCountAsync(1);
        await Task.Delay(TimeSpan.FromSeconds(5), TestContext.Current.CancellationToken);
        Assert.Equal(1, Volatile.Read(ref refreshes));

        var staff = await App.SignInAsync(Roles.WindowStaff, _hall.Hall.Windows[0].OrgUnit);
        using var issued = await staff.PostAsJsonAsync("/api/queue/tickets", new { itemId = _hall.Contracts.Id }, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Created, issued.StatusCode);
        var number = (await issued.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>(TestContext.Current.CancellationToken)).GetProperty("number").GetString();

        await Expect(page.Locator($"#waiting [data-ticket='{number}']")).ToBeVisibleAsync(new() { Timeout = 5_000 });
        Assert.True(await page.EvaluateAsync<bool>("() => window.notReloaded === true"));
        Assert.Equal(2, Volatile.Read(ref refreshes));
    }
}
