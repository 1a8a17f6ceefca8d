using Governance.Engine;
using Governance.Workflows.Lists;
using Governance.Workflows.SafetyCampaign.Disputes;
using Governance.Workflows.Tests.Infrastructure;
using static Governance.Workflows.Tests.SafetyCampaign.SanlingHarness;

namespace Governance.Workflows.Tests.SafetyCampaign;

/// <summary>A database of its own: these tests move the clock and pump every timer in it.</summary>
public sealed class DisputeListsDatabase() : TestDatabase("sanling_lists");

/// <summary>The workbench's paged list as each role reads it: the clock filter follows the step a matter is in now, and no filter reaches past the reader's scope.</summary>
public sealed class DisputeListTests(DisputeListsDatabase database) : IClassFixture<DisputeListsDatabase>
{
    private static readonly CancellationToken Ct = CancellationToken.None;

    private static ListQuery Clock(ListClock clock) => new() { Clock = clock.ToString() };

    [Fact]
    public async Task The_clock_filter_reads_临期_and_超期_of_the_current_step_and_escalation_starts_the_clock_again()
    {
        var h = new SanlingHarness(database);
        var t = await TestTownship.CreateAsync(database);
        var early = await h.RegisterAsync(t);
        await h.AtAsync(Cst(11, 12, 10));
        var later = await h.RegisterAsync(t);

        // Four working days on, at 80 % of the village's limit, the first is warned (临期), the second not.
        await h.AtAsync(Cst(11, 13, 10, 1));
        async Task<IEnumerable<Guid>> Ids(ListQuery q) => (await h.Queries.PageAsync(t.OfficialActor, q, Ct)).Items.Select(d => d.Id);
        Assert.Equal([early.Id], await Ids(Clock(ListClock.Warned)));
        Assert.Equal([later.Id], await Ids(Clock(ListClock.Normal)));
        Assert.Empty(await Ids(Clock(ListClock.Overdue)));

        // Past the limit it went up to the township: a new step, its own clock, not warned yet.
        await h.AtAsync(Cst(11, 16, 10, 1));
        Assert.Equal([later.Id, early.Id], await Ids(Clock(ListClock.Normal)));
        Assert.Equal([early.Id], await Ids(new ListQuery { Level = nameof(DisputeLevel.Township) }));
        var tabs = (await h.Queries.PageAsync(t.OfficialActor, new ListQuery(), Ct)).Tabs.ToDictionary(tab => tab.Status ?? "all", tab => tab.Count);
        Assert.Equal((2, 1, 1), (tabs["all"], tabs[DisputeWorkflow.AtVillage], tabs[DisputeWorkflow.AtTownship]));
    }

    [Fact]
    public async Task No_filter_reaches_past_the_readers_scope_and_a_bad_filter_is_refused_by_field()
    {
        var h = new SanlingHarness(database);
        var t = await TestTownship.CreateAsync(database);
        var other = await TestTownship.CreateAsync(database);
        var ours = await h.RegisterAsync(t);
        var theirs = await h.RegisterAsync(other);
        var otherVillage = t.Township.Places[1].Id;
        var (ourReference, theirReference) = ((await h.RowAsync(ours.Id)).Reference, (await h.RowAsync(theirs.Id)).Reference);

        ListQuery[] probes =
        [
            new() { Q = theirReference },
            new(), new() { Township = other.Township.Id }, new() { Place = other.Village.Id }, new() { Q = other.Township.Name },
            new() { Q = theirs.Id.ToString()[..8] }, new() { Status = DisputeWorkflow.AtVillage, Level = nameof(DisputeLevel.Village) }, new() { PageNo = 2 },
        ];
        foreach (var probe in probes)
        {
            Assert.DoesNotContain(theirs.Id, (await h.Queries.PageAsync(t.OfficialActor, probe, Ct)).Items.Select(d => d.Id));
            Assert.DoesNotContain(theirs.Id, (await h.Queries.PageAsync(t.VillageTeam, probe, Ct)).Items.Select(d => d.Id));
            Assert.Empty((await h.Queries.PageAsync(t.DepartmentActor, probe, Ct)).Items);
        }

        Assert.Equal([ours.Id], (await h.Queries.PageAsync(TestTownship.Admin, new ListQuery { Township = t.Township.Id }, Ct)).Items.Select(d => d.Id));
        Assert.Empty((await h.Queries.PageAsync(t.VillageTeam, new ListQuery { Place = otherVillage }, Ct)).Items);
        Assert.Equal([ours.Id], (await h.Queries.PageAsync(t.OfficialActor, new ListQuery { Q = "王大爷" }, Ct)).Items.Select(d => d.Id));
        Assert.Equal([ours.Id], (await h.Queries.PageAsync(t.OfficialActor, new ListQuery { Q = Phone }, Ct)).Items.Select(d => d.Id));
        Assert.Empty((await h.Queries.PageAsync(t.OfficialActor, new ListQuery { Q = Phone[..7] }, Ct)).Items);
        Assert.Equal([(ours.Id, ourReference)], (await h.Queries.PageAsync(t.OfficialActor, new ListQuery { Q = ourReference }, Ct)).Items.Select(d => (d.Id, d.Reference)));

        var refused = await Assert.ThrowsAsync<RequestValidationException>(() => h.Queries.PageAsync(t.OfficialActor, new ListQuery { Status = "Gone", Level = "Moon", Clock = "Soon", PageNo = 0 }, Ct));
        Assert.Equal(["clock", "level", "pageNo", "status"], refused.Errors.Keys.Order(StringComparer.Ordinal));
    }
}
