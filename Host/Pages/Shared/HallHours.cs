using Governance.Engine.Calendar;
using Governance.Workflows.ServiceHall.Appointments;

namespace Governance.Host.Pages.Shared;

/// <summary>
/// A hall's weekly hours as people read them, with the coming special sessions (专场) on the day
/// they fall: a Sunday the weekly hours call 休息 says that a 周日专场 opens, so the two never
/// disagree. Shown by <c>_HallHours.cshtml</c> to citizens and administrators alike.
/// </summary>
public sealed record HallHours(WeeklyHours Hours, IReadOnlyList<SessionView> Sessions)
{
    /// <summary>Monday first, as a Chinese week is written.</summary>
    public static IReadOnlyList<DayOfWeek> Week { get; } =
        [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday, DayOfWeek.Saturday, DayOfWeek.Sunday];

    /// <summary>The day's hours; a day the weekly hours close but a 专场 opens reads 仅开专场, not 休息.</summary>
    public string OpenOn(DayOfWeek day) =>
        Hours.On(day) is { Count: > 0 } open ? string.Join("，", open) : SpecialOn(day).Any() ? "平日休息，仅开专场：" : "休息";

    /// <summary>The special sessions on <paramref name="day"/>, e.g. ("11-22 周日契税专场", "09:00–12:00").</summary>
    public IEnumerable<(string Session, string Time)> SpecialOn(DayOfWeek day) =>
        Sessions.Where(s => s.IsSpecial && s.Date.DayOfWeek == day && s.Slots.Count > 0)
            .Select(s => ($"{s.Date:MM-dd} {s.Name}", $"{Show.Time(s.Slots[0].StartsAt)}–{Show.Time(s.Slots[^1].EndsAt)}"));
}
