using Governance.Engine;
using System.Globalization;
using System.Security.Cryptography;
using Governance.Engine.Calendar;
using Governance.Workflows.Privacy;
using Governance.Engine.Runtime;
using Governance.Engine.Storage;
using Governance.Workflows.SafetyCampaign.Organisation;
using Governance.Workflows.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Governance.Workflows.PovertyMonitoring;

/// <summary>
/// The administrator takes in a month's screening file (大数据比对): the medical-insurance bureau's
/// reimbursements (<see cref="ScreeningFile.MedicalColumns"/>) or the education bureau's students
/// from families in difficulty (<see cref="ScreeningFile.EducationColumns"/>). <paramref name="Month"/>
/// is <c>yyyy-MM</c>, the month the data is of.
/// </summary>
public sealed record ImportScreening(ScreeningSource? Source, string? Month, string? FileName, byte[]? Content);

/// <summary>What an import did: lines read, households flagged, warnings raised, households that already had one.</summary>
public sealed record ImportSummary(Guid ImportId, ScreeningSource Source, DateOnly Month, string FileName, bool AlreadyImported, int RowsRead, int HouseholdsFlagged, int WarningsCreated, int AlreadyWarned, DateTimeOffset ImportedAt)
{
    internal static ImportSummary Of(ScreeningImport i, bool alreadyImported) =>
        new(i.Id, i.Source, i.Month, i.FileName, alreadyImported, i.RowsRead, i.HouseholdsFlagged, i.WarningsCreated, i.AlreadyWarned, i.ImportedAt);
}

/// <summary>
/// Reads and checks the whole file first (a bad header, number, date, ID number or an unknown
/// village refuses it with the line and column, storing nothing), then in one transaction stores
/// it and raises the warnings. 医保: every household of the file whose out-of-pocket spending (自付,
/// what the family paid itself after reimbursement: the burden that can push it back into poverty)
/// over the 12 months ending with the file's month — summed over every month imported so far —
/// exceeds the threshold. 教育: every household the file lists. A household with an open warning is
/// counted, not warned again. The same file again answers what it did the first time and changes
/// nothing; another file for a month already imported is refused.
/// </summary>
public sealed class ImportScreeningHandler(WorkflowRuntime runtime, IDbContextFactory<WorkflowDbContext> dbFactory, IOptions<PovertyOptions> options)
{
    public const int MaxFileName = 255;

    public async Task<ImportSummary> HandleAsync(ImportScreening command, Actor actor, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(actor);
        Roles.RequireAdmin(actor, "只有管理员可以导入筛查数据");
        var limits = options.Value;
        var today = ChinaTime.DateOf(runtime.Now);
        var month = ParseMonth(command.Month);
        new Validation()
            .OneOf(command.Source, "source", PovertyNames.DisplayName)
            .Check(command.Month is not null && month is not null, "month", command.Month is null ? "必填" : "应为年月，如 2026-11")
            .Check(month is null || month <= new DateOnly(today.Year, today.Month, 1), "month", "不能是将来的月份")
            .Text(command.FileName, "fileName", MaxFileName)
            .Check(command.Content is { Length: > 0 }, ScreeningFile.Field, "请选择要导入的文件")
            .Check(command.Content is null || command.Content.Length <= limits.MaxFileBytes, ScreeningFile.Field, $"文件不能超过 {limits.MaxFileBytes / 1024 / 1024} MB")
            .ThrowIfInvalid();
        var (source, first, content) = (command.Source!.Value, month!.Value, command.Content!);
        var monthEnd = first.AddMonths(1).AddDays(-1);
        var fileName = Path.GetFileName(command.FileName!.Trim());
        var hash = Convert.ToHexStringLower(SHA256.HashData(content));

        PlaceDirectory places;
        await using (var read = await dbFactory.CreateDbContextAsync(ct))
        {
            places = new PlaceDirectory(await read.Set<Place>().AsNoTracking().Include(p => p.Township).ToListAsync(ct));
        }

        IReadOnlyList<MedicalRow> medical = [];
        IReadOnlyList<EducationRow> education = [];
        if (source == ScreeningSource.MedicalInsurance)
        {
            medical = ScreeningFile.ReadMedical(content, places, monthEnd, today);
        }
        else
        {
            education = ScreeningFile.ReadEducation(content, places, today);
        }

        return await runtime.InTransactionAsync(async (db, token) =>
        {
            // Imports one at a time: two clicks on 导入 with the same file find the first's row.
            await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock(hashtext({"poverty-import"}))", token);
            if (await db.Set<ScreeningImport>().AsNoTracking().SingleOrDefaultAsync(i => i.FileHash == hash, token) is { } same)
            {
                return ImportSummary.Of(same, alreadyImported: true);
            }

            if (await db.Set<ScreeningImport>().AsNoTracking().SingleOrDefaultAsync(i => i.Source == source && i.Month == first, token) is { } earlier)
            {
                throw new RuleViolationException(
                    "该月数据已导入",
                    $"{first:yyyy-MM} 的{source.DisplayName()}已于 {ChinaTime.ToLocal(earlier.ImportedAt):yyyy-MM-dd HH:mm} 导入（文件“{earlier.FileName}”），每月只导入一次，本次未导入");
            }

            var import = new ScreeningImport(Guid.CreateVersion7(runtime.Now), source, first, fileName, hash, actor.Id, runtime.Now);
            db.Add(import);
            await db.SaveChangesAsync(token);
            var (flagged, created, already) = source == ScreeningSource.MedicalInsurance
                ? await WarnMedicalAsync(db, import, medical, first, limits.MedicalThresholdYuan, actor, token)
                : await WarnEducationAsync(db, import, education, actor, token);
            import.Counted(source == ScreeningSource.MedicalInsurance ? medical.Count : education.Count, flagged, created, already);
            return ImportSummary.Of(import, alreadyImported: false);
        }, ct);
    }

    private async Task<(int Flagged, int Created, int Already)> WarnMedicalAsync(EngineDbContext db, ScreeningImport import, IReadOnlyList<MedicalRow> rows, DateOnly month, decimal threshold, Actor actor, CancellationToken ct)
    {
        var households = new Dictionary<string, (Household Row, HouseholdFacts Facts)>();
        foreach (var row in rows)
        {
            var key = Household.PersonKeyOf(row.Household.IdNumber);
            var household = await RaiseWarning.FindOrAddAsync(db, key, row.Household, ct);
            households[key] = (household, row.Household);
            db.Add(new MedicalClaim(import.Id, row.Line, household.Id, row.VisitDate, row.TotalCost, row.Reimbursed, row.OutOfPocket));
        }

        await db.SaveChangesAsync(ct);

        // The rolling window: the file's month and the 11 before it, from every file imported so far.
        var from = month.AddMonths(-11);
        var to = month.AddMonths(1).AddDays(-1);
        var ids = households.Values.Select(h => h.Row.Id).ToList();
        var sums = await db.Set<MedicalClaim>().AsNoTracking()
            .Where(c => ids.Contains(c.HouseholdId) && c.VisitDate >= from && c.VisitDate <= to)
            .GroupBy(c => c.HouseholdId)
            .Select(g => new { HouseholdId = g.Key, OutOfPocket = g.Sum(c => c.OutOfPocket) })
            .Where(s => s.OutOfPocket > threshold)
            .ToDictionaryAsync(s => s.HouseholdId, s => s.OutOfPocket, ct);
        var (created, already) = (0, 0);
        foreach (var (row, facts) in households.Values.Where(h => sums.ContainsKey(h.Row.Id)).OrderBy(h => h.Row.Id))
        {
            var spent = sums[row.Id];
            var why = string.Create(CultureInfo.InvariantCulture, $"近 12 个月（{from:yyyy-MM} 至 {month:yyyy-MM}）医疗自付 {spent:N2} 元，超过预警线 {threshold:N0} 元");
            var cause = new WarningCause(WarningSource.MedicalInsurance, why, import.Id, MedicalSpending: spent);
            _ = await RaiseWarning.RaiseAsync(db, runtime, facts, cause, actor, ct) is null ? already++ : created++;
        }

        return (sums.Count, created, already);
    }

    private async Task<(int Flagged, int Created, int Already)> WarnEducationAsync(EngineDbContext db, ScreeningImport import, IReadOnlyList<EducationRow> rows, Actor actor, CancellationToken ct)
    {
        var (created, already) = (0, 0);
        var byHousehold = rows.GroupBy(r => Household.PersonKeyOf(r.Household.IdNumber)).ToList();
        foreach (var household in byHousehold)
        {
            var first = household.First();
            var students = string.Join("；", household.Select(r => $"{r.Student.Stage}学生{PersonalData.MaskName(r.Student.Name)}（{r.Student.Difficulty}）"));
            var cause = new WarningCause(WarningSource.Education, $"教育部门筛查：{students}", import.Id, Student: first.Student);
            _ = await RaiseWarning.RaiseAsync(db, runtime, first.Household, cause, actor, ct) is null ? already++ : created++;
        }

        return (byHousehold.Count, created, already);
    }

    private static DateOnly? ParseMonth(string? month) =>
        DateOnly.TryParseExact(month?.Trim() + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var first) && first.Year >= 2000 ? first : null;
}
