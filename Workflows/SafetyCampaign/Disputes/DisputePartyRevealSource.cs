using Governance.Engine.Runtime;
using Governance.Engine.Storage;
using Governance.Workflows.Privacy;
using Governance.Workflows.SafetyCampaign.Organisation;
using Microsoft.EntityFrameworkCore;

namespace Governance.Workflows.SafetyCampaign.Disputes;

/// <summary>A dispute party's numbers, while the matter is open within the reach of the village team that meets the parties or the proxy handler who acts for them.</summary>
public sealed class DisputePartyRevealSource : IRevealSource
{
    /// <summary>Who may see a dispute party's full phone or ID number; the Host refuses the others before reading the request.</summary>
    public static IReadOnlyList<string> DisputeHandlers { get; } = [Roles.VillageTeam, Roles.ProxyHandler];

    public RevealSubject Subject => RevealSubject.Dispute;

    public IReadOnlyList<string> Handlers => DisputeHandlers;

    public string OutOfReach => "只能查看本人职责范围内在办事项当事人的完整号码";

    public async Task<RevealedNumber?> FindAsync(EngineDbContext db, Guid subjectId, int? party, PersonalField field, Actor actor, CancellationToken ct)
    {
        var dispute = await DisputeQueries.Reachable(db, actor).Include(d => d.Parties).SingleOrDefaultAsync(d => d.Id == subjectId && d.ClosedAt == null, ct);
        var found = dispute?.Parties.SingleOrDefault(p => p.Ordinal == party);
        return dispute is null || found is null
            ? null
            : new RevealedNumber(Place.OrgUnitOf(dispute.TownshipId, dispute.PlaceId), field == PersonalField.Phone ? found.Phone : found.IdNumber, found.Ordinal);
    }
}
