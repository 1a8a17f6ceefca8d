using Governance.Workflows.SafetyCampaign.Organisation;
using Governance.Workflows.Tests.Infrastructure;
using Governance.Workflows.Tests.SafetyCampaign;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Governance.Workflows.Tests.Pages;

/// <summary>The village team, in Debian's Chromium: an accident registered, and the village's 三零 for the month broken by it.</summary>
[Collection(BrowserTests.Name)]
public sealed class RegistersPagesTests(PagesDatabase database) : BrowserTest(database, PagesHall.FridayAt(10))
{
    private TestTownship _t = null!;

    protected override async Task SeedAsync() => _t = await TestTownship.CreateAsync(database);

    [Fact]
    public async Task The_village_team_registers_an_accident_and_the_villages_three_zero_status_shows_it_broken()
    {
        var page = await Chromium.SignInAsync(App, Address, Roles.VillageTeam, Place.OrgUnitOf(_t.Township.Id, _t.Village.Id), "郭丰楼村联动工作队");
        await page.GotoAsync("sanling");
        await page.GetByRole(AriaRole.Link, new() { Name = "事故·案件·三零情况" }).ClickAsync();
        var village = page.Locator($"#three-zeros [data-place='{_t.Village.Id}']");
        await Expect(village).ToContainTextAsync("三零");
        await Expect(page.Locator("#three-zeros tbody tr")).ToHaveCountAsync(1);

        await page.FillAsync("#accident-occurredAt", "2026-11-21T15:30");
        await page.SelectOptionAsync("#accident-type", "Traffic");
        await page.FillAsync("#injuries", "1");
        await page.FillAsync("#accident-summary", "村道路口两车相撞，一人重伤送医");
        await page.GetByRole(AriaRole.Button, new() { Name = "登记事故" }).ClickAsync();
        await Expect(page.Locator("#accident-occurredAt-error")).ToHaveTextAsync("不能晚于当前时间");

        await page.FillAsync("#accident-occurredAt", "2026-11-19T15:30");
        await page.GetByRole(AriaRole.Button, new() { Name = "登记事故" }).ClickAsync();

        await Expect(page.Locator(".done")).ToHaveTextAsync("事故已登记：道路交通事故");
        await Expect(page.Locator("#incidents")).ToContainTextAsync("村道路口两车相撞");
        await Expect(village.Locator(".zero-accidents")).ToHaveTextAsync("✗ 事故 1 起");
        await Expect(village).ToContainTextAsync("未达标");
        await Expect(page.Locator("#three-zero-count")).ToHaveTextAsync("0");
        await Browser.ScreenshotAsync(page, "village-registers");
    }

    [Fact]
    public async Task A_citizen_reports_a_dispute_of_their_own_and_follows_it_and_the_village_team_has_it()
    {
        var page = await Chromium.SignInAsync(App, Address, Roles.Citizen, "", "张三");
        await page.GotoAsync("my/disputes");
        await Expect(page.Locator("h1")).ToHaveTextAsync("我的反映");

        await page.SelectOptionAsync("#placeId", $"{_t.Village.Id}");
        await page.FillAsync("#summary", "邻居建房占用通道，协商未果");
        await page.FillAsync("#party-name", "张三");
        await page.FillAsync("#party-phone", "1381234");
        await page.GetByRole(AriaRole.Button, new() { Name = "提交" }).ClickAsync();
        await Expect(page.Locator(".err")).ToContainTextAsync("请填写 11 位手机号码");

        await page.FillAsync("#party-phone", "13812345678");
        await page.GetByRole(AriaRole.Button, new() { Name = "提交" }).ClickAsync();
        await Expect(page.Locator("#state")).ToHaveTextAsync("村级化解中");
        await Expect(page.Locator("#ledger")).ToContainTextAsync("群众网上反映");

        var team = await Chromium.SignInAsync(App, Address, Roles.VillageTeam, Place.OrgUnitOf(_t.Township.Id, _t.Village.Id), "郭丰楼村联动工作队");
        await team.GotoAsync("sanling");
        await Expect(team.Locator("#disputes")).ToContainTextAsync(_t.Village.Name);

        // The team meets the reporter: the number is masked until they reveal it, on record.
        await team.Locator("#disputes a").First.ClickAsync();
        var phone = team.Locator("[data-party='0'] [data-field='Phone']");
        await Expect(phone).ToHaveTextAsync("138****5678");
        await team.Locator("[data-party='0'] form").First.GetByRole(AriaRole.Button).ClickAsync();
        await Expect(phone).ToHaveTextAsync("13812345678");
    }
}
