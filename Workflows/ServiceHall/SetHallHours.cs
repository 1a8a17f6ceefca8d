using Governance.Engine;
using Governance.Engine.Calendar;
using Governance.Engine.Runtime;
using Microsoft.EntityFrameworkCore;

namespace Governance.Workflows.ServiceHall;

/// <summary>An opening interval as the administrator enters it (wall clock in China).</summary>
public sealed record HoursInterval(TimeOnly? Opens, TimeOnly? Closes);

/// <summary>The administrator sets a hall's hours for one weekday: its intervals in order, none to close that day.</summary>
public sealed record SetHallHours(int HallId, DayOfWeek? Day, IReadOnlyList<HoursInterval>? Intervals);

public sealed class SetHallHoursHandler(WorkflowRuntime runtime)
{
    /// <summary>A morning and an afternoon, perhaps an evening 延时 window: more is a typing error.</summary>
    private const int MaxIntervals = 4;

    public Task<WeeklyHours> HandleAsync(SetHallHours command, Actor actor, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(command);
        Roles.RequireAdmin(actor, "只有系统管理员可以设置办公时间");
        var validation = new Validation()
            .Check(command.Day is not null, "day", "必填")
            .Check(command.Day is null || Enum.IsDefined(command.Day.Value), "day", "星期有误")
            .Check(command.Intervals is not null, "intervals", "必填（休息日为空数组）")
            .Check(command.Intervals is null || command.Intervals.Count <= MaxIntervals, "intervals", $"每天至多 {MaxIntervals} 段");
        var intervals = command.Intervals ?? [];
        for (var i = 0; i < intervals.Count; i++)
        {
            var (opens, closes) = (intervals[i].Opens, intervals[i].Closes);
            validation
                .Check(opens is not null, $"intervals[{i}].opens", "必填")
                .Check(closes is not null, $"intervals[{i}].closes", "必填")
                .Check(opens is null || closes is null || opens < closes, $"intervals[{i}].closes", "须晚于开始时间");
        }

        validation.ThrowIfInvalid();
        OpeningInterval[] ordered = [.. intervals.Select(i => new OpeningInterval(i.Opens!.Value, i.Closes!.Value)).OrderBy(i => i.Open)];
        for (var i = 1; i < ordered.Length; i++)
        {
            validation.Check(ordered[i].Open >= ordered[i - 1].Close, "intervals", $"{ordered[i - 1]} 与 {ordered[i]} 重叠");
        }

        validation.ThrowIfInvalid();

        return runtime.InTransactionAsync(async (db, token) =>
        {
            var hall = await db.Set<Hall>().Include(h => h.OpeningHours).SingleOrDefaultAsync(h => h.Id == command.HallId, token);
            new Validation().Check(hall is not null, "hallId", "大厅不存在").ThrowIfInvalid();
            hall!.SetHours(command.Day!.Value, ordered);
            return hall.WeeklyHours();
        }, ct);
    }
}
