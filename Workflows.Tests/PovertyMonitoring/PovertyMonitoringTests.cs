using Governance.Engine;
using Governance.Workflows.Lists;
using Governance.Workflows.PovertyMonitoring;
using Governance.Engine.Runtime;
using Governance.Workflows.SafetyCampaign.Organisation;
using Governance.Workflows.Tests.Infrastructure;
using Governance.Workflows.Tests.SafetyCampaign;
using Microsoft.EntityFrameworkCore;
using static Governance.Workflows.Tests.PovertyMonitoring.PovertyHarness;

namespace Governance.Workflows.Tests.PovertyMonitoring;

/// <summary>
/// 防返贫动态监测 on real PostgreSQL: the monthly import, the 12-month threshold, a household's
/// whole path, the limits on the working calendar and the scope. Imports are one per source and
/// month city-wide, so each test takes months no other test takes.
/// </summary>
public sealed class PovertyMonitoringTests(PovertyDatabase database) : IClassFixture<PovertyDatabase>
{
    private static readonly CancellationToken Ct = CancellationToken.None;

    private int V(Guid id) => database.VersionOf(id);

    private static DateTimeOffset Cst(int year, int month, int day, int hour) => new(year, month, day, hour, 0, 0, TimeSpan.FromHours(8));

    [Fact]
    public async Task A_malformed_file_is_refused_naming_the_line_and_column_and_nothing_is_stored()
    {
        var h = new PovertyHarness(database);
        var t = await TestTownship.CreateAsync(database);
        var (good, other) = (NewIdNumber(), NewIdNumber());

        var badNumber = MedicalCsv(Claim(t, good, "2026-01-05", 25_000m), $"{other},李秀英,{t.Township.Name},{t.Village.Name},2026-01-06,30000,5000,两万五");
        var refused = await Assert.ThrowsAsync<RequestValidationException>(() => h.ImportMedicalAsync("2026-01", badNumber));
        Assert.Equal(["第 3 行“自付金额”：应为不小于 0 的金额（元，最多两位小数）"], refused.Errors["file"]);

        var badId = MedicalCsv(Claim(t, good[..17] + (good[17] == '0' ? '1' : '0'), "2026-01-05", 25_000m));
        Assert.Equal(["第 2 行“户主身份证号”：身份证号应为 18 位且地区码、出生日期和校验位正确"], (await Assert.ThrowsAsync<RequestValidationException>(() => h.ImportMedicalAsync("2026-01", badId))).Errors["file"]);

        var unknownVillage = MedicalCsv(Claim(t, good, "2026-01-05", 25_000m, village: "无此村"));
        Assert.Equal([$"第 2 行“村（社区）”：{t.Township.Name}没有名为“无此村”的村（社区）"], (await Assert.ThrowsAsync<RequestValidationException>(() => h.ImportMedicalAsync("2026-01", unknownVillage))).Errors["file"]);

        var badHeader = System.Text.Encoding.UTF8.GetBytes("户主身份证号,户主姓名,乡镇（街道）,村（社区）,就诊日期,医疗总费用,报销金额\r\n");
        var header = Assert.Single((await Assert.ThrowsAsync<RequestValidationException>(() => h.ImportMedicalAsync("2026-01", badHeader))).Errors["file"]);
        Assert.StartsWith("第 1 行：缺少列“自付金额”", header, StringComparison.Ordinal);

        Assert.Equal(0, await h.ImportsOfAsync(ScreeningSource.MedicalInsurance, new DateOnly(2026, 1, 1)));
        Assert.Empty(await h.WarningsAsync(t));
        await using var db = database.CreateContext();
        Assert.False(await db.Set<Household>().AnyAsync(x => x.PersonKey == Household.PersonKeyOf(good)));
    }

    [Fact]
    public async Task The_same_file_twice_warns_no_one_twice_and_another_file_of_the_month_is_refused()
    {
        var h = new PovertyHarness(database);
        var t = await TestTownship.CreateAsync(database);
        var file = MedicalCsv(Claim(t, NewIdNumber(), "2026-02-03", 12_000m), Claim(t, NewIdNumber(), "2026-02-04", 21_000m, name: "李秀英"));

        var first = await h.ImportMedicalAsync("2026-02", file);
        var again = await h.ImportMedicalAsync("2026-02", file);

        Assert.Equal((false, 2, 1, 1, 0), (first.AlreadyImported, first.RowsRead, first.HouseholdsFlagged, first.WarningsCreated, first.AlreadyWarned));
        Assert.Equal((true, first.ImportId, 1), (again.AlreadyImported, again.ImportId, again.WarningsCreated));
        Assert.Single(await h.WarningsAsync(t));
        var other = await Assert.ThrowsAsync<RuleViolationException>(() => h.ImportMedicalAsync("2026-02", MedicalCsv(Claim(t, NewIdNumber(), "2026-02-05", 30_000m))));
        Assert.Equal("该月数据已导入", other.Title);
        Assert.Single(await h.WarningsAsync(t));
        Assert.Equal(1, await h.ImportsOfAsync(ScreeningSource.MedicalInsurance, new DateOnly(2026, 2, 1)));
    }

    [Fact]
    public async Task Spending_counts_over_a_rolling_twelve_months_from_every_imported_month()
    {
        var h = new PovertyHarness(database);
        var t = await TestTownship.CreateAsync(database);
        var (a, b) = (NewIdNumber(), NewIdNumber());

        await h.ImportMedicalAsync("2024-01", MedicalCsv(Claim(t, b, "2024-01-10", 15_000m, name: "李秀英")));
        var january = await h.ImportMedicalAsync("2025-01", MedicalCsv(Claim(t, a, "2025-01-10", 12_000m)));
        Assert.Equal((0, 0), (january.HouseholdsFlagged, january.WarningsCreated));

        // a: 12,000 + 9,000 within twelve months; b: its 15,000 of January 2024 is 13 months back.
        var february = await h.ImportMedicalAsync("2025-02", MedicalCsv(Claim(t, a, "2025-02-11", 9_000m), Claim(t, b, "2025-02-12", 6_000m, name: "李秀英")));

        Assert.Equal((2, 1, 1), (february.RowsRead, february.HouseholdsFlagged, february.WarningsCreated));
        var warning = Assert.Single(await h.WarningsAsync(t));
        Assert.Equal((21_000m, WarningSource.MedicalInsurance), (warning.MedicalSpending, warning.Source));
        await using var db = database.CreateContext();
        Assert.Equal(Household.PersonKeyOf(a), await db.Set<Household>().Where(x => x.Id == warning.HouseholdId).Select(x => x.PersonKey).SingleAsync());
        var view = (await h.Queries.GetAsync(warning.Id, t.VillageTeam, Ct))!;
        Assert.Equal("近 12 个月（2024-03 至 2025-02）医疗自付 21,000.00 元，超过预警线 20,000 元", view.Why);
        Assert.Equal($"{a[..4]}**********{a[^4..]}", view.IdNumber);
    }

    [Fact]
    public async Task A_household_goes_from_warning_through_verification_decision_plan_and_follow_up_to_risk_eliminated()
    {
        var h = new PovertyHarness(database);
        var t = await TestTownship.CreateAsync(database);
        var id = NewIdNumber();
        var official = t.OfficialActor;

        var imported = await h.ImportMedicalAsync("2026-03", MedicalCsv(Claim(t, id, "2026-03-02", 20_000.01m)));
        var warning = Assert.Single(await h.WarningsAsync(t));
        var instance = await h.InstanceAsync(warning.Id);
        Assert.Equal((1, PovertyWarningWorkflow.Verifying, Cst(2026, 11, 16, 10)), (imported.WarningsCreated, instance.State, instance.DueAt)); // + 5 working days

        h.Clock.Advance(TimeSpan.FromDays(1));
        var verified = await h.Verify.HandleAsync(new VerifyHousehold(warning.Id, "户主住院两次，家中劳动力不足", true, V(warning.Id)), t.VillageTeam, Ct);
        Assert.Equal(PovertyWarningWorkflow.Reviewing, verified.Instance!.State);
        var noKind = await Assert.ThrowsAsync<RequestValidationException>(() => h.Review.HandleAsync(new ReviewWarning(warning.Id, true, null, "因病支出大", V(warning.Id)), official, Ct));
        Assert.Equal(["kind"], noKind.Errors.Keys);
        var included = await h.Review.HandleAsync(new ReviewWarning(warning.Id, true, MonitoredKind.SuddenHardship, "因病支出骤增，存在返贫风险", V(warning.Id)), official, Ct);
        Assert.Equal(PovertyWarningWorkflow.Planning, included.Instance!.State);

        // While the household is in an episode, a new month's file counts it, and warns no one.
        var april = await h.ImportMedicalAsync("2026-04", MedicalCsv(Claim(t, id, "2026-04-01", 5_000m)));
        Assert.Equal((1, 0, 1), (april.HouseholdsFlagged, april.WarningsCreated, april.AlreadyWarned));

        var planned = await h.Plan.HandleAsync(new PlanAssistance(warning.Id, [
            new MeasureInput(MeasureKind.MedicalAid, null, "项城市医疗保障局", new DateOnly(2026, 11, 30)),
            new MeasureInput(MeasureKind.PublicWelfareJob, "村保洁员", "郭丰楼村村委会", new DateOnly(2026, 12, 15)),
        ], V(warning.Id)), official, Ct);
        Assert.Equal(PovertyWarningWorkflow.Monitoring, planned.Instance!.State);
        var early = await h.Eliminate.HandleAsync(new EliminateRisk(warning.Id, "收入稳定", V(warning.Id)), official, Ct);
        Assert.Equal(TransitionOutcome.GuardFailed, early.Outcome); // not before a follow-up
        await h.FollowUp.HandleAsync(new FollowUpHousehold(warning.Id, "医疗救助已到账，公益岗位已上岗", V(warning.Id)), t.VillageTeam, Ct);
        var closed = await h.Eliminate.HandleAsync(new EliminateRisk(warning.Id, "医疗救助到位、务工收入稳定，风险消除", V(warning.Id)), official, Ct);

        Assert.Equal(PovertyWarningWorkflow.RiskEliminated, closed.Instance!.State);
        Assert.Equal(["start", "verify", "include", "plan", "follow-up", "eliminate"], await h.TriggersAsync(warning.Id));
        var row = Assert.Single(await h.WarningsAsync(t));
        Assert.Equal((false, true, true, true, 1), (row.Open, row.VerifiedOnTime, row.DecidedOnTime, row.Included, row.FollowUps));
        var view = (await h.Queries.GetAsync(warning.Id, official, Ct))!;
        Assert.Equal([MeasureKind.MedicalAid, MeasureKind.PublicWelfareJob], view.Plan!.Measures.Select(m => m.Kind));
        Assert.Equal(("风险消除", "医疗救助到位、务工收入稳定，风险消除"), (view.StateName, view.ClosingReason));
        Assert.Equal(["发起预警", "入户核实", "纳入监测", "制定帮扶计划（一户一策）", "回访", "风险消除"], view.Ledger.Select(l => l.Step));

        var figure = Assert.Single(await h.Queries.FiguresAsync(official, new DateOnly(2026, 11, 1), Ct));
        Assert.Equal((1, 1, 1, 1.0), (figure.Warned, figure.InTime, figure.Included, figure.Rate));

        // After 风险消除 the household may start a new episode.
        var may = await h.ImportMedicalAsync("2026-05", MedicalCsv(Claim(t, id, "2026-05-06", 1_000m)));
        Assert.Equal((1, 1, 0), (may.HouseholdsFlagged, may.WarningsCreated, may.AlreadyWarned));
        Assert.Equal(2, (await h.WarningsAsync(t)).Count);
    }

    [Fact]
    public async Task Verification_is_warned_at_80_percent_and_alerted_when_overdue_on_the_working_calendar_across_national_day()
    {
        // Tuesday 29 September 2026: 30 September, then 1–7 October off, Thursday 8, Friday 9, Saturday 10 (调休 上班), Monday 12.
        var h = new PovertyHarness(database, Cst(2026, 9, 29, 10));
        var t = await TestTownship.CreateAsync(database);
        await h.ImportMedicalAsync("2026-09", MedicalCsv(Claim(t, NewIdNumber(), "2026-09-28", 26_000m)));
        var warning = Assert.Single(await h.WarningsAsync(t));
        Assert.Equal(Cst(2026, 10, 12, 10), (await h.InstanceAsync(warning.Id)).DueAt);

        await h.AtAsync(Cst(2026, 10, 10, 9));
        Assert.Empty(await h.OutboxAsync(warning.Id));
        await h.AtAsync(Cst(2026, 10, 10, 10)); // 4 of 5 working days
        Assert.Equal([("poverty.warning", t.OfficialEmail)], await h.OutboxAsync(warning.Id));
        var warned = await h.Queries.PageAsync(t.OfficialActor, new ListQuery { Clock = nameof(ListClock.Warned) }, null, Ct);
        Assert.Equal([warning.Id], warned.Items.Select(i => i.Id));

        await h.AtAsync(Cst(2026, 10, 12, 10));
        Assert.Equal([("poverty.warning", t.OfficialEmail), ("poverty.overdue", t.OfficialEmail)], await h.OutboxAsync(warning.Id));
        Assert.Equal(PovertyWarningWorkflow.Verifying, (await h.InstanceAsync(warning.Id)).State); // only people verify

        h.Clock.Advance(TimeSpan.FromHours(1));
        await h.Verify.HandleAsync(new VerifyHousehold(warning.Id, "已入户", false, h.Database.VersionOf(warning.Id)), t.VillageTeam, Ct);
        await h.Review.HandleAsync(new ReviewWarning(warning.Id, false, null, "家庭收入稳定，医疗费用已由大病保险兜底", h.Database.VersionOf(warning.Id)), t.OfficialActor, Ct);
        var row = Assert.Single(await h.WarningsAsync(t));
        Assert.Equal((false, true, false, false), (row.VerifiedOnTime, row.DecidedOnTime, row.Included, row.Open));
        var figure = Assert.Single(await h.Queries.FiguresAsync(t.OfficialActor, new DateOnly(2026, 9, 1), Ct));
        Assert.Equal((1, 0, 1, 0.0), (figure.Warned, figure.InTime, figure.NotIncluded, figure.Rate));
    }

    [Fact]
    public async Task Another_townships_official_finds_nothing_and_moves_nothing()
    {
        var h = new PovertyHarness(database);
        var (t, other) = (await TestTownship.CreateAsync(database), await TestTownship.CreateAsync(database));
        var id = NewIdNumber();
        var reported = await h.Report.HandleAsync(new ReportHousehold(id, "张桂兰", t.Village.Id, "丈夫车祸致残，失去主要劳动力"), t.VillageTeam, Ct);
        var again = await Assert.ThrowsAsync<RuleViolationException>(() => h.Report.HandleAsync(new ReportHousehold(id, "张桂兰", t.Village.Id, "再报"), t.OfficialActor, Ct));
        Assert.Equal("该户已在预警或监测中", again.Title);

        Assert.Null(await h.Queries.GetAsync(reported.Id, other.OfficialActor, Ct));
        Assert.Empty((await h.Queries.PageAsync(other.OfficialActor, new ListQuery(), null, Ct)).Items);
        var figure = Assert.Single(await h.Queries.FiguresAsync(other.OfficialActor, new DateOnly(2026, 11, 1), Ct));
        Assert.Equal((other.Township.Id, 0, (double?)null), (figure.TownshipId, figure.Warned, figure.Rate));
        Assert.Equal(TransitionOutcome.NotFound, (await h.Verify.HandleAsync(new VerifyHousehold(reported.Id, "越权", true, V(reported.Id)), other.VillageTeam, Ct)).Outcome);
        await Assert.ThrowsAsync<UnauthorizedAccessException>(() => h.Report.HandleAsync(new ReportHousehold(NewIdNumber(), "李四", t.Village.Id, "越权申报"), other.VillageTeam, Ct));
        Assert.Equal([reported.Id], (await h.Queries.PageAsync(t.OfficialActor, new ListQuery(), null, Ct)).Items.Select(i => i.Id));
        Assert.Equal(WarningSource.CadreReport, (await h.Queries.GetAsync(reported.Id, t.VillageTeam, Ct))!.Source);
    }

    [Fact]
    public async Task A_family_reports_itself_and_follows_only_its_own_warning()
    {
        var h = new PovertyHarness(database);
        var t = await TestTownship.CreateAsync(database);
        var citizen = new Actor($"citizen-{Guid.NewGuid():N}", "张三", Roles.Citizen);
        var stranger = new Actor($"citizen-{Guid.NewGuid():N}", "李四", Roles.Citizen);

        var reported = await h.Report.HandleAsync(new ReportHousehold(NewIdNumber(), "张三", t.Village.Id, "家中遭遇火灾，房屋受损"), citizen, Ct);

        Assert.Equal(WarningSource.SelfReport, (await h.Queries.GetAsync(reported.Id, citizen, Ct))!.Source);
        Assert.Null(await h.Queries.GetAsync(reported.Id, stranger, Ct));
        Assert.Equal([reported.Id], (await h.Queries.PageAsync(citizen, new ListQuery(), null, Ct)).Items.Select(i => i.Id));
        Assert.Equal(TransitionOutcome.Forbidden, (await h.Verify.HandleAsync(new VerifyHousehold(reported.Id, "自己核实", true, V(reported.Id)), citizen, Ct)).Outcome);
    }

    [Fact]
    public async Task The_education_bureaus_students_warn_their_households()
    {
        var h = new PovertyHarness(database);
        var t = await TestTownship.CreateAsync(database);
        var household = NewIdNumber();
        var header = string.Join(",", ScreeningFile.EducationColumns);
        var file = System.Text.Encoding.UTF8.GetBytes(string.Join("\n", header,
            $"{NewIdNumber()},王小明,{household},王建国,{t.Township.Name},{t.Village.Name},高中,父亲重病",
            $"{NewIdNumber()},王小红,{household},王建国,{t.Township.Name},{t.Village.Name},大学,父亲重病"));

        var summary = await h.Import.HandleAsync(new ImportScreening(ScreeningSource.Education, "2026-08", "教育筛查.csv", file), Admin, Ct);

        Assert.Equal((2, 1, 1), (summary.RowsRead, summary.HouseholdsFlagged, summary.WarningsCreated));
        var warning = Assert.Single(await h.WarningsAsync(t));
        var view = (await h.Queries.GetAsync(warning.Id, t.OfficialActor, Ct))!;
        Assert.Equal((WarningSource.Education, "教育部门筛查：高中学生王**（父亲重病）；大学学生王**（父亲重病）"), (view.Source, view.Why));
    }
}
