using Governance.Engine;
using Governance.Engine.Calendar;
using Governance.Engine.Runtime;
using Governance.Workflows.Storage;
using Microsoft.EntityFrameworkCore;

namespace Governance.Workflows.SafetyCampaign.Organisation;

/// <summary>
/// What every monthly file of one township (台账, 事故/案件登记) starts with: only a township
/// official or the administrator exports; the township and month are checked (a 400 naming the
/// field); a township that is not the actor's reads exactly as one that does not exist.
/// </summary>
internal static class TownshipMonth
{
    /// <summary>The township and month, or null when there is no such township within the actor's reach.</summary>
    /// <exception cref="UnauthorizedAccessException">Neither a township official nor the administrator (<paramref name="refusal"/>).</exception>
    public static async Task<(Township Township, CalendarMonth Month)?> OpenAsync(
        WorkflowDbContext db, Actor actor, int townshipId, string? month, string refusal, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (actor.Role is not (Roles.TownshipOfficial or Roles.Admin))
        {
            throw new UnauthorizedAccessException(refusal);
        }

        new Validation()
            .Check(townshipId > 0, "townshipId", "必填")
            .Check(CalendarMonth.TryParse(month, out var calendarMonth), "month", CalendarMonth.FormatHint)
            .ThrowIfInvalid();

        var township = await db.Set<Township>().AsNoTracking().SingleOrDefaultAsync(t => t.Id == townshipId, ct);
        return township is null || !actor.CanSee(Township.OrgUnitOf(townshipId)) ? null : (township, calendarMonth);
    }
}
