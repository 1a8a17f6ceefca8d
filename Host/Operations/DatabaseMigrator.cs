using Governance.Host.Auth;
using Governance.Host.Demo;
using Governance.Workflows.Storage;
using Microsoft.EntityFrameworkCore;

namespace Governance.Host.Operations;

/// <summary>
/// Brings the schema up to date before anything else starts, as the owner role when connection
/// string <c>GovernanceOwner</c> is configured (<see cref="DatabaseSchema"/>); without it, only
/// checks that it is current. Then seeds demo data when <c>Demo:Seed</c> is true, as the
/// application role like any other write.
/// </summary>
public sealed class DatabaseMigrator(IServiceProvider services, IConfiguration configuration) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var provider = scope.ServiceProvider;
        if (configuration.GetConnectionString(DatabaseSchema.OwnerConnectionStringName) is { Length: > 0 } owner)
        {
            var application = configuration.GetConnectionString("Governance")
                ?? throw new InvalidOperationException("Connection string 'Governance' is not configured.");
            await DatabaseSchema.ApplyAsync(owner, DatabaseSchema.ApplicationRole(application, owner), cancellationToken);
        }
        else
        {
            await using var db = await provider.GetRequiredService<IDbContextFactory<WorkflowDbContext>>().CreateDbContextAsync(cancellationToken);
            await DatabaseSchema.RequireCurrentAsync(db, provider.GetRequiredService<AuthDbContext>(), cancellationToken);
        }

        if (configuration.GetValue<bool>("Demo:Seed"))
        {
            await ActivatorUtilities.CreateInstance<DemoData>(provider).SeedAsync(cancellationToken);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
