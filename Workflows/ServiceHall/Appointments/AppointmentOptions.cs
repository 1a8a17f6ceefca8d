namespace Governance.Workflows.ServiceHall.Appointments;

/// <summary>Configuration section <c>ServiceHall:Appointments</c>; the defaults are the common practice.</summary>
public sealed class AppointmentOptions
{
    public const string Section = "ServiceHall:Appointments";

    /// <summary>Book at least this long before the slot starts.</summary>
    public TimeSpan MinLeadTime { get; set; } = TimeSpan.FromHours(2);

    /// <summary>Book at most this far ahead.</summary>
    public TimeSpan MaxAdvance { get; set; } = TimeSpan.FromDays(14);

    /// <summary>Cancel or reschedule up to this long before the slot starts.</summary>
    public TimeSpan ChangeCutoff { get; set; } = TimeSpan.FromHours(2);

    /// <summary>Not checked in this long after the slot starts: a no-show, and the slot is released.</summary>
    public TimeSpan NoShowGrace { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>This many no-shows within <see cref="NoShowWindow"/> suspend booking for <see cref="Suspension"/>.</summary>
    public int NoShowLimit { get; set; } = 3;

    public TimeSpan NoShowWindow { get; set; } = TimeSpan.FromDays(90);

    public TimeSpan Suspension { get; set; } = TimeSpan.FromDays(30);
}
