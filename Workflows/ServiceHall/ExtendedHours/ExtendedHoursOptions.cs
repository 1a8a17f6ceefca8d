namespace Governance.Workflows.ServiceHall.ExtendedHours;

/// <summary>Configuration section <c>ServiceHall:ExtendedHours</c>.</summary>
public sealed class ExtendedHoursOptions
{
    public const string Section = "ServiceHall:ExtendedHours";

    /// <summary>How long after the hall's closing time an extended-hours service may run (default 2 hours).</summary>
    public TimeSpan GraceAfterClosing { get; set; } = TimeSpan.FromHours(2);
}
