using System.Text;
using Governance.Engine;
using Governance.Workflows.Reports;
using Governance.Workflows.SafetyCampaign.Disputes;
using Governance.Workflows.Tests.Infrastructure;
using static Governance.Workflows.Tests.SafetyCampaign.SanlingHarness;

namespace Governance.Workflows.Tests.SafetyCampaign;

/// <summary>
/// A database of its own: xunit makes a class fixture per test class, and two fixtures that drop and
/// create one database side by side cut each other's connections (57P01) mid-migration.
/// </summary>
public sealed class SanlingAlertsDatabase() : TestDatabase("sanling_alerts");

/// <summary>The township's alert list (read from the ledger) and its monthly 台账 export, each scoped to the official's own township.</summary>
public sealed class DisputeAlertsAndLedgerTests(SanlingAlertsDatabase database) : IClassFixture<SanlingAlertsDatabase>
{
    private static readonly CancellationToken Ct = CancellationToken.None;

    [Fact]
    public async Task An_official_lists_the_yellow_red_escalation_and_skip_level_alerts_of_their_own_township_only()
    {
        var h = new SanlingHarness(database);
        var t = await TestTownship.CreateAsync(database);
        var other = await TestTownship.CreateAsync(database);
        var skipped = await h.RegisterAsync(t, t.OfficialActor, DisputeSource.TownshipDirect);
        var walkIn = await h.RegisterAsync(t);
        await h.AtAsync(Cst(11, 16, 10));

        var alerts = await h.Alerts.ListAsync(t.OfficialActor, null, null, 100, Ct);

        Assert.Equal(
            [(DisputeAlertKind.Escalated, walkIn.Id), (DisputeAlertKind.Red, walkIn.Id), (DisputeAlertKind.Yellow, walkIn.Id), (DisputeAlertKind.SkipLevel, skipped.Id)],
            alerts.Select(a => (a.Kind, a.DisputeId)));
        Assert.All(alerts, a => Assert.Equal("郭丰楼村", a.Place));
        Assert.Equal(("上报", "镇级化解中", "超过办理时限"), (alerts[0].KindName, alerts[0].State, alerts[0].Reason));
        Assert.Empty(await h.Alerts.ListAsync(other.OfficialActor, null, null, 100, Ct));
        Assert.Empty(await h.Alerts.ListAsync(other.OfficialActor, t.Township.Id, null, 100, Ct));
        Assert.Equal(alerts.Select(a => a.Id), (await h.Alerts.ListAsync(TestTownship.Admin, t.Township.Id, null, 100, Ct)).Select(a => a.Id));
        await Assert.ThrowsAsync<UnauthorizedAccessException>(() => h.Alerts.ListAsync(t.VillageTeam, null, null, 100, Ct));
    }

    [Fact]
    public async Task The_monthly_ledger_is_a_csv_with_a_bom_and_zh_cn_headers_that_excel_reads_as_written()
    {
        var h = new SanlingHarness(database);
        var t = await TestTownship.CreateAsync(database);
        var other = await TestTownship.CreateAsync(database);
        var registered = await h.RegisterAsync(t);
        h.Clock.Advance(TimeSpan.FromMinutes(90));
        await h.Resolve.HandleAsync(new ResolveDispute(registered.Id, "=1+1,赔偿\"500\"元", h.Database.VersionOf(registered.Id)), t.VillageTeam, Ct);
        await h.FollowUp.HandleAsync(new FollowUpDispute(registered.Id, true, null, h.Database.VersionOf(registered.Id)), t.VillageTeam, Ct);

        var file = (await h.Export.ExportAsync(t.OfficialActor, t.Township.Id, "2026-11", ReportFormat.Csv, Ct))!;

        Assert.Equal($"台账-{t.Township.Name}-2026-11.csv", file.FileName);
        Assert.Equal(Encoding.UTF8.GetPreamble(), file.Content[..3]);
        var lines = Encoding.UTF8.GetString(file.Content[3..]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("时间,事项编号,类型,类别,来源,是否越级,镇（乡、街道）,村（社区）/单位,原环节,现环节,办理事项,操作人,角色,说明", lines[0]);
        Assert.Equal(
            [
                $"2026-11-09 10:00:00,{registered.Id},矛盾纠纷,邻里纠纷,群众来访,否,{t.Township.Name},郭丰楼村,,已登记,登记,郭丰楼村联动工作队,村联动工作队,",
                $"2026-11-09 10:00:00,{registered.Id},矛盾纠纷,邻里纠纷,群众来访,否,{t.Township.Name},郭丰楼村,已登记,村级化解中,分流到村,郭丰楼村联动工作队,村联动工作队,群众来访",
                $"2026-11-09 11:30:00,{registered.Id},矛盾纠纷,邻里纠纷,群众来访,否,{t.Township.Name},郭丰楼村,村级化解中,待回访,村级化解,郭丰楼村联动工作队,村联动工作队,\"'=1+1,赔偿\"\"500\"\"元\"",
                $"2026-11-09 11:30:00,{registered.Id},矛盾纠纷,邻里纠纷,群众来访,否,{t.Township.Name},郭丰楼村,待回访,已办结,回访满意，办结,郭丰楼村联动工作队,村联动工作队,回访满意",
            ],
            lines[1..]);
        Assert.Single(Encoding.UTF8.GetString((await h.Export.ExportAsync(TestTownship.Admin, t.Township.Id, "2026-10", ReportFormat.Csv, Ct))!.Content).Split("\r\n", StringSplitOptions.RemoveEmptyEntries));
        Assert.Null(await h.Export.ExportAsync(other.OfficialActor, t.Township.Id, "2026-11", ReportFormat.Csv, Ct));
        Assert.Equal(["month"], (await Assert.ThrowsAsync<RequestValidationException>(() => h.Export.ExportAsync(t.OfficialActor, t.Township.Id, "2026/11", ReportFormat.Csv, Ct))).Errors.Keys);
        await Assert.ThrowsAsync<UnauthorizedAccessException>(() => h.Export.ExportAsync(t.VillageTeam, t.Township.Id, "2026-11", ReportFormat.Csv, Ct));
    }
}
