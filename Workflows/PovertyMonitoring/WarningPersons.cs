using Governance.Engine.Storage;
using Governance.Workflows.Privacy;

namespace Governance.Workflows.PovertyMonitoring;

/// <summary>A warning's householder (户主), by the key the household keeps.</summary>
internal sealed class WarningPersons : IPersonInstances
{
    public IQueryable<Guid> InstancesOf(EngineDbContext db, string personKey) =>
        db.Set<PovertyWarning>().Where(w => db.Set<Household>().Any(h => h.Id == w.HouseholdId && h.PersonKey == personKey)).Select(w => w.Id);
}
