using Governance.Workflows.Runtime;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using Npgsql;

namespace Governance.Workflows.Storage;

/// <summary>
/// The one domain store. The runtime's tables live in schema <c>wf</c>; each feature keeps its
/// own tables in its own schema and configures them in its own folder.
/// </summary>
public sealed class WorkflowDbContext(DbContextOptions<WorkflowDbContext> options) : DbContext(options)
{
    private bool owesEmail;

    public DbSet<WorkflowInstance> Instances => Set<WorkflowInstance>();

    public DbSet<LedgerEntry> Ledger => Set<LedgerEntry>();

    public DbSet<WorkItem> WorkItems => Set<WorkItem>();

    public DbSet<WorkflowTimer> Timers => Set<WorkflowTimer>();

    public DbSet<OutboxMessage> Outbox => Set<OutboxMessage>();

    /// <summary>The runtime's rows of this context's transaction, written when it saves.</summary>
    internal RuntimeRows Rows { get; } = new();

    /// <summary>Whether what this context saved includes emails, so the dispatcher is woken after the commit.</summary>
    public bool OwesEmail => owesEmail || Rows.OwesEmail;

    private NpgsqlConnection Connection => (NpgsqlConnection)Database.GetDbConnection();

    private NpgsqlTransaction Transaction => Database.CurrentTransaction?.GetDbTransaction() as NpgsqlTransaction
        ?? throw new InvalidOperationException("The workflow runtime works inside a transaction only.");

    /// <summary>Loads an instance and holds its row lock until the transaction ends, so moves of one instance queue up.</summary>
    public async Task<WorkflowInstance?> LockInstanceAsync(Guid id, CancellationToken ct)
    {
        // What this transaction wrote so far must be visible to its next read.
        await Rows.FlushAsync(Connection, Transaction, commit: false, ct);
        return await RuntimeRows.LockInstanceAsync(Connection, Transaction, id, ct);
    }

    /// <summary>Adds a notification unless one with the same dedupe key exists already; true if added.</summary>
    public async Task<bool> AddOutboxOnceAsync(OutboxMessage message, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(message);
        var added = await Database.ExecuteSqlAsync(
            $"""
            INSERT INTO wf.outbox (id, instance_id, template, recipient_name, recipient_email, model, dedupe_key, created_at, attempts)
            VALUES ({message.Id}, {message.InstanceId}, {message.Template}, {message.RecipientName}, {message.RecipientEmail},
                    CAST({message.Model} AS jsonb), {message.DedupeKey}, {message.CreatedAt.ToUniversalTime()}, 0)
            ON CONFLICT (dedupe_key) DO NOTHING
            """, ct);
        owesEmail |= added == 1;
        return added == 1;
    }

    /// <summary>Saves the use case's entities, then the runtime's rows, inside the current transaction.</summary>
    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        var saved = await SaveTrackedAsync(acceptAllChangesOnSuccess, cancellationToken);
        if (!Rows.IsEmpty)
        {
            await Rows.FlushAsync(Connection, Transaction, commit: false, cancellationToken);
        }

        return saved;
    }

    /// <summary>Saves everything and commits the current transaction: the runtime's last rows and the commit go in one round trip.</summary>
    internal async Task CommitAsync(CancellationToken ct)
    {
        await SaveTrackedAsync(acceptAllChangesOnSuccess: true, ct);
        await Rows.FlushAsync(Connection, Transaction, commit: true, ct);
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        ArgumentNullException.ThrowIfNull(configurationBuilder);

        // timestamptz takes UTC only; the calendar hands out China-time offsets.
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<UtcConverter>();
    }

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        ArgumentNullException.ThrowIfNull(modelBuilder);
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(WorkflowDbContext).Assembly);
    }

    /// <summary>Forgets every change not yet saved, after the transaction rolled back to a savepoint.</summary>
    public void DiscardUnsaved()
    {
        ChangeTracker.Clear();
        Rows.Discard();
    }

    private Task<int> SaveTrackedAsync(bool acceptAllChangesOnSuccess, CancellationToken ct)
    {
        owesEmail |= ChangeTracker.Entries<OutboxMessage>().Any(e => e.State == EntityState.Added);
        return base.SaveChangesAsync(acceptAllChangesOnSuccess, ct);
    }

    private sealed class UtcConverter() : ValueConverter<DateTimeOffset, DateTimeOffset>(v => v.ToUniversalTime(), v => v);
}
