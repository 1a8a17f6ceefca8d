using System.Text.RegularExpressions;
using Governance.Engine.Runtime;
using Governance.Workflows.SafetyCampaign.Disputes;
using Governance.Workflows.SafetyCampaign.Incidents;
using Governance.Workflows.SafetyCampaign.Organisation;
using Governance.Workflows.ServiceHall.HomeVisits;
using Governance.Workflows.ServiceHall.Ratings;
using Governance.Workflows.Tests.Infrastructure;
using Governance.Workflows.Tests.SafetyCampaign;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Governance.Workflows.Tests.Pages;

/// <summary>
/// Lists that grow, in Debian's Chromium as people use them: the official's 三零 workbench with 50
/// matters walked page by page (each exactly once), narrowed by tab, level, place, clock and words
/// with the filters kept in the URL, and never a matter of another township by any filter; the
/// alerts with their matters' current state; the registers paged; the place picker found by
/// township and by typing (and a plain grouped select without JavaScript); the lead's lists of
/// home visits, ratings and rectifications; and on a phone no list page wider than the screen.
/// </summary>
[Collection(BrowserTests.Name)]
public sealed class ListsPagesTests(PagesDatabase database) : BrowserTest(database, PagesHall.FridayAt(10))
{
    private const int AtVillage = 30;
    private const int AtOtherVillage = 15;
    private const int SkipLevel = 5;

    private TestTownship _t = null!;
    private TestTownship _neighbour = null!;

    protected override async Task SeedAsync()
    {
        _t = await TestTownship.CreateAsync(database);
        _neighbour = await TestTownship.CreateAsync(database);
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static RegisterDispute Matter(int placeId, int n, DisputeSource source = DisputeSource.WalkIn, string summary = "宅前排水沟堵塞，两户因排水发生争执") =>
        new(DisputeKind.Dispute, MatterCategory.Neighbourhood, source, placeId, summary, [new DisputePartyInput($"当事人{n}号", TestPeople.Phone(8000 + n), null, null)]);

    /// <summary>50 matters of the test township with one title per village (as the demo's 40 had), and 3 of the neighbour's.</summary>
    private async Task<(HashSet<string> Ours, HashSet<string> Theirs, Guid FirstSkip)> SeedMattersAsync()
    {
        var register = App.Services.GetRequiredService<RegisterDisputeHandler>();
        var ours = new HashSet<string>();
        Guid? firstSkip = null;
        for (var n = 1; n <= AtVillage + AtOtherVillage + SkipLevel; n++)
        {
            var (place, source, by) = n <= AtVillage ? (_t.Village.Id, DisputeSource.WalkIn, _t.VillageTeam)
                : n <= AtVillage + AtOtherVillage ? (_t.Township.Places[1].Id, DisputeSource.WalkIn, _t.OfficialActor)
                : (_t.Village.Id, DisputeSource.TownshipDirect, _t.OfficialActor);
            var instance = await register.HandleAsync(Matter(place, n, source), by, Ct);
            ours.Add(instance.Id.ToString());
            firstSkip ??= source == DisputeSource.TownshipDirect ? instance.Id : null;
        }

        var theirs = new HashSet<string>();
        for (var n = 1; n <= 3; n++)
        {
            theirs.Add((await register.HandleAsync(Matter(_neighbour.Village.Id, n, summary: "另一镇的宅基地边界争执"), _neighbour.VillageTeam, Ct)).Id.ToString());
        }

        return (ours, theirs, firstSkip!.Value);
    }

    private static Task<string[]> RowsAsync(IPage page, string rows) => page.Locator(rows).EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.dispute || r.dataset.id || r.dataset.incident)");

    /// <summary>Walks a list from its first page by its 下一页 link, as a person would: every row id, in order.</summary>
    private static async Task<List<string>> WalkAsync(IPage page, string rows)
    {
        var seen = new List<string>();
        for (var n = 1; ; n++)
        {
            await Expect(page.Locator("nav.pager")).ToHaveAttributeAsync("data-page", $"{n}");
            seen.AddRange(await RowsAsync(page, rows));
            var next = page.Locator("nav.pager a[rel=next]");
            if (await next.CountAsync() == 0)
            {
                return seen;
            }

            await next.ClickAsync();
        }
    }

    private static async Task<int> TotalAsync(IPage page) => int.Parse(await page.Locator("nav.pager .total").InnerTextAsync(), System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The same person, signed in, on a phone.</summary>
    private async Task<IPage> PhoneAsync(IPage signedIn)
    {
        var phone = await Chromium.NewPageAsync(Address, phone: true);
        await phone.Context.AddCookiesAsync((await signedIn.Context.CookiesAsync()).Select(c => new Cookie
        {
            Name = c.Name, Value = c.Value, Domain = c.Domain, Path = c.Path, Expires = c.Expires, HttpOnly = c.HttpOnly, Secure = c.Secure, SameSite = c.SameSite,
        }));
        return phone;
    }

    /// <summary>On a 390 px phone the page itself never scrolls sideways: wide tables scroll inside themselves.</summary>
    private static async Task AssertFitsPhoneAsync(IPage page, string path)
    {
        await page.GotoAsync(path);
        var (scroll, width) = (await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth"), await page.EvaluateAsync<int>("() => window.innerWidth"));
        Assert.True(scroll <= width, $"{path}: the page is {scroll} px wide on a {width} px phone");
    }

    [Fact]
    public async Task The_official_walks_50_matters_page_by_page_each_once_narrows_them_by_tab_level_place_clock_and_words_in_the_URL_and_never_sees_another_townships()
    {
        var (ours, theirs, skip) = await SeedMattersAsync();
        var page = await Chromium.SignInAsync(App, Address, Roles.TownshipOfficial, _t.Scope, "综治中心 刘主任");
        await page.GotoAsync("sanling");
        const string rows = "#disputes tr[data-dispute]";

        var walked = await WalkAsync(page, rows);
        Assert.Equal(ours.Count, walked.Count);
        Assert.Equal(ours, walked.ToHashSet());
        Assert.Equal(3, int.Parse(await page.Locator("nav.pager").GetAttributeAsync("data-pages") ?? "", System.Globalization.CultureInfo.InvariantCulture));
        await Expect(page.Locator("nav.tabs [data-status=all] .count")).ToHaveTextAsync($"{ours.Count}");
        await Expect(page.Locator("nav.tabs [data-status=AtVillage] .count")).ToHaveTextAsync($"{AtVillage + AtOtherVillage}");
        await Expect(page.Locator("nav.tabs [data-status=AtTownship] .count")).ToHaveTextAsync($"{SkipLevel}");
        // The applicant's surname only: the list is read by many, the matter's page by those who work it.
        await Expect(page.Locator(rows).First).ToContainTextAsync("当****");

        // A status tab, then the level: the URL carries both, and a reload shows the same list.
        await page.Locator("nav.tabs [data-status=AtTownship]").ClickAsync();
        await Expect(page.Locator(rows)).ToHaveCountAsync(SkipLevel);
        await page.SelectOptionAsync("#f-level", "Township");
        await page.GetByRole(AriaRole.Button, new() { Name = "查找" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("status=AtTownship.*level=Township|level=Township.*status=AtTownship"));
        await page.ReloadAsync();
        await Expect(page.Locator(rows)).ToHaveCountAsync(SkipLevel);
        Assert.Equal(SkipLevel, await TotalAsync(page));

        // The place: found by typing in the picker; its matters only, over one page.
        await page.GetByRole(AriaRole.Link, new() { Name = "清除条件" }).ClickAsync();
        await page.FillAsync("#f-place-search", "大新");
        await Expect(page.Locator("#f-place")).ToHaveValueAsync($"{_t.Township.Places[1].Id}");
        await page.GetByRole(AriaRole.Button, new() { Name = "查找" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex($"place={_t.Township.Places[1].Id}"));
        Assert.Equal(AtOtherVillage, await TotalAsync(page));
        Assert.Equal(AtOtherVillage, (await WalkAsync(page, rows)).Distinct().Count());

        // Words: a party's name, a party's whole phone number; the clock.
        await page.GotoAsync("sanling");
        await page.FillAsync("#f-q", "当事人7号");
        await page.GetByRole(AriaRole.Button, new() { Name = "查找" }).ClickAsync();
        await Expect(page.Locator(rows)).ToHaveCountAsync(1);
        await page.FillAsync("#f-q", TestPeople.Phone(8012));
        await page.GetByRole(AriaRole.Button, new() { Name = "查找" }).ClickAsync();
        await Expect(page.Locator(rows)).ToHaveCountAsync(1);
        // A wildcard typed is a character looked for, not a pattern that matches everything.
        await page.GotoAsync("sanling?q=%25");
        await Expect(page.Locator("#no-disputes")).ToBeVisibleAsync();
        await page.GotoAsync("sanling?clock=Overdue");
        await Expect(page.Locator("#no-disputes")).ToHaveTextAsync("没有符合条件的事项。");
        await page.GotoAsync("sanling?clock=Normal");
        Assert.Equal(ours.Count, await TotalAsync(page));
        await page.GotoAsync("sanling?clock=later&pageNo=x");
        await Expect(page.Locator("#f-clock ~ .err")).ToHaveTextAsync("应为 正常、临期 或 超期");

        // Scope: by no filter does a matter of the neighbour township appear.
        string[] probes =
        [
            "sanling", $"sanling?township={_neighbour.Township.Id}", $"sanling?place={_neighbour.Village.Id}", "sanling?q=另一镇",
            $"sanling?q={Uri.EscapeDataString(_neighbour.Township.Name)}", $"sanling?status=AtVillage&level=Village&place={_neighbour.Village.Id}", "sanling?pageNo=2", "sanling?pageNo=3",
            $"sanling/alerts?township={_neighbour.Township.Id}", $"sanling?handler=Disputes&place={_neighbour.Village.Id}",
        ];
        foreach (var probe in probes)
        {
            var html = await (await page.APIRequest.GetAsync(probe)).TextAsync();
            Assert.DoesNotContain(theirs, id => html.Contains(id, StringComparison.Ordinal));
            Assert.DoesNotContain("另一镇的宅基地", html, StringComparison.Ordinal);
        }

        // Alerts: a tab per kind, each with its matter as it stands now, not as the alert found it.
        var shown = await App.Services.GetRequiredService<DisputeQueries>().GetAsync(skip, _t.OfficialActor, Ct);
        await App.Services.GetRequiredService<ResolveDisputeHandler>().HandleAsync(new ResolveDispute(skip, "镇综治中心调解，双方达成协议", shown!.Version), _t.OfficialActor, Ct);
        await page.GotoAsync("sanling");
        await page.Locator("#all-alerts").ClickAsync();
        await Expect(page.Locator("nav.tabs [data-status=SkipLevel] .count")).ToHaveTextAsync($"{SkipLevel}");
        await Expect(page.Locator($"#alerts [data-dispute='{skip}'] [data-state]")).ToHaveTextAsync("待回访");
        await Expect(page.Locator("#alerts li [data-state]", new() { HasTextString = "镇级化解中" })).ToHaveCountAsync(SkipLevel - 1);
        await Browser.ScreenshotAsync(page, "lists-official-alerts");

        // The registers: 21 accidents of the month, two pages, a tab per register.
        var accident = App.Services.GetRequiredService<RegisterAccidentHandler>();
        for (var n = 1; n <= 21; n++)
        {
            await accident.HandleAsync(new RegisterAccident(_t.Village.Id, IncidentType.Traffic, PagesHall.FridayAt(8).AddDays(-n % 10), AccidentSeverity.General, 0, 1, $"村道路口两车相撞第{n}起"), _t.OfficialActor, Ct);
        }

        await page.GotoAsync("sanling/registers");
        await Expect(page.Locator("nav.tabs [data-status=Accident] .count")).ToHaveTextAsync("21");
        Assert.Equal(21, (await WalkAsync(page, "#incidents tr[data-incident]")).Distinct().Count());
        await page.FillAsync("#f-q", "第7起");
        await page.GetByRole(AriaRole.Button, new() { Name = "查找" }).ClickAsync();
        await Expect(page.Locator("#incidents tr[data-incident]")).ToHaveCountAsync(1);
        await Expect(page).ToHaveURLAsync(new Regex("townshipId=.*month=2026-11.*q="));

        await page.GotoAsync("sanling?level=Township");
        await Browser.ScreenshotAsync(page, "lists-official-workbench");
        var phone = await PhoneAsync(page);
        foreach (var path in new[] { "sanling", "sanling/alerts", "sanling/registers", "sanling/ranking" })
        {
            await AssertFitsPhoneAsync(phone, path);
        }

        await phone.GotoAsync("sanling?level=Township");
        await Browser.ScreenshotAsync(phone, "lists-official-workbench-phone");
    }

    [Fact]
    public async Task A_citizen_on_a_phone_finds_the_village_by_township_and_by_typing_and_without_JavaScript_the_select_is_grouped_by_township()
    {
        var code = Guid.NewGuid().ToString("N")[..6];
        var name = $"柳{code}营村";
        int placeId;
        await using (var db = database.CreateContext())
        {
            var township = await db.Set<Township>().Include(t => t.Places).SingleAsync(t => t.Id == _t.Township.Id, Ct);
            var place = new Place($"p-{code}", name, PlaceKind.Village);
            township.Places.Add(place);
            await db.SaveChangesAsync(Ct);
            placeId = place.Id;
        }

        var page = await Chromium.SignInAsync(App, Address, Roles.Citizen, "", "张三");
        var phone = await PhoneAsync(page);
        await phone.GotoAsync("my/disputes");

        // By township: the villages narrow to that township's three.
        await phone.SelectOptionAsync("#placeId-township", $"{_t.Township.Id}");
        var values = await phone.Locator("#placeId option").EvaluateAllAsync<string[]>("os => os.map(o => o.value)");
        Assert.Equal(new[] { _t.Village.Id, _t.Township.Places[1].Id, placeId }.Select(i => $"{i}").Order(), values.Order());

        // By typing, across every township: the one village, chosen.
        await phone.SelectOptionAsync("#placeId-township", "");
        await phone.FillAsync("#placeId-search", code);
        await Expect(phone.Locator("#placeId option")).ToHaveCountAsync(1);
        await Expect(phone.Locator("#placeId")).ToHaveValueAsync($"{placeId}");
        await Browser.ScreenshotAsync(phone, "lists-citizen-place-picker");
        await AssertFitsPhoneAsync(phone, "my/disputes");

        await phone.FillAsync("#placeId-search", code);
        await Expect(phone.Locator("#placeId")).ToHaveValueAsync($"{placeId}");
        await phone.FillAsync("#summary", "邻居建房占用通道，协商未果");
        await phone.FillAsync("#party-name", "张三");
        await phone.FillAsync("#party-phone", TestPeople.Phone(8100));
        await phone.GetByRole(AriaRole.Button, new() { Name = "提交" }).ClickAsync();
        await Expect(phone.Locator("#state")).ToHaveTextAsync("村级化解中");
        await Expect(phone.Locator("main")).ToContainTextAsync(name);

        // Without JavaScript: one select, grouped by township, the village under its own.
        var html = await (await phone.APIRequest.GetAsync("my/disputes")).TextAsync();
        Assert.Matches(new Regex($"<optgroup label=\"{Regex.Escape(_t.Township.Name)}\" data-township=\"{_t.Township.Id}\">(?:(?!</optgroup>).)*<option value=\"{placeId}\">{name}</option>", RegexOptions.Singleline), html);
    }

    [Fact]
    public async Task The_lead_pages_22_home_visits_and_finds_one_lists_ratings_by_level_and_opens_a_rectification_from_its_list()
    {
        var hall = await PagesHall.CreateAsync(database);
        var window = hall.Hall.Windows[1];
        var staff = new Actor("staff-lists", "A02 窗口 工作人员", Roles.WindowStaff, window.OrgUnit);
        var request = App.Services.GetRequiredService<RequestHomeVisitHandler>();
        var visits = new HashSet<string>();
        for (var n = 1; n <= 22; n++)
        {
            var visit = await request.HandleAsync(
                new RequestHomeVisit(hall.Hall.Hall.Id, window.Id, $"不动产登记第{n}件", HomeVisitReason.Elderly, "刘奶奶", TestPeople.Phone(8200 + n), TestPeople.IdNumber(8200 + n), "项城市莲花路 8 号", null, "行动不便"),
                staff, Ct);
            visits.Add(visit.Id.ToString());
        }

        var lead = new Actor("lead-lists", "王主任（值班领导）", Roles.HallLead, $"hall/{hall.Hall.Hall.Id}");
        var invite = App.Services.GetRequiredService<InviteRatingHandler>();
        var rate = App.Services.GetRequiredService<RateServiceHandler>();
        foreach (var (level, n) in new[] { (RatingLevel.VeryDissatisfied, 1), (RatingLevel.Satisfied, 2), (RatingLevel.VerySatisfied, 3) })
        {
            var issued = await invite.HandleAsync(new InviteRating(null, hall.Hall.Windows[0].Id, hall.Contracts.Id, "市民", $"rater{n}-{hall.Hall.Hall.Id}@test.gov.cn", null), lead, Ct);
            await rate.HandleAsync(new RateService(issued.Link[(issued.Link.LastIndexOf('/') + 1)..], level, level == RatingLevel.VeryDissatisfied ? "等了两个小时没人办" : null), Ct);
        }

        var page = await Chromium.SignInAsync(App, Address, Roles.HallLead, $"hall/{hall.Hall.Hall.Id}", "王主任（值班领导）");
        await page.GotoAsync("lead");
        await page.Locator("#lead-menu").GetByRole(AriaRole.Link, new() { Name = "上门服务" }).ClickAsync();
        await Expect(page.Locator("#list tbody tr")).ToHaveCountAsync(20);
        var walked = await WalkAsync(page, "#list tr[data-id]");
        Assert.Equal(visits, walked.ToHashSet());
        Assert.Equal(22, walked.Count);
        await page.FillAsync("#f-q", "第7件");
        await page.GetByRole(AriaRole.Button, new() { Name = "查找" }).ClickAsync();
        await Expect(page.Locator("#list tr[data-id]")).ToHaveCountAsync(1);
        await page.GotoAsync("staff/home-visits?clock=Overdue");
        await Expect(page.Locator("#no-items")).ToBeVisibleAsync();

        await page.Locator("#lead-menu").GetByRole(AriaRole.Link, new() { Name = "好差评" }).ClickAsync();
        await Expect(page.Locator("#list tr[data-id]")).ToHaveCountAsync(3);
        await page.Locator("nav.tabs [data-status=VeryDissatisfied]").ClickAsync();
        await Expect(page.Locator("#list tr[data-id]")).ToHaveCountAsync(1);
        await Expect(page.Locator("#list")).ToContainTextAsync("等了两个小时没人办");
        await page.GotoAsync("lead/ratings?q=两个小时");
        await Expect(page.Locator("#list tr[data-id]")).ToHaveCountAsync(1);
        await page.GotoAsync($"lead/ratings?q={Uri.EscapeDataString(hall.Hall.Windows[0].Code)}");
        await Expect(page.Locator("nav.tabs [data-status=all] .count")).ToHaveTextAsync("3");
        await page.GotoAsync("lead/ratings?status=VeryDissatisfied");
        await Browser.ScreenshotAsync(page, "lists-lead-ratings");

        await page.Locator("#lead-menu").GetByRole(AriaRole.Link, new() { Name = "差评整改" }).ClickAsync();
        await Expect(page.Locator("#list tr[data-id]")).ToHaveCountAsync(1);
        await page.Locator("#list tr[data-id] a").ClickAsync();
        await Expect(page.Locator("h1")).ToContainTextAsync("差评整改");

        var phone = await PhoneAsync(page);
        foreach (var path in new[] { "lead", "staff/home-visits", "lead/ratings", "lead/rectifications" })
        {
            await AssertFitsPhoneAsync(phone, path);
        }
    }
}
