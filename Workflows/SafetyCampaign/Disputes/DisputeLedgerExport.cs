using System.Globalization;
using System.Text;
using Governance.Engine;
using Governance.Engine.Calendar;
using Governance.Engine.Runtime;
using Governance.Workflows.SafetyCampaign.Organisation;
using Governance.Workflows.Storage;
using Microsoft.EntityFrameworkCore;

namespace Governance.Workflows.SafetyCampaign.Disputes;

/// <summary>A month of one township's 台账 as a CSV file.</summary>
public sealed record LedgerFile(string FileName, byte[] Content);

/// <summary>
/// Exports the 台账 of one township's matters for one month (China time) as CSV with zh-CN
/// headers, UTF-8 with a byte-order mark so that Excel opens it as such. Every ledger line whose
/// time falls in the month, oldest first. No party's phone or ID number is in it: the ledger holds
/// none. A cell that starts like a formula is prefixed with an apostrophe, so Excel shows it.
/// </summary>
public sealed class DisputeLedgerExport(IDbContextFactory<WorkflowDbContext> dbFactory)
{
    private static readonly string[] Headers = ["时间", "事项编号", "类型", "类别", "来源", "是否越级", "镇（乡、街道）", "村（社区）/单位", "原环节", "现环节", "办理事项", "操作人", "角色", "说明"];

    /// <summary>The file, or null when the township is not the actor's (an official's own township; the administrator's any).</summary>
    /// <exception cref="UnauthorizedAccessException">Neither a township official nor the administrator.</exception>
    public async Task<LedgerFile?> ExportAsync(Actor actor, int townshipId, string? month, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (actor.Role is not (Roles.TownshipOfficial or Roles.Admin))
        {
            throw new UnauthorizedAccessException("只有镇级领导和管理员可以导出台账");
        }

        new Validation()
            .Check(townshipId > 0, "townshipId", "必填")
            .Check(CalendarMonth.TryParse(month, out var calendarMonth), "month", CalendarMonth.FormatHint)
            .ThrowIfInvalid();

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var township = await db.Set<Township>().AsNoTracking().SingleOrDefaultAsync(t => t.Id == townshipId, ct);
        if (township is null || !actor.CanSee(Township.OrgUnitOf(townshipId)))
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

        var csv = new StringBuilder();
        AppendRow(csv, Headers);
        foreach (var l in lines)
        {
            AppendRow(csv,
            [
                ChinaTime.ToLocal(l.At).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
                l.Id.ToString(),
                l.DisputeKind.DisplayName(),
                l.Category.DisplayName(),
                l.Source.DisplayName(),
                l.SkipLevel ? "是" : "否",
                township.Name,
                l.Place,
                StateName(l.FromState),
                StateName(l.ToState),
                Step(l.Kind, l.Trigger, l.FromState),
                l.ActorName,
                Roles.DisplayName(l.ActorRole),
                l.Reason ?? "",
            ]);
        }

        var content = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(csv.ToString())).ToArray();
        return new LedgerFile($"台账-{township.Name}-{calendarMonth.First:yyyy-MM}.csv", content);
    }

    internal static string StateName(string state) => DisputeWorkflow.Definition.States.TryGetValue(state, out var s) ? s.DisplayName : state;

    /// <summary>What a ledger line records, in the words of the ledger (台账) people read.</summary>
    internal static string Step(LedgerKind kind, string trigger, string from) => kind switch
    {
        LedgerKind.Started => "登记",
        LedgerKind.SlaWarning => "临期预警",
        LedgerKind.SlaExpired => "超期",
        LedgerKind.LimitRecomputed => "时限重算",
        LedgerKind.Migrated => "版本迁移",
        _ => DisputeWorkflow.Definition.FindTransition(from, trigger)?.DisplayName ?? trigger,
    };

    /// <summary>RFC 4180: a field with a comma, quote or line break is quoted, quotes doubled.</summary>
    private static void AppendRow(StringBuilder csv, IEnumerable<string> fields)
    {
        csv.AppendJoin(',', fields.Select(Field)).Append("\r\n");

        static string Field(string value)
        {
            if (value.Length > 0 && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r')
            {
                value = "'" + value;
            }

            return value.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? $"\"{value.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : value;
        }
    }
}
