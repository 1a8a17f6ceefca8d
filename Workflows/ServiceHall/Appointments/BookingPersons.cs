using Governance.Engine.Storage;
using Governance.Workflows.Privacy;

namespace Governance.Workflows.ServiceHall.Appointments;

/// <summary>A booking's person, by the key it keeps (a booking takes its instance's id).</summary>
internal sealed class BookingPersons : IPersonInstances
{
    public IQueryable<Guid> InstancesOf(EngineDbContext db, string personKey) =>
        db.Set<Booking>().Where(b => b.PersonKey == personKey).Select(b => b.Id);
}
