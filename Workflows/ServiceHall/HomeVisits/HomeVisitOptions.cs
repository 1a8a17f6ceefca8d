namespace Governance.Workflows.ServiceHall.HomeVisits;

/// <summary>Configuration section <c>ServiceHall:HomeVisits</c>: the time limits of 上门服务, which every city sets itself.</summary>
public sealed class HomeVisitOptions
{
    public const string Section = "ServiceHall:HomeVisits";

    /// <summary>Working days the hall lead has to review a request (default 1).</summary>
    public double ReviewWorkingDays { get; set; } = 1;

    /// <summary>Working days from approval to a scheduled visit (default 3).</summary>
    public double ScheduleWorkingDays { get; set; } = 3;

    /// <summary>How far ahead a visit may be scheduled, in calendar days (default 30).</summary>
    public int ScheduleHorizonDays { get; set; } = 30;

    internal bool IsValid => ReviewWorkingDays is > 0 and <= 30 && ScheduleWorkingDays is > 0 and <= 30 && ScheduleHorizonDays is > 0 and <= 366;
}
