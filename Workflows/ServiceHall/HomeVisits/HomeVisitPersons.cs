using Governance.Engine.Storage;
using Governance.Workflows.Privacy;
using Microsoft.EntityFrameworkCore;

namespace Governance.Workflows.ServiceHall.HomeVisits;

/// <summary>A home visit's applicant: the number is kept as given on the instance (the visiting staff need it), so its key is computed in SQL.</summary>
internal sealed class HomeVisitPersons : IPersonInstances
{
    public IQueryable<Guid> InstancesOf(EngineDbContext db, string personKey) =>
        db.Database.SqlQuery<Guid>($"""
            SELECT id AS "Value" FROM wf.instances
            WHERE definition_name = {HomeVisitWorkflow.Name} AND data->>'idNumber' IS NOT NULL
              AND encode(sha256(convert_to(upper(btrim(data->>'idNumber')), 'UTF8')), 'hex') = {personKey}
            """);
}
