using Governance.Engine.Storage;

namespace Governance.Workflows.Privacy;

/// <summary>
/// Where one feature keeps the people of its instances, so that the instance console finds a
/// person's instances by the key every store matches people by (<see cref="PersonalData.PersonKeyOf"/>),
/// never by the number. Each feature registers its own; a store that keeps the number as given
/// computes the key in SQL (see <see cref="PersonalData.PersonKeyOf"/>).
/// </summary>
public interface IPersonInstances
{
    /// <summary>The ids of the instances whose person has <paramref name="personKey"/>.</summary>
    IQueryable<Guid> InstancesOf(EngineDbContext db, string personKey);
}
