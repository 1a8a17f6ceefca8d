namespace Governance.Workflows.ServiceHall.Queue;

/// <summary>Configuration section <c>ServiceHall:Queue</c>.</summary>
public sealed class QueueOptions
{
    public const string Section = "ServiceHall:Queue";

    /// <summary>A booked citizen may check in this long before the slot starts (and until the no-show grace ends).</summary>
    public TimeSpan CheckInOpensBefore { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Longest reason for a return (退回) or transfer.</summary>
    public int MaxReasonLength { get; set; } = 500;

    /// <summary>How many waiting tickets a window's queue view lists.</summary>
    public int QueueViewLimit { get; set; } = 200;
}
