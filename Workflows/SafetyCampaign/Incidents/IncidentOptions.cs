namespace Governance.Workflows.SafetyCampaign.Incidents;

/// <summary>Configuration section <c>SafetyCampaign:Incidents</c>: the registers' limits.</summary>
public sealed class IncidentOptions
{
    public const string Section = "SafetyCampaign:Incidents";

    /// <summary>How many calendar days after it occurred an accident or case may still be registered (default 90).</summary>
    public double RegisterWithinDays { get; set; } = 90;

    /// <summary>Most lines one register answer lists (default 500).</summary>
    public int MaxListed { get; set; } = 500;

    internal bool IsValid => RegisterWithinDays is > 0 and <= 366 && MaxListed is >= 1 and <= 5000;
}
