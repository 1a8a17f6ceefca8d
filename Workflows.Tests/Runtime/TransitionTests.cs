using Governance.Engine.Runtime;
using Governance.Workflows.ServiceHall.ExtendedHours;
using Governance.Workflows.Tests.Infrastructure;
using Governance.Workflows.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Npgsql;

namespace Governance.Workflows.Tests.Runtime;

public sealed class TransitionTests(TestDatabase database)
{
    private static readonly Actor Staff = new("s1", "窗口人员", Roles.WindowStaff, "test/1");

    private readonly RuntimeHarness _h = new(database, extra: TestDefinitions.Review());

    private Task<WorkflowInstance> StartReviewAsync(string title = "申请") =>
        _h.Runtime.InTransactionAsync((db, ct) => _h.Runtime.StartAsync(db, "test-review", $"test/1/{Guid.NewGuid():N}", title, new { }, Staff, ct));

    [Fact]
    public async Task Starting_writes_instance_ledger_work_item_timers_and_outbox_together()
    {
        var instance = await StartReviewAsync();

        await using var db = database.CreateContext();
        var stored = await db.Instances.SingleAsync(i => i.Id == instance.Id, TestContext.Current.CancellationToken);
        Assert.Equal("Review", stored.State);
        Assert.Equal(0, stored.Version);
        Assert.Equal(_h.Calendar.AddWorkingDays(RuntimeHarness.FridayMorning, 1), stored.DueAt);
        Assert.Equal(LedgerKind.Started, (await db.Ledger.SingleAsync(l => l.InstanceId == instance.Id, TestContext.Current.CancellationToken)).Kind);
        Assert.Equal(5, (await db.WorkItems.SingleAsync(w => w.InstanceId == instance.Id, TestContext.Current.CancellationToken)).Priority);
        var timer = await db.Timers.SingleAsync(t => t.InstanceId == instance.Id, TestContext.Current.CancellationToken);
        Assert.Equal((TimerKind.Warning, stored.DueAt!.Value), (timer.NextKind, timer.DueAt));
        Assert.Equal(timer.WarnAt, timer.NextAt);
        Assert.True(timer.WarnAt < timer.DueAt);
        Assert.Equal("test.review", (await db.Outbox.SingleAsync(o => o.InstanceId == instance.Id, TestContext.Current.CancellationToken)).Template);
    }

    [Fact]
    public async Task A_failure_inside_a_transition_leaves_nothing_behind()
    {
        var instance = await StartReviewAsync(TestDefinitions.Failing);

        await Assert.ThrowsAsync<InvalidOperationException>(() => _h.Runtime.FireAsync(new Stimulus(instance.Id, "approve", Staff, instance.Version)));

        await using var db = database.CreateContext();
        var ct = TestContext.Current.CancellationToken;
        var stored = await db.Instances.SingleAsync(i => i.Id == instance.Id, ct);
        Assert.Equal(("Review", 0), (stored.State, stored.Version));
        Assert.Equal(1, await db.Ledger.CountAsync(l => l.InstanceId == instance.Id, ct));
        Assert.Equal(1, await db.WorkItems.CountAsync(w => w.InstanceId == instance.Id && w.ClosedAt == null, ct));
        Assert.Equal(1, await db.Timers.CountAsync(t => t.InstanceId == instance.Id && t.CancelledAt == null, ct));
        Assert.Equal(1, await db.Outbox.CountAsync(o => o.InstanceId == instance.Id, ct));
    }

    [Fact]
    public async Task A_pooled_context_handed_out_again_carries_nothing_of_a_failed_transaction()
    {
        // One context in the pool: the second transaction gets the very context the first one failed on.
        var runtime = new WorkflowRuntime(new EngineContexts(new PooledDbContextFactory<WorkflowDbContext>(database.Options, poolSize: 1)), _h.Registry, _h.Calendar, _h.Clock);
        var failed = Guid.Empty;
        await Assert.ThrowsAsync<InvalidOperationException>(() => runtime.InTransactionAsync<WorkflowInstance>(async (db, ct) =>
        {
            failed = (await runtime.StartAsync(db, "test-review", "test/1/pool", "失败", new { }, Staff, ct)).Id;
            throw new InvalidOperationException("用例失败");
        }));

        var next = await runtime.InTransactionAsync((db, ct) => runtime.StartAsync(db, "test-review", "test/1/pool", "成功", new { }, Staff, ct));

        await using var check = database.CreateContext();
        var ct = TestContext.Current.CancellationToken;
        Assert.False(await check.Instances.AnyAsync(i => i.Id == failed, ct));
        Assert.Equal(0, await check.Ledger.CountAsync(l => l.InstanceId == failed, ct));
        Assert.Equal(1, await check.Ledger.CountAsync(l => l.InstanceId == next.Id, ct));
    }

    [Fact]
    public async Task Twenty_concurrent_transitions_on_one_instance_exactly_one_wins()
    {
        var instance = await StartReviewAsync();

        var results = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ =>
            Task.Run(() => _h.Runtime.FireAsync(new Stimulus(instance.Id, "approve", Staff, ExpectedVersion: 0)))));

        Assert.Single(results, r => r.Applied);
        Assert.All(results.Where(r => !r.Applied), r => Assert.Contains(r.Outcome, new[] { TransitionOutcome.Stale, TransitionOutcome.NotPermitted }));
        await using var db = database.CreateContext();
        var ct = TestContext.Current.CancellationToken;
        Assert.Equal(1, (await db.Instances.SingleAsync(i => i.Id == instance.Id, ct)).Version);
        Assert.Equal(1, await db.Ledger.CountAsync(l => l.InstanceId == instance.Id && l.Kind == LedgerKind.Transition, ct));
        Assert.Equal(1, await db.Outbox.CountAsync(o => o.InstanceId == instance.Id && o.Template == "test.approved", ct));
    }

    [Fact]
    public async Task A_duplicate_stimulus_for_an_old_version_changes_nothing()
    {
        var instance = await StartReviewAsync();
        Assert.True((await _h.Runtime.FireAsync(new Stimulus(instance.Id, "approve", Staff, ExpectedVersion: 0))).Applied);

        var retry = await _h.Runtime.FireAsync(new Stimulus(instance.Id, "approve", Staff, ExpectedVersion: 0));

        Assert.Equal(TransitionOutcome.Stale, retry.Outcome);
        await using var db = database.CreateContext();
        Assert.Equal(2, await db.Ledger.CountAsync(l => l.InstanceId == instance.Id, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Roles_scope_and_workflow_are_enforced()
    {
        var instance = await StartReviewAsync();

        var citizen = await _h.Runtime.FireAsync(new Stimulus(instance.Id, "approve", Staff with { Role = Roles.Citizen }, instance.Version));
        var outsider = await _h.Runtime.FireAsync(new Stimulus(instance.Id, "approve", Staff with { Scope = "test/2" }, instance.Version));
        var wrongWorkflow = await _h.Runtime.FireAsync(new Stimulus(instance.Id, "approve", Staff, instance.Version, Workflow: ExtendedHoursWorkflow.Name));
        var unknownTrigger = await _h.Runtime.FireAsync(new Stimulus(instance.Id, "escalate-now", Staff, instance.Version));

        Assert.Equal(TransitionOutcome.Forbidden, citizen.Outcome);
        Assert.Equal(TransitionOutcome.NotFound, outsider.Outcome);
        Assert.Equal(TransitionOutcome.NotFound, wrongWorkflow.Outcome);
        Assert.Equal(TransitionOutcome.NotPermitted, unknownTrigger.Outcome);
    }

    [Fact]
    public async Task The_ledger_refuses_update_delete_and_truncate_in_the_database_even_to_its_owner()
    {
        var instance = await StartReviewAsync();

        // The application role may not even try (DatabaseRolesTests); the triggers hold against the owner too.
        await using var connection = new NpgsqlConnection(database.OwnerConnectionString);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        foreach (var sql in new[] { "UPDATE wf.ledger SET reason = 'x' WHERE instance_id = @id", "DELETE FROM wf.ledger WHERE instance_id = @id", "TRUNCATE wf.ledger CASCADE" })
        {
            await using var command = new NpgsqlCommand(sql, connection);
            command.Parameters.AddWithValue("id", instance.Id);
            var error = await Assert.ThrowsAsync<PostgresException>(() => command.ExecuteNonQueryAsync(TestContext.Current.CancellationToken));
            Assert.Contains("append-only", error.MessageText, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task An_instance_keeps_the_definition_version_it_started_with()
    {
        var instance = await StartReviewAsync();
        var withV2 = new RuntimeHarness(database, extra: [TestDefinitions.Review(1), TestDefinitions.Review(2)]);

        var reject = await withV2.Runtime.FireAsync(new Stimulus(instance.Id, "reject", Staff, instance.Version));
        var started = await withV2.Runtime.InTransactionAsync((db, ct) => withV2.Runtime.StartAsync(db, "test-review", "test/1/x", "新版", new { }, Staff, ct));

        Assert.Equal(TransitionOutcome.NotPermitted, reject.Outcome);
        Assert.Equal(2, started.DefinitionVersion);
    }
}
