using Governance.Engine.Storage;
using Microsoft.EntityFrameworkCore;

namespace Governance.Workflows.Storage;

/// <summary>The engine asks for its contexts by its own type; they are the domain store's pooled contexts.</summary>
public sealed class EngineContexts(IDbContextFactory<WorkflowDbContext> contexts) : IDbContextFactory<EngineDbContext>
{
    public EngineDbContext CreateDbContext() => contexts.CreateDbContext();

    public async Task<EngineDbContext> CreateDbContextAsync(CancellationToken cancellationToken = default) =>
        await contexts.CreateDbContextAsync(cancellationToken);
}
