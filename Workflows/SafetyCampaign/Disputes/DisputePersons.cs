using Governance.Engine.Storage;
using Governance.Workflows.Privacy;
using Microsoft.EntityFrameworkCore;

namespace Governance.Workflows.SafetyCampaign.Disputes;

/// <summary>A dispute's parties: their numbers are kept as given (the village team calls them), so their key is computed in SQL.</summary>
internal sealed class DisputePersons : IPersonInstances
{
    public IQueryable<Guid> InstancesOf(EngineDbContext db, string personKey) =>
        db.Database.SqlQuery<Guid>($"""
            SELECT dispute_id AS "Value" FROM sanling.dispute_parties
            WHERE id_number IS NOT NULL AND encode(sha256(convert_to(upper(btrim(id_number)), 'UTF8')), 'hex') = {personKey}
            """);
}
