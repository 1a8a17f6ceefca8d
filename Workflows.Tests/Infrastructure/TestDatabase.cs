using Governance.Host.Operations;
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

    // The owner's credentials (test.sh exports them); the server and database are the application's.
    private static readonly NpgsqlConnectionStringBuilder Owner = new(
        Environment.GetEnvironmentVariable("ConnectionStrings__GovernanceOwner") ?? "Username=governance_owner;Password=governance_owner");

    public TestDatabase()
        : this("")
    {
    }

    protected TestDatabase(string suffix)
    {
        ThreadPoolProbe.Start();
        var builder = new NpgsqlConnectionStringBuilder(BaseConnectionString);
        builder.Database += suffix.Length == 0 ? "" : $"_{suffix}";

        // Npgsql keeps a pool per connection string for the whole test process, and every Host of
        // every test class adds its own (EF Core, Identity, Quartz, Hangfire): idle connections are
        // closed after seconds instead of minutes, or together they exhaust max_connections.
        builder.ConnectionIdleLifetime = 5;
        builder.ConnectionPruningInterval = 2;
        ConnectionString = builder.ConnectionString;
        builder.Username = Owner.Username;
        builder.Password = Owner.Password;
        OwnerConnectionString = builder.ConnectionString;
        Options = (DbContextOptions<WorkflowDbContext>)new DbContextOptionsBuilder<WorkflowDbContext>().UseGovernanceDatabase(ConnectionString).Options;

        // Pooled, as AddWorkflows wires the Host.
        Factory = new PooledDbContextFactory<WorkflowDbContext>(Options);
        Created.Add(this);
    }

    /// <summary>Every test database of this run, so that an email that does not arrive can be looked for in each (<see cref="Mailbox"/>).</summary>
    public static System.Collections.Concurrent.ConcurrentBag<TestDatabase> Created { get; } = [];

    /// <summary>As the application role, which owns nothing: what the Host's requests and background work connect as, and so the tests.</summary>
    public string ConnectionString { get; }

    /// <summary>As the owner role, which made the database and everything in it.</summary>
    public string OwnerConnectionString { get; }

    public DbContextOptions<WorkflowDbContext> Options { get; }

    public IDbContextFactory<WorkflowDbContext> Factory { get; }

    public async ValueTask InitializeAsync()
    {
        var builder = new NpgsqlConnectionStringBuilder(OwnerConnectionString);
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

        // As the Host does it at start: migrations and Hangfire's and Quartz's tables as the owner,
        // then the application role's rights.
        await DatabaseSchema.ApplyAsync(OwnerConnectionString, DatabaseSchema.ApplicationRole(ConnectionString, OwnerConnectionString), TestContext.Current.CancellationToken);
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
