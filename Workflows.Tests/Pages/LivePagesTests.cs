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

    [Fact]
    public async Task Changes_told_while_a_refresh_is_on_its_way_take_one_more_refresh_after_its_answer_not_one_each()
    {
        var ct = TestContext.Current.CancellationToken;
        var page = await Chromium.SignInAsync(App, Address, Roles.WindowStaff, _hall.Hall.Windows[0].OrgUnit, "A01 窗口 王工");
        var refreshes = 0;
        page.Request += (_, request) =>
        {
            if (request.Url.Contains("handler=Waiting", StringComparison.Ordinal))
            {
                Interlocked.Increment(ref refreshes);
            }
        };

        // A slow node: the part's next refresh is held until released.
        var held = new TaskCompletionSource();
        var holding = false;
        await page.RouteAsync(url => url.Contains("handler=Waiting", StringComparison.Ordinal), async route =>
        {
            if (Volatile.Read(ref holding))
            {
                await held.Task;
            }

            await route.ContinueAsync();
        });

        await page.GotoAsync("staff/window");
        await Expect(page.Locator("#waiting[data-refreshed]")).ToHaveCountAsync(1);
        Volatile.Write(ref holding, true);

        var staff = await App.SignInAsync(Roles.WindowStaff, _hall.Hall.Windows[0].OrgUnit);
        async Task<string> IssueAsync()
        {
            using var issued = await staff.PostAsJsonAsync("/api/queue/tickets", new { itemId = _hall.Contracts.Id }, ct);
            Assert.Equal(HttpStatusCode.Created, issued.StatusCode);
            return (await issued.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>(ct)).GetProperty("number").GetString()!;
        }

        var numbers = new List<string> { await IssueAsync() };
        await WaitUntilAsync(() => Volatile.Read(ref refreshes) == 2, ct);

        // Two more changes while that refresh waits for its answer: no request for either yet.
        numbers.Add(await IssueAsync());
        numbers.Add(await IssueAsync());
        await Task.Delay(TimeSpan.FromSeconds(2), ct);
        Assert.Equal(2, Volatile.Read(ref refreshes));

        // Its answer comes: one more refresh for both, and every ticket shows.
        Volatile.Write(ref holding, false);
        held.SetResult();
        foreach (var number in numbers)
        {
            await Expect(page.Locator($"#waiting [data-ticket='{number}']")).ToBeVisibleAsync(new() { Timeout = 5_000 });
        }

        await Task.Delay(TimeSpan.FromSeconds(1), ct);
        Assert.Equal(3, Volatile.Read(ref refreshes));
    }

    private static async Task WaitUntilAsync(Func<bool> condition, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "the part was not refreshed within 10 s");
            await Task.Delay(50, ct);
        }
    }
}
