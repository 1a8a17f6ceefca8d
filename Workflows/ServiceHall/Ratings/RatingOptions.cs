namespace Governance.Workflows.ServiceHall.Ratings;

/// <summary>Configuration section <c>Ratings</c>: where the rating links point and the time limits of 好差评.</summary>
public sealed class RatingOptions
{
    public const string Section = "Ratings";

    /// <summary>The public address the citizen's rating link starts with (default <c>http://127.0.0.1:5080</c>).</summary>
    public string PublicBaseUrl { get; set; } = "http://127.0.0.1:5080";

    /// <summary>Calendar days a rating link stays valid (default 7).</summary>
    public double InvitationValidDays { get; set; } = 7;

    /// <summary>Working days from a bad rating to the report-back (回访、核实、整改、反馈; default 15).</summary>
    public double RectificationWorkingDays { get; set; } = 15;

    /// <summary>Calendar days after the report-back in which the citizen may appeal (申诉; default 7).</summary>
    public double AppealDays { get; set; } = 7;

    /// <summary>Working days the hall lead has to answer an appeal (复核; default 5).</summary>
    public double ReviewWorkingDays { get; set; } = 5;

    internal bool IsValid =>
        PublicAddress.IsValid(PublicBaseUrl)
        && InvitationValidDays is > 0 and <= 90
        && RectificationWorkingDays is > 0 and <= 60
        && AppealDays is > 0 and <= 90
        && ReviewWorkingDays is > 0 and <= 60;
}
