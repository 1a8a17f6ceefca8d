using Governance.Engine.Runtime;

namespace Governance.Workflows.ServiceHall.HomeVisits;

/// <summary>Why the hall goes to the applicant rather than the applicant to the hall.</summary>
public enum HomeVisitReason
{
    /// <summary>高龄老人.</summary>
    Elderly,

    /// <summary>残疾人.</summary>
    Disabled,

    /// <summary>重病患者.</summary>
    SeriouslyIll,

    /// <summary>重点企业.</summary>
    KeyEnterprise,

    /// <summary>重点项目.</summary>
    KeyProject,
}

/// <summary>What the visit achieved.</summary>
public enum HomeVisitOutcome
{
    /// <summary>当场办结.</summary>
    Completed,

    /// <summary>已受理，后续办理.</summary>
    Accepted,

    /// <summary>未能办理.</summary>
    Unresolved,
}

/// <summary>When the visit is to happen and who goes.</summary>
public sealed record HomeVisitSchedule(DateTimeOffset VisitAt, string Staff, string? Note);

/// <summary>The visit record (上门记录): what was done, with what outcome, in how many trips (最多跑一次).</summary>
public sealed record HomeVisitRecord(DateTimeOffset VisitedAt, string WhatWasDone, HomeVisitOutcome Outcome, int Trips);

/// <summary>
/// The facts of one home visit, kept on its instance. The phone and ID numbers are stored as
/// given (the visiting staff need them) and shown masked everywhere else.
/// </summary>
public sealed record HomeVisitData(
    int HallId,
    string HallName,
    int? WindowId,
    string? Window,
    string Matter,
    HomeVisitReason ReasonKind,
    string ApplicantName,
    string ApplicantPhone,
    string? IdNumber,
    string Address,
    string? ContactEmail,
    string? Note,
    string RequestedBy,
    string RequestedByRole,
    string? ReviewNote = null,
    HomeVisitSchedule? Schedule = null,
    HomeVisitRecord? Visit = null,
    string? CloseNote = null,
    string? CancelReason = null)
{
    /// <summary>Whether <paramref name="actor"/> is the citizen who asked for this visit.</summary>
    public bool IsRequestedBy(Actor actor) =>
        actor is not null && RequestedByRole == Roles.Citizen && actor.Role == Roles.Citizen && RequestedBy == actor.Id;
}

/// <summary>zh-CN names of the home-visit enums.</summary>
public static class HomeVisitNames
{
    public static string DisplayName(this HomeVisitReason reason) => reason switch
    {
        HomeVisitReason.Elderly => "高龄老人",
        HomeVisitReason.Disabled => "残疾人",
        HomeVisitReason.SeriouslyIll => "重病患者",
        HomeVisitReason.KeyEnterprise => "重点企业",
        HomeVisitReason.KeyProject => "重点项目",
        _ => reason.ToString(),
    };

    public static string DisplayName(this HomeVisitOutcome outcome) => outcome switch
    {
        HomeVisitOutcome.Completed => "当场办结",
        HomeVisitOutcome.Accepted => "已受理，后续办理",
        HomeVisitOutcome.Unresolved => "未能办理",
        _ => outcome.ToString(),
    };

    /// <summary>A person (whose ID number is required), as against an enterprise or a project.</summary>
    public static bool IsPerson(this HomeVisitReason reason) => reason is HomeVisitReason.Elderly or HomeVisitReason.Disabled or HomeVisitReason.SeriouslyIll;
}
