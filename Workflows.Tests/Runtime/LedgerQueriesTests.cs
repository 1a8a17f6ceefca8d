using Governance.Engine.Runtime;
using Governance.Workflows.ServiceHall.HomeVisits;
using Governance.Workflows.Tests.Infrastructure;
using Governance.Workflows.Tests.ServiceHall;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Governance.Workflows.Tests.Runtime;

/// <summary>The one history (台账) query: any workflow's ledger in the words of the definition its instance is pinned to.</summary>
public sealed class LedgerQueriesTests(TestDatabase database)
{
    private readonly RuntimeHarness _h = new(database, null, HomeVisitWorkflow.Definition);

    [Fact]
    public async Task Two_workflows_ledgers_read_in_their_own_steps_states_and_role_names()
    {
        var hall = await TestHall.CreateAsync(database);
        var ct = CancellationToken.None;

        var visit = await new RequestHomeVisitHandler(_h.Runtime)
            .HandleAsync(HomeVisitHarness.Valid(hall), HomeVisitHarness.Citizen("张三"), ct);
        await new ReviewHomeVisitHandler(_h.Runtime).HandleAsync(new ReviewHomeVisit(visit.Id, true, "同意上门", database.VersionOf(visit.Id)), RuntimeHarness.Lead(hall), ct);
        await using var db = database.CreateContext();
        var visitLines = await LedgerQueries.TimelineAsync(db, _h.Registry, await Instance(db, visit.Id), ct);

        // Registered at 10:00 to finish by 18:00; by 19:30 its limit (closing plus grace) has run out and the system moves it.
        var service = await _h.Register.HandleAsync(_h.Registration(hall), RuntimeHarness.Staff(hall), ct);
        _h.Clock.Advance(TimeSpan.FromHours(9.5));
        await _h.PumpAllAsync();
        var serviceLines = await LedgerQueries.TimelineAsync(db, _h.Registry, await Instance(db, service.Id), ct);

        Assert.Equal(
            [("发起", "", "待审核", "张三（群众）", (string?)null), ("审核通过", "待审核", "待安排上门", "值班领导（中心值班领导）", "同意上门")],
            visitLines.Select(l => (l.Step, l.FromStateName, l.ToStateName, l.Who, l.Reason)));
        Assert.Equal(["Started", "Transition"], visitLines.Select(l => l.Kind));
        Assert.Equal(
            [("发起", "延时办理中", "窗口人员（窗口工作人员）"), ("超时", "已超时", "系统")],
            serviceLines.Select(l => (l.Step, l.ToStateName, l.Who)));
        Assert.Equal(["start", "expire"], serviceLines.Select(l => l.Trigger));
    }

    private static Task<WorkflowInstance> Instance(Storage.WorkflowDbContext db, Guid id) => db.Instances.AsNoTracking().SingleAsync(i => i.Id == id);
}
