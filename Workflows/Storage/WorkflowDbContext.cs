using Governance.Workflows.Runtime;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Governance.Workflows.Storage;

/// <summary>
/// The one domain store. The runtime's tables live in schema <c>wf</c>; each feature keeps its
/// own tables in its own schema and configures them in its own folder.
/// </summary>
public sealed class WorkflowDbContext(DbContextOptions<WorkflowDbContext> options) : DbContext(options)
{
    public DbSet<WorkflowInstance> Instances => Set<WorkflowInstance>();

    public DbSet<LedgerEntry> Ledger => Set<LedgerEntry>();

    public DbSet<WorkItem> WorkItems => Set<WorkItem>();

    public DbSet<WorkflowTimer> Timers => Set<WorkflowTimer>();

    public DbSet<OutboxMessage> Outbox => Set<OutboxMessage>();

    /// <summary>Loads an instance and holds its row lock until the transaction ends, so moves of one instance queue up.</summary>
    public Task<WorkflowInstance?> LockInstanceAsync(Guid id, CancellationToken ct) =>
        Instances.FromSql($"SELECT * FROM wf.instances WHERE id = {id} FOR UPDATE").SingleOrDefaultAsync(ct);

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
        OwesEmail |= added == 1;
        return added == 1;
    }

    /// <summary>Whether what this context saved includes emails, so the dispatcher is woken after the commit.</summary>
    public bool OwesEmail { get; private set; }

    public override Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        OwesEmail |= ChangeTracker.Entries<OutboxMessage>().Any(e => e.State == EntityState.Added);
        return base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
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

    private sealed class UtcConverter() : ValueConverter<DateTimeOffset, DateTimeOffset>(v => v.ToUniversalTime(), v => v);
}
