using Governance.Workflows.Runtime;
using Governance.Workflows.SafetyCampaign;
using Governance.Workflows.SafetyCampaign.Organisation;

namespace Governance.Host.Pages.Sanling;

/// <summary>A place a 三零 form offers, with its township.</summary>
public sealed record ReachablePlace(int TownshipId, string Township, PlaceView Place);

public static class ReachablePlaces
{
    /// <summary>The places the reader registers at: their own village, their township's places, or for the administrator every township's.</summary>
    public static async Task<IReadOnlyList<ReachablePlace>> ReachableAsync(this OrganisationQueries organisation, Actor actor, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(organisation);
        var scope = SafetyScope.Of(actor);
        var places = new List<ReachablePlace>();
        foreach (var township in await organisation.TownshipsAsync(ct))
        {
            if (scope.CityWide || scope.TownshipId == township.Id)
            {
                places.AddRange((await organisation.PlacesAsync(township.Id, ct) ?? [])
                    .Where(p => scope.PlaceId is null || p.Id == scope.PlaceId)
                    .Select(p => new ReachablePlace(township.Id, township.Name, p)));
            }
        }

        return places;
    }
}
