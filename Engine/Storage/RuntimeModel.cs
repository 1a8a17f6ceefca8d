using Governance.Engine.Runtime;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Governance.Engine.Storage;

internal sealed class InstanceConfiguration : IEntityTypeConfiguration<WorkflowInstance>
{
    public void Configure(EntityTypeBuilder<WorkflowInstance> e)
    {
        e.ToTable("instances", "wf");
        e.HasKey(i => i.Id);
        e.Property(i => i.DefinitionName).HasMaxLength(64);
        e.Property(i => i.State).HasMaxLength(64);
        e.Property(i => i.OrgUnit).HasMaxLength(128);
        e.Property(i => i.Title).HasMaxLength(200);
        e.Property(i => i.Data).HasColumnType("jsonb");
        e.Property(i => i.Limits).HasColumnType("jsonb").HasDefaultValueSql("'{}'::jsonb");
        e.Property(i => i.Version).IsConcurrencyToken();
        e.HasIndex(i => new { i.DefinitionName, i.State });
        e.HasIndex(i => i.OrgUnit).HasOperators("text_pattern_ops");
        e.HasIndex(i => i.DueAt).HasFilter("closed_at IS NULL");

        // The open instances whose limit waits for a year's holiday arrangement: few, and looked up by that year.
        e.HasIndex(i => i.DueProvisionalYear).HasFilter("due_provisional_year IS NOT NULL AND closed_at IS NULL");

        // A parent's children are looked up when one of them closes (are any still open?) and when the parent is shown.
        e.HasIndex(i => i.ParentId).HasFilter("parent_id IS NOT NULL");
        e.HasOne<WorkflowInstance>().WithMany().HasForeignKey(i => i.ParentId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class LedgerConfiguration : IEntityTypeConfiguration<LedgerEntry>
{
    public void Configure(EntityTypeBuilder<LedgerEntry> e)
    {
        e.ToTable("ledger", "wf");
        e.HasKey(l => l.Id);
        e.Property(l => l.Kind).HasConversion<string>().HasMaxLength(32);
        e.Property(l => l.Trigger).HasMaxLength(64);
        e.Property(l => l.FromState).HasMaxLength(64);
        e.Property(l => l.ToState).HasMaxLength(64);
        e.Property(l => l.ActorId).HasMaxLength(64);
        e.Property(l => l.ActorName).HasMaxLength(100);
        e.Property(l => l.ActorRole).HasMaxLength(32);
        e.Property(l => l.Reason).HasMaxLength(1000);
        e.HasIndex(l => new { l.InstanceId, l.Id });
        e.HasOne<WorkflowInstance>().WithMany().HasForeignKey(l => l.InstanceId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class WorkItemConfiguration : IEntityTypeConfiguration<WorkItem>
{
    public void Configure(EntityTypeBuilder<WorkItem> e)
    {
        e.ToTable("work_items", "wf");
        e.HasKey(w => w.Id);
        e.Property(w => w.State).HasMaxLength(64);
        e.Property(w => w.Queue).HasMaxLength(128);
        e.Property(w => w.ClaimedBy).HasMaxLength(64);
        e.Property(w => w.ClosedBy).HasMaxLength(64);

        // "Call next" reads the head of one queue: open, unclaimed, best first.
        e.HasIndex(w => new { w.Queue, w.Priority, w.CreatedAt })
            .IsDescending(false, true, false)
            .HasFilter("closed_at IS NULL AND claimed_by IS NULL")
            .HasDatabaseName("ix_work_items_queue_head");
        e.HasIndex(w => w.InstanceId).HasFilter("closed_at IS NULL");
        e.HasOne<WorkflowInstance>().WithMany().HasForeignKey(w => w.InstanceId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class TimerConfiguration : IEntityTypeConfiguration<WorkflowTimer>
{
    public void Configure(EntityTypeBuilder<WorkflowTimer> e)
    {
        e.ToTable("timers", "wf");
        e.HasKey(t => t.Id);
        e.Ignore(t => t.NextKind);
        e.Property(t => t.Outcome).HasMaxLength(200);
        e.HasIndex(t => t.NextAt).HasFilter("fired_at IS NULL AND cancelled_at IS NULL").HasDatabaseName("ix_timers_pending_next");
        e.HasIndex(t => t.InstanceId).HasFilter("fired_at IS NULL AND cancelled_at IS NULL");
        e.HasOne<WorkflowInstance>().WithMany().HasForeignKey(t => t.InstanceId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class OutboxConfiguration : IEntityTypeConfiguration<OutboxMessage>
{
    public void Configure(EntityTypeBuilder<OutboxMessage> e)
    {
        e.ToTable("outbox", "wf");
        e.HasKey(o => o.Id);
        e.Property(o => o.Template).HasMaxLength(64);
        e.Property(o => o.RecipientName).HasMaxLength(100);
        e.Property(o => o.RecipientEmail).HasMaxLength(254);
        e.Property(o => o.Model).HasColumnType("jsonb");
        e.Property(o => o.DedupeKey).HasMaxLength(200);
        e.Property(o => o.LastError).HasMaxLength(2000);
        e.Property(o => o.TraceParent).HasMaxLength(55);

        // Most emails have no dedupe key: only those that have one are indexed.
        e.HasIndex(o => o.DedupeKey).IsUnique().HasFilter("dedupe_key IS NOT NULL");

        // Rows are never deleted. The dispatcher, the health check, the dead letters and the sweep
        // for lost jobs read the unsent ones, the dispatcher those among them not with Hangfire,
        // oldest first. One index for all (a second one on those waiting cost every new row an
        // entry), led by enqueued_at so that the dispatcher reads its batch from the front of it
        // (OutboxRetry.DueFirst). On created_at alone it stepped over every row with Hangfire first, and
        // when mail goes slower than the work that owes it (a slot release) those are tens of
        // thousands: 19–32 ms a dispatch instead of 0.7 ms (bookings benchmark, 2026-12-07). The
        // enqueue mark is no HOT update since.
        e.HasIndex(o => new { o.EnqueuedAt, o.CreatedAt }, "ix_outbox_unsent").HasFilter("sent_at IS NULL").HasDatabaseName("ix_outbox_unsent");
        e.HasIndex(o => o.InstanceId);
        e.Property(o => o.JobId).HasMaxLength(64);

        // A sent email is copied once: a repeated 重发 finds the copy instead of making another.
        e.HasIndex(o => o.ResendOf).IsUnique().HasFilter("resend_of IS NOT NULL");
    }
}

internal sealed class ClockPauseConfiguration : IEntityTypeConfiguration<ClockPause>
{
    public void Configure(EntityTypeBuilder<ClockPause> e)
    {
        e.ToTable("clock_pauses", "wf");
        e.HasKey(p => p.Id);
        e.Property(p => p.State).HasMaxLength(64);
        e.Property(p => p.Reason).HasMaxLength(1000);
        e.Property(p => p.PausedBy).HasMaxLength(64);
        e.Property(p => p.PausedByName).HasMaxLength(100);
        e.Property(p => p.ResumedBy).HasMaxLength(64);

        // At most one open pause per instance: a second click cannot stop a stopped clock twice.
        e.HasIndex(p => p.InstanceId).IsUnique().HasFilter("resumed_at IS NULL").HasDatabaseName("ix_clock_pauses_open");
        e.HasIndex(p => new { p.InstanceId, p.PausedAt });
        e.HasOne<WorkflowInstance>().WithMany().HasForeignKey(p => p.InstanceId).OnDelete(DeleteBehavior.Restrict);
    }
}
