using Governance.Host.Demo;
using Governance.Workflows.SafetyCampaign.Organisation;
using Governance.Workflows.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Governance.Workflows.Tests.Pages;

/// <summary>A database of its own, with the demo's 项城市: the sample file names its villages.</summary>
public sealed class PovertyPagesDatabase() : TestDatabase("pages_poverty");

/// <summary>
/// 防返贫 through the pages only, in Debian's Chromium, on the demo's organisation: the
/// administrator downloads the month's sample file from the upload page and uploads it (twice:
/// the second is a duplicate); 郭丰楼村's team verifies its household at home; 永丰镇's official
/// sees the month's figure, takes the household in and sets its plan (一户一策).
/// </summary>
[Collection(BrowserTests.Name)]
public sealed class PovertyJourneyTests(PovertyPagesDatabase database) : BrowserTest(database, Monday), IClassFixture<PovertyPagesDatabase>
{
    /// <summary>Monday 9 November 2026, 10:00 in China.</summary>
    private static readonly DateTimeOffset Monday = new(2026, 11, 9, 10, 0, 0, TimeSpan.FromHours(8));

    private Township _yongfeng = null!;
    private Place _village = null!;

    protected override async Task SeedAsync()
    {
        await XiangchengDemo.SeedAsync(database.Factory, CancellationToken.None);
        await using var db = database.CreateContext();
        _yongfeng = await db.Set<Township>().AsNoTracking().SingleAsync(t => t.Name == "永丰镇");
        _village = await db.Set<Place>().AsNoTracking().SingleAsync(p => p.TownshipId == _yongfeng.Id && p.Name == "郭丰楼村");
    }

    [Fact]
    public async Task The_administrator_uploads_the_sample_the_village_verifies_and_the_township_includes_and_plans()
    {
        var admin = await Chromium.SignInAsync(App, Address, Roles.Admin, "", "系统管理员");
        var village = await Chromium.SignInAsync(App, Address, Roles.VillageTeam, Place.OrgUnitOf(_yongfeng.Id, _village.Id), "郭丰楼村联动工作队");
        var township = await Chromium.SignInAsync(App, Address, Roles.TownshipOfficial, Township.OrgUnitOf(_yongfeng.Id), "永丰镇 刘主任");

        await admin.GotoAsync("admin/poverty");
        var download = await admin.RunAndWaitForDownloadAsync(() => admin.Locator("#sample").ClickAsync());
        var sample = new FilePayload { Name = download.SuggestedFilename, MimeType = "text/csv", Buffer = await File.ReadAllBytesAsync((await download.PathAsync())!) };
        Assert.Equal("医保报销数据-2026-11.csv", sample.Name);
        await Expect(admin.Locator("#month")).ToHaveValueAsync("2026-11");
        await admin.SetInputFilesAsync("#file", sample);
        await admin.Locator("#import").ClickAsync();
        await Expect(admin.Locator("#result h2")).ToHaveTextAsync("导入完成");
        await Expect(admin.Locator("#rows-read")).ToHaveTextAsync("6");
        await Expect(admin.Locator("#households-flagged")).ToHaveTextAsync("2");
        await Expect(admin.Locator("#warnings-created")).ToHaveTextAsync("2");
        await Browser.ScreenshotAsync(admin, "day-admin-poverty-import");
        await admin.SetInputFilesAsync("#file", sample);
        await admin.Locator("#import").ClickAsync();
        await Expect(admin.Locator("#result h2")).ToHaveTextAsync("该文件已导入过，本次未重复导入");
        await Expect(admin.Locator("#imports tbody tr")).ToHaveCountAsync(1);

        // The village team sees its own household only (the other one lives at 永丰街社区).
        await village.GotoAsync("poverty");
        await Expect(village.Locator("#warnings tbody tr")).ToHaveCountAsync(1);
        await Expect(village.Locator("#warnings")).ToContainTextAsync("郭**");
        await village.Locator("#warnings tbody tr a").First.ClickAsync();
        await Expect(village.Locator("#state")).ToHaveTextAsync("待入户核实");
        await Expect(village.Locator("#id-number")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^4116\*{10}\d{3}[\dX]$"));
        await Expect(village.Locator("#why")).ToContainTextAsync("医疗自付 23,500.00 元");
        await village.Locator("#verify").ClickAsync();
        await Expect(village.Locator("#verify-form .err").First).ToHaveTextAsync("必填");
        await village.FillAsync("#findings", "户主郭建国两次住院，家中主要劳动力缺失");
        await village.CheckAsync("#recommend-yes");
        await village.Locator("#verify").ClickAsync();
        await Expect(village.Locator(".done")).ToHaveTextAsync("已记录入户核实，待镇级研判");
        await Expect(village.Locator("#state")).ToHaveTextAsync("待镇级研判");
        var warning = village.Url;

        // The township: the month's 应纳尽纳 figure, then the decision and the plan.
        await township.GotoAsync("poverty");
        await Expect(township.Locator($"#figures [data-township='{_yongfeng.Id}'] .warned")).ToHaveTextAsync("2");
        await Expect(township.Locator("#warnings tbody tr")).ToHaveCountAsync(2);
        await township.GotoAsync(warning);
        await township.FillAsync("#include-reason", "因病支出大，存在返贫风险");
        await township.Locator("#include").ClickAsync();
        await Expect(township.Locator("#include-form .err")).ToHaveTextAsync("请选择脱贫不稳定户、边缘易致贫户或突发严重困难户");
        await township.SelectOptionAsync("#kind", "SuddenHardship");
        await township.FillAsync("#include-reason", "因病支出大，存在返贫风险");
        await township.Locator("#include").ClickAsync();
        await Expect(township.Locator("#state")).ToHaveTextAsync("待制定帮扶计划");
        await township.SelectOptionAsync("#measure-0-kind", "MedicalAid");
        await township.FillAsync("#measure-0-unit", "项城市医疗保障局");
        await township.FillAsync("#measure-0-date", "2026-11-30");
        await township.SelectOptionAsync("#measure-1-kind", "PublicWelfareJob");
        await township.FillAsync("#measure-1-description", "村保洁员");
        await township.FillAsync("#measure-1-unit", "郭丰楼村村委会");
        await township.FillAsync("#measure-1-date", "2026-12-15");
        await township.Locator("#plan-submit").ClickAsync();
        await Expect(township.Locator("#state")).ToHaveTextAsync("监测帮扶中");
        await Expect(township.Locator("#plan")).ToContainTextAsync("医疗救助");
        await Expect(township.Locator("#plan")).ToContainTextAsync("郭丰楼村村委会");
        await Expect(township.Locator("#ledger")).ToContainTextAsync("入户核实");
        await Browser.ScreenshotAsync(township, "day-township-poverty-plan");

        AssertLogHoldsNoPersonalData();
    }
}
