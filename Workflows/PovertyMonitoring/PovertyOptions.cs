namespace Governance.Workflows.PovertyMonitoring;

/// <summary>
/// Configuration section <c>PovertyMonitoring</c>: the screening threshold and the time limits of a
/// warning's path, which every city sets itself. The limits are configuration keys of
/// <see cref="PovertyWarningWorkflow.Definition"/>, pinned on each warning when it is raised.
/// </summary>
public sealed class PovertyOptions
{
    public const string Section = "PovertyMonitoring";

    /// <summary>
    /// 医疗开支预警线: a household whose out-of-pocket medical spending (自付) over the last 12 months
    /// exceeds this many yuan is warned (default 20,000, the seed article's figure).
    /// </summary>
    public decimal MedicalThresholdYuan { get; set; } = 20_000m;

    /// <summary>Working days the village has for 入户核实 (default 5).</summary>
    public double VerifyWorkingDays { get; set; } = 5;

    /// <summary>Working days the township has to decide 纳入监测 or not (default 5).</summary>
    public double ReviewWorkingDays { get; set; } = 5;

    /// <summary>Working days from 纳入监测 to the household's plan (一户一策; default 10).</summary>
    public double PlanWorkingDays { get; set; } = 10;

    /// <summary>Working days between two follow-up visits (回访) of a monitored household: about a month (default 22).</summary>
    public double FollowUpWorkingDays { get; set; } = 22;

    /// <summary>The largest screening file accepted, in bytes (default 10 MB).</summary>
    public int MaxFileBytes { get; set; } = 10 * 1024 * 1024;

    internal bool IsValid =>
        MedicalThresholdYuan is > 0 and <= 10_000_000m
        && VerifyWorkingDays is > 0 and <= 30 && ReviewWorkingDays is > 0 and <= 30 && PlanWorkingDays is > 0 and <= 60
        && FollowUpWorkingDays is > 0 and <= 66 && MaxFileBytes is > 0 and <= 100 * 1024 * 1024;
}
