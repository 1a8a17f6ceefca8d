using Governance.Engine.Runtime;
using Governance.Workflows.SafetyCampaign;
using Governance.Workflows.SafetyCampaign.Organisation;

namespace Governance.Host.Pages.Sanling;

/// <summary>A place a 三零 form offers, with its township.</summary>
public sealed record ReachablePlace(int TownshipId, string Township, PlaceView Place);

public static class ReachablePlaces
{
    /// <summary>The places the reader registers at: their own village, their township's places, or for the administrator every township's.</summary>
    public static Task<IReadOnlyList<ReachablePlace>> ReachableAsync(this OrganisationQueries organisation, Actor actor, CancellationToken ct)
    {
        var scope = SafetyScope.Of(actor);
        return organisation.PlacesAsync(t => scope.CityWide || scope.TownshipId == t, p => scope.PlaceId is null || p == scope.PlaceId, ct);
    }

    /// <summary>Every township's places: where a citizen may say their own matter arose.</summary>
    public static Task<IReadOnlyList<ReachablePlace>> AllAsync(this OrganisationQueries organisation, CancellationToken ct) =>
        organisation.PlacesAsync(_ => true, _ => true, ct);

    private static async Task<IReadOnlyList<ReachablePlace>> PlacesAsync(this OrganisationQueries organisation, Func<int, bool> township, Func<int, bool> place, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(organisation);
        var places = new List<ReachablePlace>();
        foreach (var t in (await organisation.TownshipsAsync(ct)).Where(t => township(t.Id)))
        {
            places.AddRange((await organisation.PlacesAsync(t.Id, ct) ?? [])
                .Where(p => place(p.Id))
                .Select(p => new ReachablePlace(t.Id, t.Name, p)));
        }

        return places;
    }
}
