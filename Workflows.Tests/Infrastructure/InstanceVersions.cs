using Microsoft.EntityFrameworkCore;

namespace Governance.Workflows.Tests.Infrastructure;

public static class InstanceVersions
{
    /// <summary>
    /// The version an instance is at now (0 if there is none): what a test names when staleness is
    /// not its subject, as a client that has just read the instance would.
    /// </summary>
    public static int VersionOf(this TestDatabase database, Guid id)
    {
        ArgumentNullException.ThrowIfNull(database);
        using var db = database.CreateContext();
        return db.Instances.AsNoTracking().Where(i => i.Id == id).Select(i => i.Version).SingleOrDefault();
    }
}
