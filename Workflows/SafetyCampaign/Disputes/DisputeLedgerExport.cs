using System.Globalization;
using Governance.Engine;
using Governance.Engine.Calendar;
using Governance.Engine.Runtime;
using Governance.Workflows.Reports;
using Governance.Workflows.SafetyCampaign.Organisation;
using Governance.Workflows.Storage;
using Microsoft.EntityFrameworkCore;

namespace Governance.Workflows.SafetyCampaign.Disputes;

/// <summary>
/// Exports the 台账 of one township's matters for one month (China time) with zh-CN headers, as
/// CSV or as an Excel workbook, both written from the same rows (<see cref="ReportFile"/>). Every
/// ledger line whose time falls in the month, oldest first. No party's phone or ID number is in
/// it: the ledger holds none.
/// </summary>
public sealed class DisputeLedgerExport(IDbContextFactory<WorkflowDbContext> dbFactory)
{
    private static readonly WorkflowDefinition Definition = DisputeWorkflow.Definition;

    private static readonly string[] Headers = ["时间", "事项编号", "类型", "类别", "来源", "是否越级", "镇（乡、街道）", "村（社区）/单位", "原环节", "现环节", "办理事项", "操作人", "角色", "说明"];

    /// <summary>The file, or null when the township is not the actor's (an official's own township; the administrator's any).</summary>
    /// <exception cref="UnauthorizedAccessException">Neither a township official nor the administrator.</exception>
    public async Task<ReportFile?> ExportAsync(Actor actor, int townshipId, string? month, ReportFormat format, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (await TownshipMonth.OpenAsync(db, actor, townshipId, month, "只有镇级领导和管理员可以导出台账", ct) is not (var township, var calendarMonth))
        {
            return null;
        }

        var (monthStart, monthEnd) = (calendarMonth.Start, calendarMonth.End);
        var lines = await (
                from l in db.Ledger
                join d in db.Set<Dispute>() on l.InstanceId equals d.Id
                join p in db.Set<Place>() on d.PlaceId equals p.Id
                where d.TownshipId == townshipId && l.At >= monthStart && l.At < monthEnd
                orderby l.Id
                select new { l.At, l.Kind, l.Trigger, l.FromState, l.ToState, l.ActorName, l.ActorRole, l.Reason, d.Id, DisputeKind = d.Kind, d.Category, d.Source, d.SkipLevel, Place = p.Name })
            .ToListAsync(ct);

        var rows = lines.Select(l => (IReadOnlyList<object?>)
        [
            ChinaTime.ToLocal(l.At).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
            l.Id.ToString(),
            l.DisputeKind.DisplayName(),
            l.Category.DisplayName(),
            l.Source.DisplayName(),
            l.SkipLevel ? "是" : "否",
            township.Name,
            l.Place,
            Definition.StateName(l.FromState),
            Definition.StateName(l.ToState),
            Definition.StepName(l.Kind, l.Trigger, l.FromState),
            l.ActorName,
            Roles.DisplayName(l.ActorRole),
            l.Reason ?? "",
        ]).ToList();
        return ReportFile.Of(format, $"台账-{township.Name}-{calendarMonth}", new ReportSheet("台账", Headers, rows));
    }
}
