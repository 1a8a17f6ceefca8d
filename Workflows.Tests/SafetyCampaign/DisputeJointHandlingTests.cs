using Governance.Engine;
using Governance.Engine.Runtime;
using Governance.Workflows.SafetyCampaign.Disputes;
using Governance.Workflows.SafetyCampaign.Organisation;
using Governance.Workflows.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static Governance.Workflows.Tests.SafetyCampaign.SanlingHarness;

namespace Governance.Workflows.Tests.SafetyCampaign;

/// <summary>A database of its own for the joint handling tests: they move the clock and pump timers.</summary>
public sealed class JointHandlingDatabase() : TestDatabase("joint");

/// <summary>联合办理 (主办/协办) on real PostgreSQL, timers pumped with a frozen clock from Monday 9 November 2026, 10:00.</summary>
public sealed class DisputeJointHandlingTests(JointHandlingDatabase database) : IClassFixture<JointHandlingDatabase>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>A matter of the test township at township level, and a second department with an office email to assist.</summary>
    private async Task<(SanlingHarness H, TestTownship T, WorkflowInstance Matter, Department Assisting)> AtTownshipAsync()
    {
        var h = new SanlingHarness(database);
        var t = await TestTownship.CreateAsync(database);
        var tag = Guid.NewGuid().ToString("N")[..8];
        var assisting = await new KeepDepartmentsHandler(h.Runtime).HandleAsync(new AddDepartment(t.Township.CityId, $"a-{tag}", $"协办部门{tag}", $"office-{tag}@test.gov.cn"), TestTownship.Admin, Ct);
        var matter = await h.RegisterAsync(t, category: MatterCategory.LandUse);
        Assert.True((await h.Escalate.HandleAsync(new EscalateDispute(matter.Id, "涉及土地和住建两个部门", 1), t.VillageTeam, Ct)).Applied);
        return (h, t, matter, assisting);
    }

    /// <summary>Emails of one transaction share their time, so their order among themselves is none: compared sorted.</summary>
    private static List<(string Template, string To)> Sorted(params (string Template, string To)[] emails) => [.. emails.Order()];

    private static Actor DepartmentActor(Department d) => new($"department-{d.Id}", d.Name, Roles.Department, Department.OrgUnitOf(d.Id));

    [Fact]
    public async Task The_assisting_department_overruns_its_limit_the_township_is_alerted_and_the_matter_waits_for_it()
    {
        var (h, t, matter, assisting) = await AtTownshipAsync();

        var referred = await h.ReferJoint.HandleAsync(new ReferJoint(matter.Id, t.Department.Id, [assisting.Id], "土地权属与房屋安全须两部门办理", 2), t.OfficialActor, Ct);
        Assert.Equal(DisputeWorkflow.JointHandling, referred.Instance!.State);
        var parts = (await h.Joint.OfAsync(matter.Id, t.OfficialActor, Ct))!;
        Assert.Equal(
            [(t.Department.Name, "主办", Cst(11, 30, 10)), (assisting.Name, "协办", Cst(11, 23, 10))], // 15 and 10 working days
            parts.Select(p => (p.Department, p.Role, p.DueAt!.Value)));
        var (lead, late) = (parts[0], parts[1]);
        Assert.Equal([Department.OrgUnitOf(assisting.Id)], await h.OpenQueuesAsync(late.Id));
        var row = await h.RowAsync(matter.Id);
        Assert.Equal((DisputeLevel.Department, t.Department.Id), (row.Level, row.DepartmentId));

        // Each department sees its own part only, the matter's parties masked; another's part is not found.
        var assistingActor = DepartmentActor(assisting);
        Assert.Equal([late.Id], (await h.Joint.OfAsync(matter.Id, assistingActor, Ct))!.Select(p => p.Id));
        Assert.Equal("138****5678", (await h.Queries.GetAsync(matter.Id, assistingActor, Ct))!.Parties[0].Phone);
        Assert.Equal(TransitionOutcome.NotFound, (await h.FinishPart.HandleAsync(new FinishJointPart(lead.Id, "越权办结", lead.Version), assistingActor, Ct)).Outcome);

        await h.AtAsync(Cst(11, 12, 15));
        Assert.True((await h.FinishPart.HandleAsync(new FinishJointPart(lead.Id, "已确认土地权属", lead.Version), t.DepartmentActor, Ct)).Applied);
        Assert.Equal(DisputeWorkflow.JointHandling, (await h.InstanceAsync(matter.Id)).State);

        await h.AtAsync(Cst(11, 19, 10)); // 80 % of the assisting department's 10 working days
        Assert.Equal(Sorted(("dispute.joint-warning", t.OfficialEmail), ("dispute.joint-warning", assisting.Email!)), Sorted([.. await h.OutboxAsync(late.Id)]));
        await h.AtAsync(Cst(11, 23, 10));
        Assert.Equal(
            Sorted(("dispute.joint-warning", t.OfficialEmail), ("dispute.joint-warning", assisting.Email!), ("dispute.joint-overdue", t.OfficialEmail), ("dispute.joint-overdue", assisting.Email!)),
            Sorted([.. await h.OutboxAsync(late.Id)]));
        Assert.Equal(["start", "sla-warning", "sla-expired"], await h.TriggersAsync(late.Id));
        Assert.Empty(await h.OutboxAsync(lead.Id));
        Assert.Equal(DisputeWorkflow.JointHandling, (await h.InstanceAsync(matter.Id)).State);
        Assert.Equal([("已办结", false), ("办理中", true)], (await h.Joint.OfAsync(matter.Id, t.OfficialActor, Ct))!.Select(p => (p.StateName, p.Overdue)));

        await h.AtAsync(Cst(11, 25, 9));
        Assert.True((await h.FinishPart.HandleAsync(new FinishJointPart(late.Id, "已完成房屋安全鉴定", h.Database.VersionOf(late.Id)), assistingActor, Ct)).Applied);

        var moved = await h.InstanceAsync(matter.Id);
        Assert.Equal(DisputeWorkflow.AwaitingFollowUp, moved.State);
        Assert.Equal(["start", "route-village", "escalate", DisputeWorkflow.ReferJoint, DisputeWorkflow.JointDone], await h.TriggersAsync(matter.Id));
        Assert.Equal($"主办 {t.Department.Name}：已确认土地权属；协办 {assisting.Name}：已完成房屋安全鉴定", moved.GetData<DisputeData>().Resolution);
        row = await h.RowAsync(matter.Id);
        Assert.Equal((DisputeLevel.Department, (bool?)false), (row.ResolvedLevel, row.ResolvedOnTime));
        var shown = (await h.Joint.OfAsync(matter.Id, t.OfficialActor, Ct))!;
        Assert.Equal([("已办结", false), ("已办结", true)], shown.Select(p => (p.StateName, p.Overdue)));
    }

    [Fact]
    public async Task Bad_choices_of_departments_are_refused_naming_the_field_and_nothing_is_stored()
    {
        var (h, t, matter, assisting) = await AtTownshipAsync();

        async Task<IReadOnlyCollection<string>> RefusedAsync(int? lead, IReadOnlyList<int>? helping, string? reason = "须两部门办理") =>
            (await Assert.ThrowsAsync<RequestValidationException>(() => h.ReferJoint.HandleAsync(new ReferJoint(matter.Id, lead, helping, reason, 2), t.OfficialActor, Ct))).Errors.Keys.ToList();

        Assert.Equal(["leadDepartmentId", "assistingDepartmentIds"], await RefusedAsync(null, null));
        Assert.Equal(["assistingDepartmentIds"], await RefusedAsync(t.Department.Id, [assisting.Id, assisting.Id]));
        Assert.Equal(["assistingDepartmentIds"], await RefusedAsync(t.Department.Id, [t.Department.Id]));
        Assert.Equal(["assistingDepartmentIds"], await RefusedAsync(t.Department.Id, [int.MaxValue]));
        Assert.Equal(["reason"], await RefusedAsync(t.Department.Id, [assisting.Id], " "));
        var refusal = await Assert.ThrowsAsync<RequestValidationException>(() => h.ReferJoint.HandleAsync(new ReferJoint(matter.Id, t.Department.Id, [t.Department.Id], "x", 2), t.OfficialActor, Ct));
        Assert.Equal(["主办部门不能同时为协办部门"], refusal.Errors["assistingDepartmentIds"]);

        Assert.Equal((DisputeWorkflow.AtTownship, 2), ((await h.InstanceAsync(matter.Id)).State, (await h.InstanceAsync(matter.Id)).Version));
        Assert.Empty((await h.Joint.OfAsync(matter.Id, t.OfficialActor, Ct))!);
        await using var db = database.CreateContext();
        Assert.False(await db.Instances.AnyAsync(i => i.ParentId == matter.Id, Ct));

        // A department with no part in the matter finds it not at all.
        var stranger = DepartmentActor(assisting);
        Assert.Null(await h.Joint.OfAsync(matter.Id, stranger, Ct));
        Assert.Equal(TransitionOutcome.Forbidden, (await h.ReferJoint.HandleAsync(new ReferJoint(matter.Id, t.Department.Id, [assisting.Id], "村里指定", 2), t.VillageTeam, Ct)).Outcome);
    }
}
