using Governance.Engine.Storage;
using Governance.Workflows.Privacy;

namespace Governance.Workflows.ServiceHall.Queue;

/// <summary>A ticket's person, by the key its matter keeps (a walk-in without an ID number has none).</summary>
internal sealed class TicketPersons : IPersonInstances
{
    public IQueryable<Guid> InstancesOf(EngineDbContext db, string personKey) =>
        db.Set<Ticket>().Where(t => db.Set<Matter>().Any(m => m.Id == t.MatterId && m.PersonKey == personKey)).Select(t => t.Id);
}
