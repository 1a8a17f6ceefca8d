using System.Globalization;
using Governance.Engine;
using Governance.Workflows.Lists;
using Governance.Engine.Runtime;
using Governance.Workflows.SafetyCampaign.Disputes;
using Governance.Workflows.SafetyCampaign.Organisation;
using Governance.Workflows.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static Governance.Workflows.Tests.SafetyCampaign.SanlingHarness;

namespace Governance.Workflows.Tests.SafetyCampaign;

/// <summary>Every path of the escalation ladder on real PostgreSQL, timers pumped with a frozen clock (November 2026 unless said).</summary>
public sealed class DisputeLadderTests(SanlingDatabase database) : IClassFixture<SanlingDatabase>
{
    private static readonly CancellationToken Ct = CancellationToken.None;

    [Fact]
    public async Task Resolved_at_the_village_and_followed_up_satisfied_closes_with_no_alert()
    {
        var h = new SanlingHarness(database);
        var t = await TestTownship.CreateAsync(database);

        var registered = await h.RegisterAsync(t);
        Assert.Equal((DisputeWorkflow.AtVillage, Cst(11, 16, 10)), (registered.State, registered.DueAt)); // Monday + 5 working days
        Assert.Equal([$"{Place.OrgUnitOf(t.Township.Id, t.Village.Id)}/mediation"], await h.OpenQueuesAsync(registered.Id));

        h.Clock.Advance(TimeSpan.FromHours(1));
        var resolved = await h.Resolve.HandleAsync(new ResolveDispute(registered.Id, "双方协商疏通排水沟，握手言和", 1), t.VillageTeam, Ct);
        Assert.Equal((DisputeWorkflow.AwaitingFollowUp, Cst(11, 12, 11)), (resolved.Instance!.State, resolved.Instance.DueAt)); // + 3 working days
        var closed = await h.FollowUp.HandleAsync(new FollowUpDispute(registered.Id, true, null, h.Database.VersionOf(registered.Id)), t.VillageTeam, Ct);

        Assert.Equal(DisputeWorkflow.Closed, closed.Instance!.State);
        var row = await h.RowAsync(registered.Id);
        Assert.Equal((DisputeLevel.Village, DisputeLevel.Village, true, true, false, 0), (row.Level, row.ResolvedLevel, row.ResolvedOnTime, row.Satisfied, row.SkipLevel, row.Escalations));
        Assert.NotNull(row.ClosedAt);
        Assert.Equal(["start", "route-village", "resolve", "close"], await h.TriggersAsync(registered.Id));
        Assert.Equal([("dispute.progress", $"applicant-{t.Township.Code}@test.gov.cn"), ("dispute.progress", $"applicant-{t.Township.Code}@test.gov.cn")], await h.OutboxAsync(registered.Id)); // 化解 and 办结: the applicant only, no alert
    }

    [Fact]
    public async Task A_police_matter_goes_to_the_village_police_officer_and_only_the_village_team_sees_the_numbers()
    {
        var h = new SanlingHarness(database);
        var t = await TestTownship.CreateAsync(database);

        var registered = await h.RegisterAsync(t, category: MatterCategory.PublicOrder);

        Assert.Equal([$"{Place.OrgUnitOf(t.Township.Id, t.Village.Id)}/police"], await h.OpenQueuesAsync(registered.Id));
        var forTeam = (await h.Queries.GetAsync(registered.Id, t.VillageTeam, Ct))!;
        var forOfficial = (await h.Queries.GetAsync(registered.Id, t.OfficialActor, Ct))!;
        Assert.Equal("社区民警 赵警官", forTeam.VillageHandler);
        Assert.Equal(("138****5678", "4127**********1237"), (forTeam.Parties[0].Phone, forTeam.Parties[0].IdNumber));
        Assert.Equal(("138****5678", "4127**********1237"), (forOfficial.Parties[0].Phone, forOfficial.Parties[0].IdNumber));
        Assert.Equal(["resolve", "escalate"], forTeam.Actions);
    }

    [Fact]
    public async Task Past_each_limit_the_official_is_warned_alerted_and_the_matter_goes_up_by_itself()
    {
        var h = new SanlingHarness(database, options: new DisputeOptions { DepartmentWorkingDays = 10 });
        var t = await TestTownship.CreateAsync(database);
        var registered = await h.RegisterAsync(t);

        await h.AtAsync(Cst(11, 13, 9, 59));
        Assert.Empty(await h.OutboxAsync(registered.Id));
        await h.AtAsync(Cst(11, 13, 10)); // 80 % of 5 working days
        Assert.Equal([("dispute.warning", t.OfficialEmail)], await h.OutboxAsync(registered.Id));
        await h.AtAsync(Cst(11, 16, 10));

        var atTownship = await h.InstanceAsync(registered.Id);
        Assert.Equal((DisputeWorkflow.AtTownship, Cst(11, 30, 10)), (atTownship.State, atTownship.DueAt)); // a fresh 10 working days
        Assert.Equal(["dispute.warning", "dispute.escalated", "dispute.overdue", "dispute.progress"], (await h.OutboxAsync(registered.Id)).Select(o => o.Template)); // red and up: one instant
        Assert.Equal([t.Scope], await h.OpenQueuesAsync(registered.Id));

        await h.AtAsync(Cst(11, 30, 10));
        var withProxy = await h.InstanceAsync(registered.Id);
        Assert.Equal((DisputeWorkflow.WithProxy, Cst(12, 14, 10)), (withProxy.State, withProxy.DueAt));
        var row = await h.RowAsync(registered.Id);
        Assert.Equal((DisputeLevel.Department, 2, 2), (row.Level, row.Escalations, row.LimitBreaches));
        Assert.NotNull(row.DepartmentId);
        Assert.Equal(
            ["start", "route-village", "sla-warning", "sla-expired", "escalate-overdue", "sla-warning", "sla-expired", "escalate-overdue"],
            await h.TriggersAsync(registered.Id));

        // At the top nothing moves by itself: the red alert is the news, once.
        await h.AtAsync(Cst(12, 14, 10));
        Assert.Equal(DisputeWorkflow.WithProxy, (await h.InstanceAsync(registered.Id)).State);
        Assert.Equal(3, (await h.OutboxAsync(registered.Id)).Count(o => o.Template == "dispute.overdue"));
    }

    [Fact]
    public async Task Authority_elsewhere_goes_up_at_once_and_a_proxy_handler_carries_it_to_the_department()
    {
        var h = new SanlingHarness(database);
        var t = await TestTownship.CreateAsync(database);
        var registered = await h.RegisterAsync(t, category: MatterCategory.Labour);

        await Assert.ThrowsAsync<RequestValidationException>(() => h.Escalate.HandleAsync(new EscalateDispute(registered.Id, " ", h.Database.VersionOf(registered.Id)), t.VillageTeam, Ct));
        h.Clock.Advance(TimeSpan.FromHours(2));
        var up = await h.Escalate.HandleAsync(new EscalateDispute(registered.Id, "拖欠工资，事权在人社部门", 1), t.VillageTeam, Ct);
        Assert.Equal((DisputeWorkflow.AtTownship, Cst(11, 23, 12)), (up.Instance!.State, up.Instance.DueAt));
        var late = await h.Escalate.HandleAsync(new EscalateDispute(registered.Id, "重复提交", 1), t.VillageTeam, Ct);
        Assert.Equal(TransitionOutcome.Stale, late.Outcome);

        var toProxy = await h.Escalate.HandleAsync(new EscalateDispute(registered.Id, "须人社部门处理", h.Database.VersionOf(registered.Id)), t.OfficialActor, Ct);
        Assert.Equal((DisputeWorkflow.WithProxy, Cst(12, 21, 12)), (toProxy.Instance!.State, toProxy.Instance.DueAt)); // 30 working days
        Assert.Equal(["proxy"], await h.OpenQueuesAsync(registered.Id));
        var delivered = await h.Deliver.HandleAsync(new DeliverDispute(registered.Id, t.Department.Id, "已陪同材料送达", h.Database.VersionOf(registered.Id)), TestTownship.Proxy, Ct);
        Assert.Equal((DisputeWorkflow.AtDepartment, Cst(12, 21, 12)), (delivered.Instance!.State, delivered.Instance.DueAt)); // the same level's clock
        Assert.Equal([Department.OrgUnitOf(t.Department.Id)], await h.OpenQueuesAsync(registered.Id));

        var stranger = new Actor("other-department", "其他部门", Roles.Department, Department.OrgUnitOf(t.Department.Id + 100_000));
        Assert.Equal(TransitionOutcome.NotFound, (await h.Resolve.HandleAsync(new ResolveDispute(registered.Id, "越权", h.Database.VersionOf(registered.Id)), stranger, Ct)).Outcome);
        Assert.Null(await h.Queries.GetAsync(registered.Id, stranger, Ct));
        var resolved = await h.Resolve.HandleAsync(new ResolveDispute(registered.Id, "责令企业补发工资", h.Database.VersionOf(registered.Id)), t.DepartmentActor, Ct);
        Assert.Equal(DisputeWorkflow.AwaitingFollowUp, resolved.Instance!.State);

        // The village's timers went with the village: passing its old limit does nothing; the
        // follow-up, not done within its 3 working days, is warned and alerted.
        await h.AtAsync(Cst(11, 16, 10, 1));
        var row = await h.RowAsync(registered.Id);
        Assert.Equal((DisputeLevel.Department, t.Department.Id, 2, 0, DisputeLevel.Department, true), (row.Level, row.DepartmentId, row.Escalations, row.LimitBreaches, row.ResolvedLevel, row.ResolvedOnTime));
        Assert.Equal(["start", "route-village", "escalate", "escalate", "deliver", "resolve", "sla-warning", "sla-expired"], await h.TriggersAsync(registered.Id));
        Assert.Equal(["dispute.escalated", "dispute.escalated", "dispute.progress", "dispute.progress", "dispute.progress", "dispute.overdue", "dispute.warning"], (await h.OutboxAsync(registered.Id)).Select(o => o.Template));
    }

    [Fact]
    public async Task The_township_refers_a_matter_to_the_department_by_procedure_and_the_applicant_is_told_each_step()
    {
        var h = new SanlingHarness(database);
        var t = await TestTownship.CreateAsync(database);
        var registered = await h.RegisterAsync(t, category: MatterCategory.Labour);
        await h.Escalate.HandleAsync(new EscalateDispute(registered.Id, "拖欠工资，事权不在村", 1), t.VillageTeam, Ct);

        await Assert.ThrowsAsync<RequestValidationException>(() => h.Refer.HandleAsync(new ReferDispute(registered.Id, t.Department.Id, "", 2), t.OfficialActor, Ct));
        Assert.Equal(TransitionOutcome.Forbidden, (await h.Refer.HandleAsync(new ReferDispute(registered.Id, t.Department.Id, "村里转交", 2), t.VillageTeam, Ct)).Outcome);
        var referred = await h.Refer.HandleAsync(new ReferDispute(registered.Id, t.Department.Id, "属劳动报酬争议", 2), t.OfficialActor, Ct);

        Assert.Equal((DisputeWorkflow.AtDepartment, Cst(12, 21, 10)), (referred.Instance!.State, referred.Instance.DueAt)); // 30 working days from now
        Assert.Equal([Department.OrgUnitOf(t.Department.Id)], await h.OpenQueuesAsync(registered.Id));
        var row = await h.RowAsync(registered.Id);
        Assert.Equal((DisputeLevel.Department, t.Department.Id, 2), (row.Level, row.DepartmentId, row.Escalations));
        var alerts = await h.Alerts.ListAsync(t.OfficialActor, null, null, 10, Ct);
        Assert.Equal([("部门办理中", "部门办理中"), ("镇级化解中", "部门办理中")], alerts.Where(a => a.DisputeId == registered.Id).Select(a => (a.StateThen, a.State)));
        var byReference = await h.Alerts.PageAsync(t.OfficialActor, new ListQuery { Q = row.Reference }, Ct);
        Assert.Equal([registered.Id, registered.Id], byReference.Items.Select(a => a.DisputeId));

        await h.Resolve.HandleAsync(new ResolveDispute(registered.Id, "企业已补发工资", 3), t.DepartmentActor, Ct);
        await h.FollowUp.HandleAsync(new FollowUpDispute(registered.Id, true, null, 4), t.OfficialActor, Ct);
        var applicant = $"applicant-{t.Township.Code}@test.gov.cn";
        Assert.Equal(
            [("dispute.escalated", t.OfficialEmail), ("dispute.escalated", t.OfficialEmail), ("dispute.progress", applicant), ("dispute.progress", applicant), ("dispute.progress", applicant), ("dispute.progress", applicant)],
            await h.OutboxAsync(registered.Id));
        var view = await h.Queries.GetAsync(registered.Id, t.OfficialActor, Ct);
        Assert.Equal(["受理", "村级化解", "镇级化解", "部门办理", "回访", "办结"], view!.Steps.Where(s => s.Status == DisputeStepStatus.Done).Select(s => s.Name));
        Assert.Equal("事权在市直部门，按程序转交", view.Ledger.Single(l => l.Trigger == DisputeWorkflow.Refer).Step);
    }

    [Fact]
    public async Task The_reference_number_counts_each_year_on_the_China_clock_and_a_refused_registration_takes_none()
    {
        var h = new SanlingHarness(database, new DateTimeOffset(2026, 12, 31, 23, 50, 0, TimeSpan.FromHours(8)));
        var t = await TestTownship.CreateAsync(database);

        var first = await h.RowAsync((await h.RegisterAsync(t)).Id);
        await Assert.ThrowsAsync<RequestValidationException>(() => h.Register.HandleAsync(Valid(t) with { PlaceId = int.MaxValue }, TestTownship.Admin, Ct));
        var second = await h.RowAsync((await h.RegisterAsync(t)).Id);
        h.Clock.SetUtcNow(new DateTimeOffset(2027, 1, 1, 0, 10, 0, TimeSpan.FromHours(8)).ToUniversalTime()); // still 2026 in UTC
        var third = await h.RowAsync((await h.RegisterAsync(t)).Id);

        Assert.Matches(@"^SL-2026-\d{6}$", first.Reference);
        Assert.Equal(int.Parse(first.Reference[8..], CultureInfo.InvariantCulture) + 1, int.Parse(second.Reference[8..], CultureInfo.InvariantCulture));
        Assert.StartsWith("SL-2027-", third.Reference, StringComparison.Ordinal);
        Assert.Equal(third.Reference, (await h.InstanceAsync(third.Id)).GetData<DisputeData>().Reference);
    }

    [Fact]
    public async Task An_approved_extension_moves_the_deadline_tells_the_applicant_and_is_counted()
    {
        var h = new SanlingHarness(database);
        var t = await TestTownship.CreateAsync(database);
        var registered = await h.RegisterAsync(t);

        var extended = await h.Extend.HandleAsync(new ExtendDispute(registered.Id, 3, "需待外出务工当事人返乡", null, h.Database.VersionOf(registered.Id)), t.OfficialActor, Ct);
        Assert.Equal((DisputeWorkflow.AtVillage, Cst(11, 19, 10)), (extended.Instance!.State, extended.Instance.DueAt)); // 5 + 3 working days from registration
        Assert.Equal([("dispute.extended", $"applicant-{t.Township.Code}@test.gov.cn")], await h.OutboxAsync(registered.Id));
        Assert.Equal(TransitionOutcome.Forbidden, (await h.Extend.HandleAsync(new ExtendDispute(registered.Id, 1, "自己批准", null, h.Database.VersionOf(registered.Id)), t.VillageTeam, Ct)).Outcome);
        Assert.Equal(Cst(11, 23, 10), (await h.Extend.HandleAsync(new ExtendDispute(registered.Id, 2, "鉴定未出", null, h.Database.VersionOf(registered.Id)), t.OfficialActor, Ct)).Instance!.DueAt);
        var third = await h.Extend.HandleAsync(new ExtendDispute(registered.Id, 1, "再延", null, h.Database.VersionOf(registered.Id)), t.OfficialActor, Ct);
        Assert.Equal((TransitionOutcome.GuardFailed, "本事项的延期次数已用完"), (third.Outcome, third.Message));
        Assert.Equal(2, (await h.RowAsync(registered.Id)).Extensions);

        // The village's own limit (+5) has passed, the extended one has not: no alert yet.
        await h.AtAsync(Cst(11, 18, 10));
        Assert.Equal(DisputeWorkflow.AtVillage, (await h.InstanceAsync(registered.Id)).State);

        var noEmail = await h.RegisterAsync(t, email: null);
        var missing = await Assert.ThrowsAsync<RequestValidationException>(() => h.Extend.HandleAsync(new ExtendDispute(noEmail.Id, 2, "鉴定未出", null, h.Database.VersionOf(noEmail.Id)), t.OfficialActor, Ct));
        Assert.Equal(["notice"], missing.Errors.Keys);
        Assert.True((await h.Extend.HandleAsync(new ExtendDispute(noEmail.Id, 2, "鉴定未出", "2026-11-18 电话告知本人", h.Database.VersionOf(noEmail.Id)), t.OfficialActor, Ct)).Applied);
        Assert.Empty(await h.OutboxAsync(noEmail.Id));
        var view = (await h.Queries.GetAsync(noEmail.Id, t.OfficialActor, Ct))!;
        Assert.Equal("延期 2 个工作日：鉴定未出（告知申请人：2026-11-18 电话告知本人）", view.Ledger[^1].Reason);
    }

    [Fact]
    public async Task An_unsatisfied_follow_up_reopens_the_matter_at_the_level_that_resolved_it()
    {
        var h = new SanlingHarness(database);
        var t = await TestTownship.CreateAsync(database);
        var registered = await h.RegisterAsync(t, t.OfficialActor, DisputeSource.TownshipDirect);
        Assert.Equal(DisputeWorkflow.AtTownship, registered.State);
        await h.Resolve.HandleAsync(new ResolveDispute(registered.Id, "镇综治中心组织调解", h.Database.VersionOf(registered.Id)), t.OfficialActor, Ct);

        var noNote = await Assert.ThrowsAsync<RequestValidationException>(() => h.FollowUp.HandleAsync(new FollowUpDispute(registered.Id, false, null, h.Database.VersionOf(registered.Id)), t.VillageTeam, Ct));
        Assert.Equal(["note"], noNote.Errors.Keys);
        h.Clock.Advance(TimeSpan.FromDays(1));
        var reopened = await h.FollowUp.HandleAsync(new FollowUpDispute(registered.Id, false, "补偿款未到位", h.Database.VersionOf(registered.Id)), t.VillageTeam, Ct);

        Assert.Equal((DisputeWorkflow.AtTownship, Cst(11, 24, 10)), (reopened.Instance!.State, reopened.Instance.DueAt)); // a full 10 working days again
        var row = await h.RowAsync(registered.Id);
        Assert.Equal((1, false, (DisputeLevel?)null, DisputeLevel.Township), (row.Reopens, row.Satisfied, row.ResolvedLevel, row.Level));
        Assert.Null(row.ClosedAt);
        await h.Resolve.HandleAsync(new ResolveDispute(registered.Id, "补偿款已到位", h.Database.VersionOf(registered.Id)), t.OfficialActor, Ct);
        Assert.Equal(DisputeWorkflow.Closed, (await h.FollowUp.HandleAsync(new FollowUpDispute(registered.Id, true, null, h.Database.VersionOf(registered.Id)), t.VillageTeam, Ct)).Instance!.State);
        Assert.Equal(["start", "route-township", "resolve", "reopen-township", "resolve", "close"], await h.TriggersAsync(registered.Id));
    }

    [Fact]
    public async Task Across_National_Day_2026_the_limit_skips_1_to_7_October_and_counts_Saturday_10_October()
    {
        // cn-holidays.json: 国庆节 off 1–7 October 2026 (Thursday 8 October is a working day);
        // Saturday 10 October is a make-up working day (调休上班).
        var h = new SanlingHarness(database, start: Cst(9, 29, 10));
        var t = await TestTownship.CreateAsync(database);

        var registered = await h.RegisterAsync(t);

        // Tue 29 Sep 10:00 + 5 working days: 29 (14 h), 30, 8 Oct, 9 Oct, Sat 10 Oct, then 10 h of Mon 12 Oct.
        Assert.Equal(Cst(10, 12, 10), registered.DueAt);
        await h.AtAsync(Cst(10, 10, 9, 59));
        Assert.Empty(await h.OutboxAsync(registered.Id));
        await h.AtAsync(Cst(10, 10, 10)); // 4 working days: the yellow warning falls on the make-up Saturday
        Assert.Equal([("dispute.warning", t.OfficialEmail)], await h.OutboxAsync(registered.Id));
        await h.AtAsync(Cst(10, 12, 10));
        Assert.Equal(DisputeWorkflow.AtTownship, (await h.InstanceAsync(registered.Id)).State);
    }

    [Fact]
    public async Task A_petition_is_bound_by_the_earlier_of_its_level_limit_and_the_regulation_which_extends_once()
    {
        var h = new SanlingHarness(database, options: new DisputeOptions { PetitionConclusionDays = 20 });
        var t = await TestTownship.CreateAsync(database);
        var valid = Valid(t, DisputeSource.CityDirect, MatterCategory.LandUse, DisputeKind.Petition);
        var noId = valid with { Parties = [valid.Parties![0] with { IdNumber = null }] };
        Assert.Equal(["parties[0].idNumber"], (await Assert.ThrowsAsync<RequestValidationException>(() => h.Register.HandleAsync(noId, TestTownship.Admin, Ct))).Errors.Keys);

        var petition = await h.RegisterAsync(t, TestTownship.Admin, DisputeSource.CityDirect, MatterCategory.LandUse, DisputeKind.Petition);

        // Department level: 30 working days (21 Dec) against 20 calendar days (29 Nov): the law binds.
        Assert.Equal((DisputeWorkflow.AtDepartment, Cst(11, 29, 10)), (petition.State, petition.DueAt));
        Assert.Equal([("dispute.skip-level", t.OfficialEmail)], await h.OutboxAsync(petition.Id));
        var row = await h.RowAsync(petition.Id);
        Assert.Equal((true, DisputeLevel.Department, Cst(11, 29, 10)), (row.SkipLevel, row.ArrivedLevel, row.PetitionDueAt!.Value));
        await h.AtAsync(Cst(11, 25, 10)); // 80 % of 20 days
        Assert.Equal(["dispute.skip-level", "dispute.warning"], (await h.OutboxAsync(petition.Id)).Select(o => o.Template));

        var department = new Actor("dept", "部门", Roles.Department, Department.OrgUnitOf(row.DepartmentId!.Value));
        var first = await h.Extend.HandleAsync(new ExtendDispute(petition.Id, 5, "需实地勘测", null, h.Database.VersionOf(petition.Id)), department, Ct);
        Assert.Equal(Cst(12, 28, 10), first.Instance!.DueAt); // 35 working days (28 Dec) now binds; the law's bound moved to 29 Dec
        var second = await h.Extend.HandleAsync(new ExtendDispute(petition.Id, 2, "勘测延误", null, h.Database.VersionOf(petition.Id)), department, Ct);
        Assert.Equal(Cst(12, 29, 10), second.Instance!.DueAt); // 30 Dec by working days, but the law extends only once
        Assert.Equal(Cst(12, 29, 10), (await h.RowAsync(petition.Id)).PetitionDueAt);
    }

    [Fact]
    public async Task Skip_level_registrations_count_against_the_village_and_a_ladder_escalation_does_not()
    {
        var h = new SanlingHarness(database);
        var t = await TestTownship.CreateAsync(database);
        var other = await TestTownship.CreateAsync(database);

        await Assert.ThrowsAsync<UnauthorizedAccessException>(() => h.RegisterAsync(t, t.VillageTeam, DisputeSource.TownshipDirect));
        await Assert.ThrowsAsync<UnauthorizedAccessException>(() => h.RegisterAsync(t, other.OfficialActor));
        var skipped = await h.RegisterAsync(t, t.OfficialActor, DisputeSource.TownshipDirect);
        var laddered = await h.RegisterAsync(t);
        await h.Escalate.HandleAsync(new EscalateDispute(laddered.Id, "涉及跨村土地", h.Database.VersionOf(laddered.Id)), t.VillageTeam, Ct);

        Assert.Equal([("dispute.skip-level", t.OfficialEmail)], await h.OutboxAsync(skipped.Id));
        Assert.Equal([("dispute.escalated", t.OfficialEmail), ("dispute.progress", $"applicant-{t.Township.Code}@test.gov.cn")], await h.OutboxAsync(laddered.Id));
        await using var db = database.CreateContext();
        var (monthStart, monthEnd) = (Cst(11, 1, 0), Cst(12, 1, 0));
        var skipLevelThisMonth = await db.Set<Dispute>().CountAsync(d => d.PlaceId == t.Village.Id && d.SkipLevel && d.RegisteredAt >= monthStart && d.RegisteredAt < monthEnd);
        Assert.Equal(1, skipLevelThisMonth);
        Assert.Equal(2, await db.Set<Dispute>().CountAsync(d => d.PlaceId == t.Village.Id && d.Level == DisputeLevel.Township));
    }

    [Fact]
    public async Task Bad_registrations_name_their_fields_and_store_nothing()
    {
        var h = new SanlingHarness(database);
        var t = await TestTownship.CreateAsync(database);
        var valid = Valid(t);
        var bad = valid with
        {
            Category = null,
            Summary = "",
            Parties = [valid.Parties![0] with { Phone = "1381234" }, valid.Parties[1] with { IdNumber = "412722194003051230", Email = "不是邮箱" }],
        };

        var error = await Assert.ThrowsAsync<RequestValidationException>(() => h.Register.HandleAsync(bad, t.VillageTeam, Ct));
        var unknownPlace = await Assert.ThrowsAsync<RequestValidationException>(() => h.Register.HandleAsync(valid with { PlaceId = int.MaxValue }, TestTownship.Admin, Ct));

        Assert.Equal(["category", "parties[0].phone", "parties[1].email", "parties[1].idNumber", "summary"], error.Errors.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(["placeId"], unknownPlace.Errors.Keys);
        await using var db = database.CreateContext();
        Assert.False(await db.Set<Dispute>().AnyAsync(d => d.TownshipId == t.Township.Id));
        Assert.False(await db.Instances.AnyAsync(i => i.OrgUnit.StartsWith(t.Scope + "/")));
    }
}
