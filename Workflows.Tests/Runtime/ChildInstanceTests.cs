using Governance.Engine.Runtime;
using Governance.Workflows.Storage;
using Governance.Workflows.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Governance.Workflows.Tests.Runtime;

/// <summary>Children with their own limits and a parent state that awaits them, on real PostgreSQL.</summary>
public sealed class ChildInstanceTests(TestDatabase database)
{
    private static readonly Actor Staff = new("s1", "窗口人员", Roles.WindowStaff, "test/children");

    private static readonly WorkflowDefinition Parent = WorkflowDefinition.Create("test-parent", 1, "测试父事项", b =>
    {
        b.State("Waiting", "等待子事项").Initial().AwaitsChildren("children-done");
        b.State("Done", "已办结").Final();
        b.Permit("Waiting", "children-done", "Done", "子事项均已办结", [Actor.SystemRole]);
    });

    private static readonly WorkflowDefinition Child = WorkflowDefinition.Create("test-child", 1, "测试子事项", b =>
    {
        b.State("Open", "办理中").Initial().Sla(SlaLimit.WorkingDays(2), expiryTrigger: null).AlertOnExpiry(new NotificationSpec("test.overdue", TestDefinitions.Reviewer));
        b.State("Closed", "已办结").Final();
        b.Permit("Open", "close", "Closed", "办结", [Roles.WindowStaff]);
    });

    private readonly RuntimeHarness _h = new(database, extra: [Parent, Child]);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>A parent with <paramref name="children"/> children, all started in one transaction.</summary>
    private Task<(WorkflowInstance Parent, List<WorkflowInstance> Children)> StartAsync(int children) =>
        _h.Runtime.InTransactionAsync(async (db, ct) =>
        {
            var unit = $"test/children/{Guid.NewGuid():N}";
            var parent = await _h.Runtime.StartAsync(db, Parent.Name, unit, "父事项", new { }, Staff, ct);
            var started = new List<WorkflowInstance>();
            for (var i = 0; i < children; i++)
            {
                started.Add(await _h.Runtime.StartChildAsync(db, parent, Child.Name, $"{unit}/{i}", $"子事项 {i}", new { }, Staff, ct));
            }

            return (parent, started);
        });

    private Task<TransitionResult> CloseAsync(WorkflowInstance child) => _h.Runtime.FireAsync(new Stimulus(child.Id, "close", Staff, 0), Ct);

    [Fact]
    public async Task The_parent_moves_on_only_when_its_last_child_closes_and_once()
    {
        var (parent, children) = await StartAsync(3);

        Assert.True((await CloseAsync(children[0])).Applied);
        Assert.True((await CloseAsync(children[2])).Applied);
        Assert.Equal("Waiting", (await InstanceAsync(parent.Id)).State);
        var listed = await new ChildInstanceQueries(new EngineContexts(database.Factory), _h.Registry, _h.Clock).OfAsync(parent.Id, Staff, Ct);
        Assert.Equal(
            [("Closed", "已办结", (DateTimeOffset?)null), ("Open", "办理中", _h.Calendar.AddWorkingDays(RuntimeHarness.FridayMorning, 2)), ("Closed", "已办结", null)],
            children.Select(c => listed.Single(l => l.Id == c.Id)).Select(c => (c.State, c.StateName, c.DueAt)));

        Assert.True((await CloseAsync(children[1])).Applied);
        Assert.Equal(TransitionOutcome.Stale, (await CloseAsync(children[1])).Outcome);

        var moved = await InstanceAsync(parent.Id);
        Assert.Equal(("Done", 1), (moved.State, moved.Version));
        Assert.NotNull(moved.ClosedAt);
        await using var db = database.CreateContext();
        var line = await db.Ledger.SingleAsync(l => l.InstanceId == parent.Id && l.Kind == LedgerKind.Transition, Ct);
        Assert.Equal(("children-done", Actor.SystemRole), (line.Trigger, line.ActorRole));
        Assert.All(children, c => Assert.Equal(parent.Id, db.Instances.AsNoTracking().Single(i => i.Id == c.Id).ParentId));
    }

    [Fact]
    public async Task A_person_out_of_a_childs_reach_does_not_see_it_in_the_parents_list()
    {
        var (parent, _) = await StartAsync(1);
        var stranger = new Actor("s2", "其他窗口", Roles.WindowStaff, "test/elsewhere");

        var queries = new ChildInstanceQueries(new EngineContexts(database.Factory), _h.Registry, _h.Clock);

        Assert.Empty(await queries.OfAsync(parent.Id, stranger, Ct));
        Assert.Single(await queries.OfAsync(parent.Id, Staff, Ct));
    }

    [Fact]
    public async Task Two_children_closing_at_the_same_moment_move_their_parent_exactly_once_without_deadlock()
    {
        var families = new List<(WorkflowInstance Parent, List<WorkflowInstance> Children)>();
        for (var i = 0; i < 20; i++)
        {
            families.Add(await StartAsync(2));
        }

        // Every family's two children close side by side, all families at once.
        using var start = new ManualResetEventSlim();
        var closes = families.SelectMany(f => f.Children).Select(c => Task.Run(async () =>
        {
            start.Wait(Ct);
            return await CloseAsync(c);
        })).ToList();
        start.Set();
        var results = await Task.WhenAll(closes);

        Assert.All(results, r => Assert.True(r.Applied, r.Message));
        await using var db = database.CreateContext();
        var parents = families.Select(f => f.Parent.Id).ToList();
        Assert.All(await db.Instances.AsNoTracking().Where(i => parents.Contains(i.Id)).ToListAsync(Ct), p => Assert.Equal(("Done", 1), (p.State, p.Version)));
        Assert.Equal(parents.Count, await db.Ledger.CountAsync(l => parents.Contains(l.InstanceId) && l.Trigger == "children-done", Ct));
    }

    [Fact]
    public void A_state_awaiting_children_must_let_the_system_fire_its_trigger()
    {
        var refused = Assert.Throws<InvalidOperationException>(() => WorkflowDefinition.Create("test-bad-parent", 1, "错误", b =>
        {
            b.State("Waiting", "等待").Initial().AwaitsChildren("children-done");
            b.State("Done", "办结").Final();
            b.Permit("Waiting", "children-done", "Done", "办结", [Roles.WindowStaff]);
        }));

        Assert.Contains("does not permit the system", refused.Message, StringComparison.Ordinal);
    }

    private async Task<WorkflowInstance> InstanceAsync(Guid id)
    {
        await using var db = database.CreateContext();
        return await db.Instances.AsNoTracking().SingleAsync(i => i.Id == id, Ct);
    }
}
