using System.Text.RegularExpressions;
using Governance.Workflows.SafetyCampaign.Organisation;
using Governance.Workflows.Tests.Infrastructure;
using Governance.Workflows.Tests.SafetyCampaign;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Governance.Workflows.Tests.Pages;

/// <summary>A database of its own: the ladder's matters, alerts and ranking figures are this journey's alone.</summary>
public sealed class SanlingLadderDatabase() : TestDatabase("pages_ladder");

/// <summary>
/// The whole ladder through the pages only, in Debian's Chromium, in December 2026 with 2027's
/// holidays not entered (as on the demo machine), so the department's limits are provisional
/// (暂定). A citizen reports on a phone; the village team cannot resolve it and escalates; the
/// township official, whose open page shows the alert without reload, sends it to the department
/// by procedure (按程序转交); the department resolves it; the follow-up closes it; the citizen
/// follows every step on /my/disputes and gets an email for each. A second matter, registered by
/// the village team, goes by proxy (交代办): the proxy handler carries it to the department, the
/// citizen is not satisfied at the follow-up, so it goes back to the department, which resolves it
/// again, and the proxy closes it.
/// </summary>
[Collection(BrowserTests.Name)]
public sealed partial class SanlingLadderJourneyTests(SanlingLadderDatabase database) : BrowserTest(database, Monday), IClassFixture<SanlingLadderDatabase>
{
    /// <summary>Monday 14 December 2026, 09:30 in China: 30 working days from here reach February 2027, which has no holiday data.</summary>
    private static readonly DateTimeOffset Monday = new(2026, 12, 14, 9, 30, 0, TimeSpan.FromHours(8));

    /// <summary>Parsing Mermaid's bundle, and the poll and email delivery, take longer on two busy cores.</summary>
    private const float Slow = 30_000;

    private TestTownship _t = null!;

    protected override async Task SeedAsync() => _t = await TestTownship.CreateAsync(database);

    private string VillageScope => Place.OrgUnitOf(_t.Township.Id, _t.Village.Id);

    [Fact]
    public async Task A_matter_goes_up_the_ladder_and_back_through_the_pages_and_the_citizen_follows_every_step()
    {
        var citizenEmail = $"citizen-{Guid.NewGuid():N}@test.gov.cn";
        var citizen = await CitizenOnAPhoneAsync();
        var village = await Chromium.SignInAsync(App, Address, Roles.VillageTeam, VillageScope, "郭丰楼村联动工作队");
        var township = await Chromium.SignInAsync(App, Address, Roles.TownshipOfficial, _t.Scope, "综治中心 刘主任");
        var department = await Chromium.SignInAsync(App, Address, Roles.Department, Department.OrgUnitOf(_t.Department.Id), _t.Department.Name);

        // The citizen reports, and is given the 受理编号 at once.
        await citizen.GotoAsync("my/disputes");
        await citizen.SelectOptionAsync("#kind", "Dispute");
        await citizen.SelectOptionAsync("#category", "Labour");
        await citizen.SelectOptionAsync("#placeId", $"{_t.Village.Id}");
        await citizen.FillAsync("#summary", "在村办企业务工，三个月工资未结");
        await citizen.FillAsync("#party-name", "张三");
        await citizen.FillAsync("#party-phone", "13812345678");
        await citizen.FillAsync("#party-email", citizenEmail);
        await citizen.GetByRole(AriaRole.Button, new() { Name = "提交" }).ClickAsync();
        await Expect(citizen.Locator("#state")).ToHaveTextAsync("村级化解中");
        var reference = (await citizen.Locator("#reference").InnerTextAsync()).Split(' ')[0];
        Assert.Matches(@"^SL-2026-\d{6}$", reference);
        var id = Guid.Parse(citizen.Url.Split('/').Last());
        await ExpectStepsAsync(citizen, "受理", "村级化解");
        await Expect(citizen.Locator("#ledger")).ToContainTextAsync("张三（群众）");
        await Expect(citizen.Locator("#ledger")).Not.ToContainTextAsync("citizen");

        // The township official's page is open when the village team escalates: the alert appears without reload.
        await township.GotoAsync("sanling");
        await township.EvaluateAsync("() => window.notReloaded = true");

        await village.GotoAsync("sanling");
        await village.Locator($"#disputes [data-dispute='{id}'] a").First.ClickAsync();
        await Expect(village.Locator("#reference")).ToHaveTextAsync(reference);
        await ExpectStepsAsync(village, "受理", "村级化解");
        await Browser.ScreenshotAsync(village, "day-village-01-reported-matter");
        await village.Locator("#escalate").ClickAsync();
        await Expect(village.Locator(".err")).ToHaveTextAsync("必填");
        await Expect(village.Locator(".err")).ToHaveCountAsync(1);
        await village.FillAsync("#escalate-reason", "工资由镇属企业拖欠，村里无权处理");
        await village.Locator("#escalate").ClickAsync();
        await Expect(village.Locator(".done")).ToHaveTextAsync("已上报");
        await Expect(village.Locator("#state")).ToHaveTextAsync("镇级化解中");
        await Browser.ScreenshotAsync(village, "day-village-02-escalated");

        var alert = township.Locator($"#alerts [data-alert='Escalated'][data-dispute='{id}']");
        await Expect(alert).ToContainTextAsync("上报", new() { Timeout = Slow });
        await Expect(alert.Locator("[data-state]")).ToHaveTextAsync("镇级化解中");
        Assert.True(await township.EvaluateAsync<bool>("() => window.notReloaded === true"));
        await Browser.ScreenshotAsync(township, "day-township-01-live-alert");

        // The official opens it: the step bar, the diagram fitted to its box with the current state in view, in Chinese.
        await alert.GetByRole(AriaRole.Link).ClickAsync();
        await ExpectStepsAsync(township, "受理,村级化解", "镇级化解");
        await Expect(township.Locator("body[data-diagram='drawn'] #diagram svg")).ToBeVisibleAsync(new() { Timeout = Slow });
        await ExpectDiagramFitsWithCurrentInViewAsync(township);
        await Browser.ScreenshotAsync(township, "day-township-02-matter-and-diagram");

        // 按程序转交 to the department that holds authority; its limit reaches into 2027: provisional.
        await township.SelectOptionAsync("#refer-department", $"{_t.Department.Id}");
        await township.FillAsync("#refer-reason", "属劳动报酬争议，事权在市直部门");
        await township.Locator("#refer").ClickAsync();
        await Expect(township.Locator(".done")).ToHaveTextAsync("已按程序转交部门");
        await Expect(township.Locator("#state")).ToHaveTextAsync("部门办理中");
        await Expect(township.Locator(".provisional")).ToBeVisibleAsync();
        await Browser.ScreenshotAsync(township, "day-township-03-referred-to-department");

        await citizen.ReloadAsync();
        await ExpectStepsAsync(citizen, "受理,村级化解,镇级化解", "部门办理");
        await Browser.ScreenshotAsync(citizen, "day-citizen-ladder-01-at-department");

        await department.GotoAsync("sanling");
        await department.Locator($"#disputes [data-dispute='{id}'] a").First.ClickAsync();
        await Expect(department.Locator("#reference")).ToHaveTextAsync(reference);
        await Browser.ScreenshotAsync(department, "day-department-01-referred-matter");
        await department.FillAsync("#resolution", "经劳动监察督促，企业已结清三个月工资");
        await department.GetByRole(AriaRole.Button, new() { Name = "化解", Exact = true }).ClickAsync();
        await Expect(department.Locator(".done")).ToHaveTextAsync("已化解，待回访");
        await Browser.ScreenshotAsync(department, "day-department-02-resolved");

        // The follow-up call (回访), by the township: satisfied, closed.
        await township.ReloadAsync();
        await township.Locator("input[name=satisfied][value=true]").CheckAsync();
        await township.FillAsync("#follow-up-note", "电话回访，工资已到账，满意");
        await township.GetByRole(AriaRole.Button, new() { Name = "记录回访" }).ClickAsync();
        await Expect(township.Locator("#state")).ToHaveTextAsync("已办结");

        // The citizen's page has every step ticked; their list shows the steps; one email per step, with the number and the link.
        await citizen.ReloadAsync();
        await ExpectStepsAsync(citizen, "受理,村级化解,镇级化解,部门办理,回访,办结", null);
        await citizen.GotoAsync("my/disputes");
        await Expect(citizen.Locator($"#mine [data-dispute='{id}'] .steps li[data-step='Done']")).ToHaveCountAsync(6);
        await Browser.ScreenshotAsync(citizen, "day-citizen-ladder-02-closed");
        var mail = await Mailbox.WaitForAsync(citizenEmail, 4, TimeSpan.FromSeconds(60));
        Assert.Equal(4, mail.Count);
        Assert.All(mail, m => Assert.Contains(reference, m.Subject, StringComparison.Ordinal));
        Assert.All(mail, m => Assert.Contains($"/my/disputes/{id}", m.Text, StringComparison.Ordinal));
        Assert.Equal(
            ["已办结", "已化解", "已转市直部门办理", "已转镇（乡、街道）办理"],
            mail.Select(m => Ending().Match(m.Subject).Value).Order(StringComparer.Ordinal));

        AssertLogHoldsNoPersonalData();
    }

    [Fact]
    public async Task The_village_team_registers_a_matter_the_township_hands_it_to_the_proxy_who_carries_it_and_it_comes_back_for_the_department_to_finish()
    {
        var village = await Chromium.SignInAsync(App, Address, Roles.VillageTeam, VillageScope, "郭丰楼村联动工作队");
        var township = await Chromium.SignInAsync(App, Address, Roles.TownshipOfficial, _t.Scope, "综治中心 刘主任");
        var proxy = await Chromium.SignInAsync(App, Address, Roles.ProxyHandler, "", "代办员 周明");
        var department = await Chromium.SignInAsync(App, Address, Roles.Department, Department.OrgUnitOf(_t.Department.Id), _t.Department.Name);

        await village.GotoAsync("sanling");
        await village.GetByRole(AriaRole.Link, new() { Name = "登记矛盾纠纷或信访" }).ClickAsync();
        await village.SelectOptionAsync("#category", "SocialSecurity");
        await village.SelectOptionAsync("#source", "WalkIn");
        await village.SelectOptionAsync("#placeId", $"{_t.Village.Id}");
        await village.FillAsync("#summary", "养老保险缴费年限认定有争议");
        await village.FillAsync("#party-name", "李四");
        await village.FillAsync("#party-phone", "13912345678");
        await village.GetByRole(AriaRole.Button, new() { Name = "登记" }).ClickAsync();
        await Expect(village.Locator(".done")).ToHaveTextAsync("已登记");
        var reference = await village.Locator("#reference").InnerTextAsync();
        Assert.Matches(@"^SL-2026-\d{6}$", reference);
        var id = Guid.Parse(village.Url.Split('/').Last());
        await Browser.ScreenshotAsync(village, "day-village-03-registered");
        await village.FillAsync("#escalate-reason", "缴费年限由社保部门认定，村里无权处理");
        await village.Locator("#escalate").ClickAsync();
        await Expect(village.Locator("#state")).ToHaveTextAsync("镇级化解中");

        // 交代办: the township hands it to a proxy handler, from the page, with 2027's data absent (it was a raw 503 once).
        await township.GotoAsync("sanling");
        await township.Locator($"#alerts [data-alert='Escalated'][data-dispute='{id}'] a").ClickAsync();
        await Expect(township.Locator("#escalate")).ToHaveTextAsync("事权在市直部门，交代办");
        await township.FillAsync("#escalate-reason", "需社保部门认定，请代办员代为送达");
        await township.Locator("#escalate").ClickAsync();
        await Expect(township.Locator(".done")).ToHaveTextAsync("已上报");
        await Expect(township.Locator("#state")).ToHaveTextAsync("代办送交部门");
        await Expect(township.Locator(".provisional")).ToBeVisibleAsync();
        await ExpectStepsAsync(township, "受理,村级化解,镇级化解", "部门办理");
        await Browser.ScreenshotAsync(township, "day-township-04-handed-to-proxy");

        await proxy.GotoAsync("sanling");
        await proxy.Locator($"#disputes [data-dispute='{id}'] a").First.ClickAsync();
        await Expect(proxy.Locator("#reference")).ToHaveTextAsync(reference);
        await Browser.ScreenshotAsync(proxy, "day-proxy-01-matter-to-carry");
        await proxy.SelectOptionAsync("#department", $"{_t.Department.Id}");
        await proxy.FillAsync("#deliver-note", "已将材料送达社保窗口");
        await proxy.GetByRole(AriaRole.Button, new() { Name = "送达部门" }).ClickAsync();
        await Expect(proxy.Locator(".done")).ToHaveTextAsync("已送达部门");
        await Expect(proxy.Locator("#state")).ToHaveTextAsync("部门办理中");
        await Browser.ScreenshotAsync(proxy, "day-proxy-02-delivered");

        await department.GotoAsync("sanling");
        await department.Locator($"#disputes [data-dispute='{id}'] a").First.ClickAsync();
        await department.FillAsync("#resolution", "已调取档案，认定缴费年限 15 年");
        await department.GetByRole(AriaRole.Button, new() { Name = "化解", Exact = true }).ClickAsync();
        await Expect(department.Locator("#state")).ToHaveTextAsync("待回访");

        // The proxy calls back: not satisfied, so it goes back to the department, which finishes it.
        await proxy.ReloadAsync();
        await proxy.Locator("input[name=satisfied][value=false]").CheckAsync();
        await proxy.FillAsync("#follow-up-note", "群众对认定的 15 年有异议，尚有 2 年外地缴费未计入");
        await proxy.GetByRole(AriaRole.Button, new() { Name = "记录回访" }).ClickAsync();
        await Expect(proxy.Locator("#state")).ToHaveTextAsync("部门办理中");
        await ExpectStepsAsync(proxy, "受理,村级化解,镇级化解", "部门办理");
        await Browser.ScreenshotAsync(proxy, "day-proxy-03-sent-back-to-department");

        await department.ReloadAsync();
        await Expect(department.Locator("#ledger")).ToContainTextAsync("回访不满意，市直部门重办");
        await department.FillAsync("#resolution", "补录外地缴费 2 年，认定 17 年");
        await department.GetByRole(AriaRole.Button, new() { Name = "化解", Exact = true }).ClickAsync();
        await Expect(department.Locator("#state")).ToHaveTextAsync("待回访");
        await Browser.ScreenshotAsync(department, "day-department-03-resolved-again");

        await proxy.ReloadAsync();
        await proxy.Locator("input[name=satisfied][value=true]").CheckAsync();
        await proxy.FillAsync("#follow-up-note", "电话回访，满意");
        await proxy.GetByRole(AriaRole.Button, new() { Name = "记录回访" }).ClickAsync();
        await Expect(proxy.Locator("#state")).ToHaveTextAsync("已办结");
        await ExpectStepsAsync(proxy, "受理,村级化解,镇级化解,部门办理,回访,办结", null);
        await Browser.ScreenshotAsync(proxy, "day-proxy-04-closed");

        // The old alerts say where the matter stood then, and where it stands now.
        await township.GotoAsync("sanling");
        var old = township.Locator($"#alerts [data-dispute='{id}']");
        await Expect(old).ToHaveCountAsync(2);
        await Expect(old.Locator("[data-state]")).ToHaveTextAsync(["已办结", "已办结"]);
        await Expect(old.First).ToContainTextAsync("当时：代办送交部门");
        await Browser.ScreenshotAsync(township, "day-township-05-old-alerts-say-now");

        AssertLogHoldsNoPersonalData();
    }

    /// <summary>The citizen signs in on a phone, as they would.</summary>
    private async Task<IPage> CitizenOnAPhoneAsync()
    {
        var (email, password) = await App.CreateUserAsync(Roles.Citizen, "", "张三");
        var page = await Chromium.NewPageAsync(Address, phone: true);
        await page.GotoAsync("login");
        await page.FillAsync("#email", email);
        await page.FillAsync("#password", password);
        await page.ClickAsync("button[type=submit]");
        await Expect(page.Locator(".who")).ToContainTextAsync("张三");
        return page;
    }

    /// <summary>The step bar: <paramref name="done"/> ticked (comma-separated), <paramref name="current"/> marked, nothing else done.</summary>
    private static async Task ExpectStepsAsync(IPage page, string done, string? current)
    {
        var steps = page.Locator(".steps").First;
        await Expect(steps.Locator("li[data-step='Done'] .name")).ToHaveTextAsync(done.Split(','));
        if (current is null)
        {
            await Expect(steps.Locator("li[data-step='Current']")).ToHaveCountAsync(0);
        }
        else
        {
            await Expect(steps.Locator("li[aria-current='step'] .name")).ToHaveTextAsync(current);
        }
    }

    /// <summary>Regression: 3,400 × 2,377 px in a 900 px box, the current state 1,700 px off to the right, edges in trigger names and role codes.</summary>
    private static async Task ExpectDiagramFitsWithCurrentInViewAsync(IPage page)
    {
        var fit = await page.EvaluateAsync<double[]>("""
            () => {
                const box = document.querySelector('.diagram'), svg = box.querySelector('svg'), current = svg.querySelectorAll('.current');
                const b = box.getBoundingClientRect(), s = svg.getBoundingClientRect(), c = current[0].getBoundingClientRect();
                return [current.length, s.width - box.clientWidth, c.left - b.left, b.right - c.right, c.top - b.top, b.bottom - c.bottom];
            }
            """);
        Assert.Equal(1, fit[0]);
        Assert.True(fit[1] <= 1, $"the diagram is {fit[1]} px wider than its box");
        Assert.All(fit[2..], d => Assert.True(d >= 0, $"the current state is outside the box: {string.Join(", ", fit)}"));
        var text = await page.Locator("#diagram svg").TextContentAsync() ?? "";
        Assert.Contains("事权不在本级，上报镇", text, StringComparison.Ordinal);
        Assert.DoesNotMatch("escalate|township_official|village_team|proxy_handler|system", text);
    }

    [GeneratedRegex("(已转.+办理|已化解|已办结)$")]
    private static partial Regex Ending();
}
