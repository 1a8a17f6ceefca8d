namespace Governance.Workflows.SafetyCampaign.Disputes;

/// <summary>Configuration section <c>SafetyCampaign:Disputes</c>: the time limits of the escalation ladder, which every city sets itself.</summary>
public sealed class DisputeOptions
{
    public const string Section = "SafetyCampaign:Disputes";

    /// <summary>Working days the village linkage team has (default 5).</summary>
    public double VillageWorkingDays { get; set; } = 5;

    /// <summary>Working days the township has (default 10).</summary>
    public double TownshipWorkingDays { get; set; } = 10;

    /// <summary>Working days the department level has, the proxy handler's carrying included (default 30).</summary>
    public double DepartmentWorkingDays { get; set; } = 30;

    /// <summary>Working days from resolution to the follow-up call (回访; default 3).</summary>
    public double FollowUpWorkingDays { get; set; } = 3;

    /// <summary>Working days the lead department (主办) of a joint handling (联合办理) has for its part (default 15).</summary>
    public double JointLeadWorkingDays { get; set; } = 15;

    /// <summary>Working days each assisting department (协办) of a joint handling has for its part (default 10).</summary>
    public double JointAssistingWorkingDays { get; set; } = 10;

    /// <summary>Extensions one matter may get over its whole life (default 2).</summary>
    public int MaxExtensions { get; set; } = 2;

    /// <summary>Most working days one extension may add (default 10).</summary>
    public double MaxExtensionWorkingDays { get; set; } = 10;

    /// <summary>信访工作条例 (2022) 第三十二条: calendar days from acceptance to conclusion (default 60).</summary>
    public double PetitionConclusionDays { get; set; } = 60;

    /// <summary>The one extension of that bound the regulation allows, at most 30 calendar days (default 30).</summary>
    public double PetitionExtensionDays { get; set; } = 30;

    /// <summary>The public address the citizen's links start with (default <c>http://127.0.0.1:5080</c>, as <c>Ratings:PublicBaseUrl</c>).</summary>
    public string PublicBaseUrl { get; set; } = "http://127.0.0.1:5080";

    /// <summary>The page where a citizen follows a matter they reported.</summary>
    internal string CitizenLink(Guid id) => PublicAddress.Link(PublicBaseUrl, $"/my/disputes/{id}");

    internal bool IsValid =>
        PublicAddress.IsValid(PublicBaseUrl) &&
        VillageWorkingDays is > 0 and <= 60 && TownshipWorkingDays is > 0 and <= 60 && DepartmentWorkingDays is > 0 and <= 90
        && FollowUpWorkingDays is > 0 and <= 30 && JointLeadWorkingDays is > 0 and <= 90 && JointAssistingWorkingDays is > 0 and <= 90 && MaxExtensions is >= 0 and <= 5 && MaxExtensionWorkingDays is > 0 and <= 30
        && PetitionConclusionDays is > 0 and <= 60 && PetitionExtensionDays is >= 0 and <= 30;

    internal DisputeLimits Limits() => new(MaxExtensions, PetitionConclusionDays, PetitionExtensionDays);
}
