using Governance.Engine.Calendar;
using Governance.Workflows.SafetyCampaign.Organisation;

namespace Governance.Workflows.SafetyCampaign.Disputes;

/// <summary>
/// The rules of extensions and of a 信访's legal bound in force when the matter was registered; the
/// instance keeps them, so a later change of configuration does not change them. (The levels' limits
/// in working days are the engine's, pinned on the instance: see <see cref="DisputeWorkflow.LevelLimitKey"/>.)
/// </summary>
public sealed record DisputeLimits(int MaxExtensions, double PetitionConclusionDays, double PetitionExtensionDays);

/// <summary>An approved extension (延期): how long, why, when.</summary>
public sealed record DisputeExtension(double WorkingDays, string Reason, DateTimeOffset At);

/// <summary>
/// The facts of one matter that its definition reads (deadlines, queues, recipients), kept on
/// its instance. No personal data: parties are in their own table. The level working it is not
/// among them: it is the state's (<see cref="DisputeWorkflow.LevelOf"/>) and the row's
/// (<see cref="Dispute.Level"/>). <see cref="LevelSince"/> is when the current level took the
/// matter over; extensions at the level add to its limit.
/// <see cref="Reference"/> is the 受理编号; <see cref="CitizenLink"/> the page where a citizen who
/// reported the matter online follows it (emails carry both; absent on older instances).
/// </summary>
public sealed record DisputeData(
    DisputeKind Kind,
    MatterCategory Category,
    int TownshipId,
    string TownshipName,
    int PlaceId,
    string PlaceName,
    bool SkipLevel,
    string VillageHandler,
    DisputeLimits Limits,
    DateTimeOffset LevelSince,
    DateTimeOffset? PetitionDueAt,
    int? DepartmentId = null,
    string? DepartmentName = null,
    double LevelExtensionDays = 0,
    int Extensions = 0,
    bool PetitionExtended = false,
    DisputeExtension? LastExtension = null,
    DisputeLevel? EscalatedFrom = null,
    DisputeLevel? ResolvedLevel = null,
    string? Resolution = null,
    int Reopens = 0,
    string? Reference = null,
    string? CitizenLink = null,
    IReadOnlyList<JointPart>? JointParts = null)
{
    /// <summary>
    /// The current level's warning point (yellow, 80 %) and deadline (red). The deadline is the
    /// earlier of the level's working-day limit <paramref name="levelDays"/> (plus extensions granted at this level) and, for a
    /// 信访, the regulation's calendar-day conclusion bound: a petition never outlives its legal
    /// bound because a level still had working days left. The warning sits at the same share of
    /// whichever limit binds, measured the way that limit is.
    /// </summary>
    public (DateTimeOffset WarnAt, DateTimeOffset DueAt) Deadline(WorkingCalendar calendar, double levelDays, double warnFraction)
    {
        ArgumentNullException.ThrowIfNull(calendar);
        var days = levelDays + LevelExtensionDays;
        var due = calendar.AddWorkingDays(LevelSince, days);
        if (PetitionDueAt is { } bound && bound < due)
        {
            var span = bound - LevelSince;
            return (span > TimeSpan.Zero ? LevelSince + (span * warnFraction) : bound, bound);
        }

        return (calendar.AddWorkingDays(LevelSince, days * warnFraction), due);
    }

    /// <summary>The queue a level's work waits in: the village's police officer or its mediator-led team, the township, the proxy handlers, the department.</summary>
    public string Queue(string orgUnit, string state) => state switch
    {
        DisputeWorkflow.AtVillage => $"{orgUnit}/{(Category.IsPoliceMatter() ? "police" : "mediation")}",
        DisputeWorkflow.AtTownship => Township.OrgUnitOf(TownshipId),
        DisputeWorkflow.WithProxy => "proxy",
        DisputeWorkflow.AtDepartment => DepartmentId is { } id ? Department.OrgUnitOf(id) : "proxy",
        _ => $"{orgUnit}/follow-up",
    };
}
