using Governance.Engine.Storage;
using Microsoft.EntityFrameworkCore;

namespace Governance.Workflows.Storage;

/// <summary>
/// The one domain store: the engine's tables (schema <c>wf</c>, from <see cref="EngineDbContext"/>)
/// and each feature's tables in its own schema, configured in the feature's own folder.
/// </summary>
public sealed class WorkflowDbContext(DbContextOptions<WorkflowDbContext> options) : EngineDbContext(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(WorkflowDbContext).Assembly);
    }
}
