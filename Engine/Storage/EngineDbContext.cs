using Governance.Engine.Runtime;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using Npgsql;

namespace Governance.Engine.Storage;

/// <summary>
/// The engine's part of the one domain store: its tables in schema <c>wf</c> and the batch that
/// writes a transition's rows. The application derives its context from this one and adds its
/// features' tables, as an application derives from Identity's <c>IdentityDbContext</c>; the engine
/// hands that context to the features' code in the move's transaction, and never knows their types.
/// </summary>
public abstract partial class EngineDbContext(DbContextOptions options) : DbContext(options)
{
    private RuntimeRows? rows;

    public DbSet<WorkflowInstance> Instances => Set<WorkflowInstance>();

    public DbSet<LedgerEntry> Ledger => Set<LedgerEntry>();

    public DbSet<WorkItem> WorkItems => Set<WorkItem>();

    public DbSet<WorkflowTimer> Timers => Set<WorkflowTimer>();

    public DbSet<OutboxMessage> Outbox => Set<OutboxMessage>();

    public DbSet<ClockPause> ClockPauses => Set<ClockPause>();

    /// <summary>
    /// The runtime's rows of the current transaction, written when the context saves. They belong
    /// to that transaction: a pooled context handed out again never carries rows of one that failed.
    /// </summary>
    internal RuntimeRows Rows
    {
        get
        {
            var transaction = Database.CurrentTransaction
                ?? throw new InvalidOperationException("The workflow runtime works inside a transaction only.");
            if (rows?.Transaction != transaction)
            {
                rows = new RuntimeRows(transaction);
            }

            return rows;
        }
    }

    /// <summary>Whether the last transaction of this context wrote emails, so the dispatcher is woken after the commit.</summary>
    public bool OwesEmail => rows?.OwesEmail == true;

    /// <summary>The earliest due instant of the timers the last transaction of this context set, so the pump is woken for it after the commit.</summary>
    public DateTimeOffset? EarliestTimerSet => rows?.EarliestTimer;

    /// <summary>The topics the last transaction of this context changed, so live pages are told after the commit (<see cref="ChangeSignal"/>).</summary>
    public IReadOnlyCollection<string> ChangedTopics => (IReadOnlyCollection<string>?)rows?.Changed ?? [];

    /// <summary>
    /// Tells the live pages watching <paramref name="definition"/>'s instances at <paramref name="orgUnit"/>
    /// that this transaction changed what they show, beside the instances it starts or moves (which
    /// tell them themselves): a window closed for the day, a ticket kept at its window.
    /// </summary>
    public void MarkChanged(string definition, string orgUnit)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(orgUnit);
        Rows.MarkChanged(definition, orgUnit);
    }

    private NpgsqlConnection Connection => (NpgsqlConnection)Database.GetDbConnection();

    /// <summary>Loads an instance and holds its row lock until the transaction ends, so moves of one instance queue up.</summary>
    public Task<WorkflowInstance?> LockInstanceAsync(Guid id, CancellationToken ct) => LockInstanceAsync(id, savepoint: null, ct);

    /// <summary>As <see cref="LockInstanceAsync(Guid, CancellationToken)"/>, setting <paramref name="savepoint"/> first, in the same round trip.</summary>
    internal async Task<WorkflowInstance?> LockInstanceAsync(Guid id, string? savepoint, CancellationToken ct)
    {
        // What this transaction wrote so far must be visible to its next read.
        var pending = Rows;
        await pending.FlushAsync(Connection, Flush.BeforeRead, ct);
        return await pending.LockInstanceAsync(Connection, id, ct, savepoint);
    }

    /// <summary>As <see cref="RuntimeRows.ClaimAsync"/>: a use case's claim of its own row and the lock of the instance it names, in one round trip.</summary>
    public async Task<(WorkflowInstance? Instance, T Found)?> ClaimAsync<T>(string claimSql, NpgsqlParameter[] parameters, Func<System.Data.Common.DbDataReader, T> read, CancellationToken ct)
    {
        var pending = Rows;
        await pending.FlushAsync(Connection, Flush.BeforeRead, ct);
        return await pending.ClaimAsync(Connection, claimSql, parameters, read, ct);
    }

    /// <summary>Claims due timers for the pump (see <see cref="RuntimeRows.ClaimDueTimersAsync"/>).</summary>
    internal Task<List<DueTimer>> ClaimDueTimersAsync(DateTimeOffset now, int limit, CancellationToken ct) =>
        Rows.ClaimDueTimersAsync(Connection, now, limit, ct);

    /// <summary>The earliest pending timer's due instant, outside any transaction (see <see cref="RuntimeRows.NextDueAsync"/>).</summary>
    internal async Task<DateTimeOffset?> NextTimerDueAsync(CancellationToken ct)
    {
        await Database.OpenConnectionAsync(ct);
        try
        {
            return await RuntimeRows.NextDueAsync(Connection, ct);
        }
        finally
        {
            await Database.CloseConnectionAsync();
        }
    }

    /// <summary>Adds a notification unless one with the same dedupe key exists already; true if added.</summary>
    public async Task<bool> AddOutboxOnceAsync(OutboxMessage message, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(message);
        var added = await Database.ExecuteSqlAsync(
            $"""
            INSERT INTO wf.outbox (id, instance_id, template, recipient_name, recipient_email, model, dedupe_key, created_at, attempts, trace_parent)
            VALUES ({message.Id}, {message.InstanceId}, {message.Template}, {message.RecipientName}, {message.RecipientEmail},
                    CAST({message.Model} AS jsonb), {message.DedupeKey}, {message.CreatedAt.ToUniversalTime()}, 0, {message.TraceParent})
            ON CONFLICT (dedupe_key) WHERE dedupe_key IS NOT NULL DO NOTHING
            """, ct);
        if (added == 1)
        {
            Rows.MarkOwesEmail();
        }

        return added == 1;
    }

    /// <summary>Saves the use case's entities, then the runtime's rows, inside the current transaction.</summary>
    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        var saved = await SaveEntitiesAsync(acceptAllChangesOnSuccess, cancellationToken);
        if (Database.CurrentTransaction is not null)
        {
            await Rows.FlushAsync(Connection, Flush.Save, cancellationToken);
        }

        return saved;
    }

    /// <summary>Saves everything and commits the current transaction: the runtime's last rows and the commit go in one round trip.</summary>
    internal async Task CommitAsync(CancellationToken ct)
    {
        await SaveEntitiesAsync(acceptAllChangesOnSuccess: true, ct);
        await Rows.FlushAsync(Connection, Flush.Commit, ct);
    }

    /// <summary>
    /// EF Core's save, skipped when nothing tracked has changed: a timer's firing tracks nothing (the
    /// runtime's rows are its own), and EF's save with nothing to do still cost client CPU per firing.
    /// </summary>
    private Task<int> SaveEntitiesAsync(bool acceptAllChangesOnSuccess, CancellationToken ct) =>
        ChangeTracker.HasChanges() ? base.SaveChangesAsync(acceptAllChangesOnSuccess, ct) : Task.FromResult(0);

    protected sealed override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        ArgumentNullException.ThrowIfNull(configurationBuilder);

        // timestamptz takes UTC only; the calendar hands out China-time offsets.
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<UtcConverter>();
    }

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        ArgumentNullException.ThrowIfNull(modelBuilder);
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(EngineDbContext).Assembly);
    }

    /// <summary>Forgets every change not yet saved, after the transaction rolled back to a savepoint.</summary>
    public void DiscardUnsaved()
    {
        ChangeTracker.Clear();
        rows?.Discard();
    }

    private sealed class UtcConverter() : ValueConverter<DateTimeOffset, DateTimeOffset>(v => v.ToUniversalTime(), v => v);
}
