using System.Text.Encodings.Web;
using Governance.Engine.Calendar;
using Governance.Host.Pages.Shared;
using Governance.Workflows.SafetyCampaign.Disputes;
using Governance.Workflows.SafetyCampaign.Organisation;
using Governance.Workflows.SafetyCampaign.Ranking;
using Governance.Workflows.Tests.Infrastructure;
using Governance.Workflows.Tests.SafetyCampaign;
using Microsoft.Extensions.DependencyInjection;
using static Microsoft.Playwright.Assertions;

namespace Governance.Workflows.Tests.Pages;

/// <summary>A database of its own: these tests move the Host's domain clock, and its timer pump fires whatever falls due.</summary>
public sealed class SanlingPagesDatabase() : TestDatabase("pages_sanling");

/// <summary>
/// The township official on a PC, in Debian's Chromium: a village dispute runs out of time and the
/// red alert appears on the open page without reload; the dispute's timeline and diagram; the
/// monthly ranking's chart.
/// </summary>
[Collection(BrowserTests.Name)]
public sealed class SanlingPagesTests(SanlingPagesDatabase database) : BrowserTest(database, SanlingHarness.MondayMorning), IClassFixture<SanlingPagesDatabase>
{
    /// <summary>Parsing Mermaid's bundle, and the pump and poll after a clock move, take longer on two busy cores.</summary>
    private const float Slow = 30_000;

    private TestTownship _t = null!;

    protected override async Task SeedAsync() => _t = await TestTownship.CreateAsync(database);

    [Fact]
    public async Task A_village_dispute_runs_out_of_time_and_the_officials_open_page_shows_the_red_alert_without_reload_then_the_timeline_and_diagram()
    {
        var dispute = await App.Services.GetRequiredService<RegisterDisputeHandler>().HandleAsync(SanlingHarness.Valid(_t), _t.VillageTeam, TestContext.Current.CancellationToken);
        var page = await Chromium.SignInAsync(App, Address, Roles.TownshipOfficial, _t.Scope, "综治中心 刘主任");
        await page.GotoAsync("sanling");
        await Expect(page.Locator("#no-alerts")).ToBeVisibleAsync();
        await Expect(page.Locator($"#disputes [data-dispute='{dispute.Id}'] .clock")).ToContainTextAsync("剩余 7 天");
        await page.EvaluateAsync("() => window.notReloaded = true");

        // Four working days later, at 80 % of the village's limit, the Host's pump fires the yellow warning;
        // a day later, one second past the limit, the red alert and the escalation. (Both due at one
        // instant, the pump's claimers may fire the expiry first, and a warning after it is stale.)
        App.Clock.SetUtcNow(new DateTimeOffset(2026, 11, 13, 10, 0, 1, TimeSpan.FromHours(8)).ToUniversalTime());
        await Expect(page.Locator($"#alerts [data-alert='Yellow'][data-dispute='{dispute.Id}']")).ToContainTextAsync("临期预警（黄）", new() { Timeout = Slow });
        App.Clock.SetUtcNow(new DateTimeOffset(2026, 11, 16, 10, 0, 1, TimeSpan.FromHours(8)).ToUniversalTime());

        var red = page.Locator($"#alerts [data-alert='Red'][data-dispute='{dispute.Id}']");
        await Expect(red).ToContainTextAsync("超期（红）", new() { Timeout = Slow });
        await Expect(page.Locator($"#alerts [data-alert='Escalated'][data-dispute='{dispute.Id}']")).ToBeVisibleAsync(new() { Timeout = Slow });
        Assert.True(await page.EvaluateAsync<bool>("() => window.notReloaded === true"));
        await Expect(page.Locator($"#disputes [data-dispute='{dispute.Id}']")).ToContainTextAsync("镇级化解中", new() { Timeout = 10_000 });
        await Browser.ScreenshotAsync(page, "official-alerts");

        await red.GetByRole(Microsoft.Playwright.AriaRole.Link).ClickAsync();
        await Expect(page.Locator("#state")).ToHaveTextAsync("镇级化解中");
        await Expect(page.Locator("#ledger li")).ToHaveCountAsync(5);
        await Expect(page.Locator("#ledger")).ToContainTextAsync("临期预警");
        await Expect(page.Locator("#ledger")).ToContainTextAsync("超期自动上报镇");
        await Expect(page.Locator("body[data-diagram='drawn'] #diagram svg")).ToBeVisibleAsync(new() { Timeout = Slow });
        await Expect(page.Locator("#diagram svg .current")).ToHaveCountAsync(1);
        await Browser.ScreenshotAsync(page, "dispute-timeline-diagram");

        await page.FillAsync("#resolution", "经镇综治中心调解，两户约定共同疏通排水沟");
        await page.GetByRole(Microsoft.Playwright.AriaRole.Button, new() { Name = "化解", Exact = true }).ClickAsync();
        await Expect(page.Locator(".done")).ToHaveTextAsync("已化解，待回访");
        await Expect(page.Locator("#state")).ToHaveTextAsync("待回访");
    }

    /// <summary>
    /// The live-pages benchmark: the list was refreshed each minute for its clocks alone, and each
    /// such refresh of a sign-in older than <c>Live:SessionRecheck</c> checked the person in the
    /// store, which made the idle pages' cost (BENCHMARKS.md, "Live pages").
    /// </summary>
    [Fact]
    public async Task A_clock_on_the_officials_list_counts_down_in_the_browser_without_asking_the_server()
    {
        var dispute = await App.Services.GetRequiredService<RegisterDisputeHandler>().HandleAsync(SanlingHarness.Valid(_t), _t.VillageTeam, TestContext.Current.CancellationToken);
        var page = await Chromium.SignInAsync(App, Address, Roles.TownshipOfficial, _t.Scope, "综治中心 刘主任");
        await page.Clock.InstallAsync();
        await page.GotoAsync("sanling");
        await Expect(page.Locator("#disputes[data-refreshed]")).ToHaveCountAsync(1);
        var clock = page.Locator($"#disputes [data-dispute='{dispute.Id}'] .clock time[data-due]");
        await Expect(clock).ToHaveTextAsync("剩余 7 天 0 小时");

        // Two hours on by the browser's clock alone (the server's stands still): the text moves, and nothing
        // was asked (a timer of the list's own, as data-every was, would have fired in them).
        var asked = new List<string>();
        page.Request += (_, request) =>
        {
            lock (asked)
            {
                asked.Add(request.Url);
            }
        };
        await page.Clock.FastForwardAsync("02:00:30");
        await Expect(clock).ToHaveTextAsync("剩余 6 天 21 小时");
        lock (asked)
        {
            Assert.Empty(asked);
        }

        // The browser's text is Show.Clock's, written again in clocks.js: the two agree over every range, either side of the limit.
        var at = SanlingHarness.MondayMorning;
        TimeSpan[] lefts = [new(2, 3, 30, 0), new(0, 3, 5, 30), new(0, 12, 30), TimeSpan.FromSeconds(90), TimeSpan.FromSeconds(20), -new TimeSpan(0, 1, 30, 0), -new TimeSpan(3, 5, 30, 0)];
        using var html = new StringWriter();
        foreach (var left in lefts)
        {
            Show.Ticking(at + left, at).WriteTo(html, HtmlEncoder.Default);
        }

        await page.EvaluateAsync("html => document.body.insertAdjacentHTML('beforeend', `<div id=\"clocks\">${html}</div>`)", html.ToString());
        await page.Clock.FastForwardAsync("01:00");
        var expected = lefts.Select(left => Show.Clock(at + left, at + TimeSpan.FromMinutes(1))).ToArray();
        Assert.Contains("已超期 不足 1 分钟", expected);
        await Expect(page.Locator("#clocks time")).ToHaveTextAsync(expected);
    }

    [Fact]
    public async Task The_official_names_a_lead_and_an_assisting_department_on_the_page_and_each_department_reports_its_own_part_done()
    {
        var ct = TestContext.Current.CancellationToken;
        var tag = Guid.NewGuid().ToString("N")[..8];
        var assisting = await App.Services.GetRequiredService<KeepDepartmentsHandler>().HandleAsync(new AddDepartment(_t.Township.CityId, $"p-{tag}", $"住建局{tag}"), TestTownship.Admin, ct);
        var dispute = await App.Services.GetRequiredService<RegisterDisputeHandler>().HandleAsync(SanlingHarness.Valid(_t), _t.VillageTeam, ct);
        await App.Services.GetRequiredService<EscalateDisputeHandler>().HandleAsync(new EscalateDispute(dispute.Id, "涉及两个部门", 1), _t.VillageTeam, ct);

        var page = await Chromium.SignInAsync(App, Address, Roles.TownshipOfficial, _t.Scope, "综治中心 刘主任");
        await page.GotoAsync($"sanling/disputes/{dispute.Id}");
        await page.FillAsync("#joint-reason", "土地与房屋安全须两部门办理");
        await page.ClickAsync("#refer-joint");
        await Expect(page.Locator("#refer-joint-form .err").First).ToHaveTextAsync("请选择主办部门");
        await page.SelectOptionAsync("#lead-department", _t.Department.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await page.CheckAsync($"#assisting-departments input[value='{assisting.Id}']");
        await page.FillAsync("#joint-reason", "土地与房屋安全须两部门办理");
        await page.ClickAsync("#refer-joint");
        await Expect(page.Locator("#state")).ToHaveTextAsync("联合办理中");
        await Expect(page.Locator("#joint-parts tbody tr")).ToHaveCountAsync(2);
        await Expect(page.Locator("#joint-parts tbody tr").Nth(1)).ToContainTextAsync("协办");

        var department = await Chromium.SignInAsync(App, Address, Roles.Department, Department.OrgUnitOf(assisting.Id), assisting.Name);
        await department.GotoAsync($"sanling/disputes/{dispute.Id}");
        await Expect(department.Locator("#joint-parts tbody tr")).ToHaveCountAsync(1);
        await Expect(department.Locator(".masked").First).ToHaveTextAsync("138****5678");
        await department.FillAsync("#joint-parts textarea", "已完成房屋安全鉴定");
        await department.GetByRole(Microsoft.Playwright.AriaRole.Button, new() { Name = "本部门办结" }).ClickAsync();
        await Expect(department.Locator(".done")).ToHaveTextAsync("本部门已办结");
        await Expect(department.Locator("#joint-parts tbody tr")).ToContainTextAsync("已办结");
        await Expect(department.Locator("#state")).ToHaveTextAsync("联合办理中");
    }

    [Fact]
    public async Task The_official_reads_the_monthly_ranking_as_a_chart_and_tables()
    {
        await App.Services.GetRequiredService<ComputeMonthlyRanking>().RunAsync(CalendarMonth.Of(new DateOnly(2026, 10, 1)), TestCity.Admin, TestContext.Current.CancellationToken);
        var page = await Chromium.SignInAsync(App, Address, Roles.TownshipOfficial, _t.Scope, "综治中心 刘主任");

        await page.GotoAsync("sanling/ranking");

        await Expect(page.Locator("h1")).ToContainTextAsync("2026-10");
        await Expect(page.Locator("body[data-chart='drawn'] #ranking-chart svg")).ToBeVisibleAsync(new() { Timeout = Slow });
        await Expect(page.Locator("table.ranking").First).ToContainTextAsync(_t.Township.Name);
        await Expect(page.Locator("table.ranking").Last).ToContainTextAsync("郭丰楼村");
        await Browser.ScreenshotAsync(page, "official-ranking");
    }
}
