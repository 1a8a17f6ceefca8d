using Governance.Host.Auth;
using Governance.Host.Demo;
using Governance.Workflows.Storage;
using Microsoft.EntityFrameworkCore;

namespace Governance.Host.Operations;

/// <summary>
/// Applies migrations before anything else starts (EF Core takes a database lock, so Hosts
/// starting together do not race), then seeds demo data when <c>Demo:Seed</c> is true.
/// </summary>
public sealed class DatabaseMigrator(IServiceProvider services, IConfiguration configuration) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var provider = scope.ServiceProvider;
        await using (var db = await provider.GetRequiredService<IDbContextFactory<WorkflowDbContext>>().CreateDbContextAsync(cancellationToken))
        {
            await db.Database.MigrateAsync(cancellationToken);
        }

        await provider.GetRequiredService<AuthDbContext>().Database.MigrateAsync(cancellationToken);
        if (configuration.GetValue<bool>("Demo:Seed"))
        {
            await ActivatorUtilities.CreateInstance<DemoData>(provider).SeedAsync(cancellationToken);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
