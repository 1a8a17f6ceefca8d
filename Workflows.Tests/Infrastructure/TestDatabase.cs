using Governance.Host.Auth;
using Governance.Workflows.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Npgsql;

[assembly: AssemblyFixture(typeof(Governance.Workflows.Tests.Infrastructure.TestDatabase))]

namespace Governance.Workflows.Tests.Infrastructure;

/// <summary>
/// A database on the real PostgreSQL that test.sh starts, dropped and migrated afresh once per
/// run. Most tests share one and keep out of each other's way by creating their own halls and
/// people (the ledger is append-only, in the database itself, so nothing is wiped). Tests that
/// move the clock and pump timers get a database of their own: a pump fires every due timer it
/// sees, and another test's timers are not its business.
/// </summary>
public class TestDatabase : IAsyncLifetime
{
    private static readonly string BaseConnectionString =
        Environment.GetEnvironmentVariable("ConnectionStrings__Governance")
        ?? "Host=127.0.0.1;Port=5432;Database=governance_test;Username=governance;Password=governance";

    public TestDatabase()
        : this("")
    {
    }

    protected TestDatabase(string suffix)
    {
        var builder = new NpgsqlConnectionStringBuilder(BaseConnectionString);
        builder.Database += suffix.Length == 0 ? "" : $"_{suffix}";

        // Npgsql keeps a pool per connection string for the whole test process, and every Host of
        // every test class adds its own (EF Core, Identity, Quartz, Hangfire): idle connections are
        // closed after seconds instead of minutes, or together they exhaust max_connections.
        builder.ConnectionIdleLifetime = 5;
        builder.ConnectionPruningInterval = 2;
        ConnectionString = builder.ConnectionString;
        Options = (DbContextOptions<WorkflowDbContext>)new DbContextOptionsBuilder<WorkflowDbContext>().UseGovernanceDatabase(ConnectionString).Options;

        // Pooled, as AddWorkflows wires the Host.
        Factory = new PooledDbContextFactory<WorkflowDbContext>(Options);
    }

    public string ConnectionString { get; }

    public DbContextOptions<WorkflowDbContext> Options { get; }

    public IDbContextFactory<WorkflowDbContext> Factory { get; }

    public async ValueTask InitializeAsync()
    {
        var builder = new NpgsqlConnectionStringBuilder(ConnectionString);
        var name = builder.Database!;
        builder.Database = "postgres";
        await using (var admin = new NpgsqlConnection(builder.ConnectionString))
        {
            await admin.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", admin);
            await drop.ExecuteNonQueryAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", admin);
            await create.ExecuteNonQueryAsync();
        }

        await using var db = CreateContext();
        await db.Database.MigrateAsync();
        await using var auth = new AuthDbContext(new DbContextOptionsBuilder<AuthDbContext>().UseNpgsql(ConnectionString, n => n.MigrationsHistoryTable("__migrations", "auth")).Options);
        await auth.Database.MigrateAsync();
    }

    public ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        return ValueTask.CompletedTask;
    }

    public WorkflowDbContext CreateContext() => new(Options);
}

/// <summary>A database of its own for a test class that pumps timers (use as a class fixture).</summary>
public sealed class TimerDatabase() : TestDatabase("timers");
