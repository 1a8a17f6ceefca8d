using Governance.Engine.Runtime;
using Governance.Workflows.SafetyCampaign.Organisation;

namespace Governance.Workflows.SafetyCampaign;

/// <summary>
/// What part of the 三零 organisation an actor's scope covers: city-wide (empty scope), a township
/// (<c>township/{t}</c>), a place (<c>township/{t}/place/{p}</c>), a department
/// (<c>department/{d}</c>), or nothing (any other scope, e.g. a service hall's).
/// </summary>
public sealed record SafetyScope(bool CityWide, int? TownshipId, int? PlaceId, int? DepartmentId)
{
    public static SafetyScope Of(Actor actor)
    {
        ArgumentNullException.ThrowIfNull(actor);

        // A citizen's scope is empty too, and must not read as city-wide.
        if (actor.Role == Roles.Citizen)
        {
            return new(false, null, null, null);
        }

        var parts = actor.Scope.Trim('/').Split('/');
        return parts switch
        {
            [""] => new(true, null, null, null),
            ["township", var t] when int.TryParse(t, out var tid) => new(false, tid, null, null),
            ["township", var t, "place", var p] when int.TryParse(t, out var tid) && int.TryParse(p, out var pid) => new(false, tid, pid, null),
            ["department", _] when Department.IdOf(actor.Scope) is { } did => new(false, null, null, did),
            _ => new(false, null, null, null),
        };
    }

    /// <summary>Whether the actor sees anything of the campaign at all.</summary>
    public bool SeesAny => CityWide || TownshipId is not null || DepartmentId is not null;
}
