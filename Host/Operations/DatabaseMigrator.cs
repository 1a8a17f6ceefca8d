using Governance.Engine.Storage;
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
/// <remarks>
/// A Host started while the database is away waits here, retrying with backoff and logging once,
/// and starts the rest when the database answers: nothing else (Quartz, Hangfire, the pages and
/// the API) may run on a schema of unknown version, so until then the Host does not listen, as a
/// node still starting. It does not exit: a node that crashes and is restarted in a loop by its
/// supervisor comes back no sooner, and every node of a cluster would do it at once.
/// </remarks>
public sealed class DatabaseMigrator(IServiceProvider services, IConfiguration configuration, ILogger<DatabaseMigrator> log) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) =>
        new OutageBackoff("database migrator", log).RunThroughOutageAsync(MigrateAsync, cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private async Task MigrateAsync(CancellationToken cancellationToken)
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
}
