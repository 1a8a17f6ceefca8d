namespace Governance.Workflows.PovertyMonitoring;

/// <summary>The kind of household a township takes in (三类监测户).</summary>
public enum MonitoredKind
{
    /// <summary>脱贫不稳定户.</summary>
    UnstableLeaver,

    /// <summary>边缘易致贫户.</summary>
    Edge,

    /// <summary>突发严重困难户 (因病、因灾、因意外事故).</summary>
    SuddenHardship,
}

/// <summary>A measure of a household's plan (一户一策).</summary>
public enum MeasureKind
{
    /// <summary>医疗救助.</summary>
    MedicalAid,

    /// <summary>临时救助.</summary>
    TemporaryAid,

    /// <summary>公益岗位.</summary>
    PublicWelfareJob,

    /// <summary>产业帮扶.</summary>
    IndustrySupport,

    /// <summary>教育资助.</summary>
    EducationAid,

    /// <summary>其他 (described).</summary>
    Other,
}

/// <summary>What the education bureau's row said of the student (ID number masked).</summary>
public sealed record StudentFacts(string Name, string IdNumberMasked, string Stage, string Difficulty);

/// <summary>入户核实: what the village found at the home and what it recommends.</summary>
public sealed record Verification(DateTimeOffset At, string By, string Findings, bool RecommendInclusion);

/// <summary>The township's decision, with its reason.</summary>
public sealed record Decision(DateTimeOffset At, string By, bool Included, MonitoredKind? Kind, string Reason);

/// <summary>One measure of the plan: what, by which unit (责任单位), by when.</summary>
public sealed record AssistanceMeasure(MeasureKind Kind, string? Description, string ResponsibleUnit, DateOnly DueDate);

/// <summary>一户一策.</summary>
public sealed record AssistancePlan(DateTimeOffset At, string By, IReadOnlyList<AssistanceMeasure> Measures);

/// <summary>
/// The facts of one warning, kept on its instance: the household (ID number masked), where it
/// lives, why it was warned, and each step's record. Small: the follow-ups are the ledger's lines.
/// </summary>
public sealed record PovertyWarningData(
    int HouseholdId,
    string HouseholderName,
    string IdNumberMasked,
    int TownshipId,
    string TownshipName,
    int PlaceId,
    string PlaceName,
    WarningSource Source,
    string Why,
    decimal? MedicalSpending = null,
    StudentFacts? Student = null,
    string? ReportedBy = null,
    Verification? Verification = null,
    Decision? Decision = null,
    AssistancePlan? Plan = null,
    int FollowUps = 0,
    string? LastFollowUp = null,
    string? ClosingReason = null)
{
    /// <summary>Whether <paramref name="actor"/> is the citizen who reported this household (自主申报).</summary>
    public bool IsReportedBy(Governance.Engine.Runtime.Actor actor) =>
        actor is not null && Source == WarningSource.SelfReport && actor.Role == Roles.Citizen && ReportedBy == actor.Id;
}

/// <summary>zh-CN names of the 防返贫 enums.</summary>
public static class PovertyNames
{
    public static string DisplayName(this WarningSource source) => source switch
    {
        WarningSource.MedicalInsurance => "医保大数据比对",
        WarningSource.Education => "教育部门筛查",
        WarningSource.CadreReport => "干部排查",
        WarningSource.SelfReport => "群众自主申报",
        _ => source.ToString(),
    };

    public static string DisplayName(this ScreeningSource source) => source switch
    {
        ScreeningSource.MedicalInsurance => "医保报销数据（市医保局）",
        ScreeningSource.Education => "困难家庭学生筛查（市教育局）",
        _ => source.ToString(),
    };

    public static string DisplayName(this MonitoredKind kind) => kind switch
    {
        MonitoredKind.UnstableLeaver => "脱贫不稳定户",
        MonitoredKind.Edge => "边缘易致贫户",
        MonitoredKind.SuddenHardship => "突发严重困难户",
        _ => kind.ToString(),
    };

    public static string DisplayName(this MeasureKind kind) => kind switch
    {
        MeasureKind.MedicalAid => "医疗救助",
        MeasureKind.TemporaryAid => "临时救助",
        MeasureKind.PublicWelfareJob => "公益岗位",
        MeasureKind.IndustrySupport => "产业帮扶",
        MeasureKind.EducationAid => "教育资助",
        MeasureKind.Other => "其他",
        _ => kind.ToString(),
    };

    public static WarningSource AsWarningSource(this ScreeningSource source) =>
        source == ScreeningSource.MedicalInsurance ? WarningSource.MedicalInsurance : WarningSource.Education;
}
