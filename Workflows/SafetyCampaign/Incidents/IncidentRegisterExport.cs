using System.Globalization;
using Governance.Engine;
using Governance.Engine.Calendar;
using Governance.Engine.Runtime;
using Governance.Workflows.Reports;
using Governance.Workflows.SafetyCampaign.Organisation;
using Governance.Workflows.Storage;
using Microsoft.EntityFrameworkCore;

namespace Governance.Workflows.SafetyCampaign.Incidents;

/// <summary>
/// The 事故 and 案件 registers (事故/案件登记) of one township for one month (by when each occurred,
/// China time) as one Excel workbook, a sheet per register, oldest first: what a township official
/// hands on. No one's name, phone or ID number is in a register line; only who registered it.
/// </summary>
public sealed class IncidentRegisterExport(IDbContextFactory<WorkflowDbContext> dbFactory)
{
    private static readonly string[] AccidentHeaders = ["发生时间", "类别", "等级", "村（社区）/单位", "死亡人数", "重伤人数", "简要经过", "登记人", "登记时间"];

    private static readonly string[] CaseHeaders = ["发生时间", "类别", "村（社区）/单位", "简要经过", "登记人", "登记时间"];

    /// <summary>The workbook, or null when the township is not the actor's (an official's own township; the administrator's any).</summary>
    /// <exception cref="UnauthorizedAccessException">Neither a township official nor the administrator.</exception>
    public async Task<ReportFile?> ExportAsync(Actor actor, int townshipId, string? month, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (await TownshipMonth.OpenAsync(db, actor, townshipId, month, "只有镇级领导和管理员可以导出事故、案件登记", ct) is not (var township, var period))
        {
            return null;
        }

        var (start, end) = (period.Start, period.End);
        var lines = await (
                from i in db.Set<Incident>().AsNoTracking()
                join p in db.Set<Place>() on i.PlaceId equals p.Id
                where i.TownshipId == townshipId && i.OccurredAt >= start && i.OccurredAt < end
                orderby i.OccurredAt, i.Id
                select new { Incident = i, Place = p.Name })
            .ToListAsync(ct);

        var accidents = lines.Where(l => l.Incident.Kind == IncidentKind.Accident).Select(l => (IReadOnlyList<object?>)
        [
            Time(l.Incident.OccurredAt), l.Incident.Type.DisplayName(), l.Incident.Severity?.DisplayName(), l.Place,
            l.Incident.Deaths, l.Incident.Injuries, l.Incident.Summary, l.Incident.RegisteredByName, Time(l.Incident.RegisteredAt),
        ]).ToList();
        var cases = lines.Where(l => l.Incident.Kind == IncidentKind.Case).Select(l => (IReadOnlyList<object?>)
        [
            Time(l.Incident.OccurredAt), l.Incident.Type.DisplayName(), l.Place, l.Incident.Summary, l.Incident.RegisteredByName, Time(l.Incident.RegisteredAt),
        ]).ToList();
        return ReportFile.Of(
            ReportFormat.Xlsx,
            $"事故案件登记-{township.Name}-{period}",
            new ReportSheet("事故登记", AccidentHeaders, accidents),
            new ReportSheet("案件登记", CaseHeaders, cases));
    }

    private static string Time(DateTimeOffset at) => ChinaTime.ToLocal(at).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
}
