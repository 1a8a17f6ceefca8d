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

    /// <summary>过号: a called citizen who has not come to the window this long after the (last) call is set aside. Pinned on each ticket when it is issued.</summary>
    public TimeSpan NoShowAfter { get; set; } = TimeSpan.FromMinutes(3);

    /// <summary>回队: a set-aside ticket that comes back waits behind this many of the tickets waiting in its queue (fewer if fewer wait).</summary>
    public int RejoinAfter { get; set; } = 3;

    /// <summary>China time after which the day's tickets still open (waiting, called, set aside) are closed as not served (当日未办).</summary>
    public TimeOnly DayEndsAt { get; set; } = new(21, 0);

    /// <summary>How many of an item's tickets served last (today) the estimated wait is taken from.</summary>
    public int EstimateSample { get; set; } = 10;
}
