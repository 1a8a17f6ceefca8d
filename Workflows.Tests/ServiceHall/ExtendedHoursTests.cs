using Governance.Engine;
using Governance.Engine.Runtime;
using Governance.Workflows.ServiceHall.ExtendedHours;
using Governance.Workflows.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Governance.Workflows.Tests.ServiceHall;

public sealed class ExtendedHoursTests(TestDatabase database)
{
    private readonly RuntimeHarness _h = new(database);

    [Fact]
    public async Task Registering_must_end_by_closing_plus_grace_and_owes_the_lead_an_email()
    {
        var hall = await TestHall.CreateAsync(database);

        var instance = await _h.Register.HandleAsync(_h.Registration(hall), RuntimeHarness.Staff(hall), CancellationToken.None);

        var data = instance.GetData<ExtendedHoursData>();
        Assert.Equal(new DateTimeOffset(2026, 11, 20, 19, 0, 0, TimeSpan.FromHours(8)), data.MustEndBy);
        Assert.Equal(data.MustEndBy, instance.DueAt);
        await using var db = database.CreateContext();
        var email = await db.Outbox.SingleAsync(o => o.InstanceId == instance.Id);
        Assert.Equal(("extended-hours.registered", hall.LeadEmail), (email.Template, email.RecipientEmail));
        Assert.Contains("138****5678", email.Model, StringComparison.Ordinal);
        Assert.DoesNotContain("13812345678", email.Model, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("matter", "")]
    [InlineData("applicantPhone", "12345")]
    [InlineData("reason", "   ")]
    [InlineData("windowId", "unknown")]
    [InlineData("expectedFinish", "tomorrow")]
    [InlineData("expectedFinish", "past")]
    public async Task Bad_input_names_the_field_and_stores_nothing(string field, string value)
    {
        var hall = await TestHall.CreateAsync(database);
        var good = _h.Registration(hall);
        var bad = (field, value) switch
        {
            ("matter", _) => good with { Matter = value },
            ("applicantPhone", _) => good with { ApplicantPhone = value },
            ("reason", _) => good with { Reason = value },
            ("windowId", _) => good with { WindowId = int.MaxValue },
            (_, "tomorrow") => good with { ExpectedFinish = good.ExpectedFinish.AddDays(1) },
            _ => good with { ExpectedFinish = _h.Clock.GetUtcNow().AddMinutes(-1) },
        };

        var error = await Assert.ThrowsAsync<RequestValidationException>(() => _h.Register.HandleAsync(bad, RuntimeHarness.Staff(hall), CancellationToken.None));

        Assert.Contains(field, error.Errors.Keys);
        await using var db = database.CreateContext();
        Assert.False(await db.Instances.AnyAsync(i => i.OrgUnit.StartsWith($"hall/{hall.Hall.Id}/")));
    }

    [Fact]
    public async Task On_a_holiday_the_hall_is_closed_and_nothing_can_be_registered()
    {
        var holiday = new RuntimeHarness(database, new DateTimeOffset(2026, 10, 2, 10, 0, 0, TimeSpan.FromHours(8)));
        var hall = await TestHall.CreateAsync(database);

        var error = await Assert.ThrowsAsync<RequestValidationException>(() => holiday.Register.HandleAsync(holiday.Registration(hall), RuntimeHarness.Staff(hall), CancellationToken.None));

        Assert.Equal(["本厅今日不办公，无法登记延时服务"], error.Errors["windowId"]);
    }

    [Fact]
    public async Task Staff_of_one_window_cannot_register_for_another()
    {
        var hall = await TestHall.CreateAsync(database);

        await Assert.ThrowsAsync<UnauthorizedAccessException>(() =>
            _h.Register.HandleAsync(_h.Registration(hall), RuntimeHarness.Staff(hall, window: 1), CancellationToken.None));
    }

    [Fact]
    public async Task Bug_staff_saw_none_of_the_extended_hours_they_registered_now_their_window_lists_its_own()
    {
        var hall = await TestHall.CreateAsync(database);
        var staff = RuntimeHarness.Staff(hall);
        var instance = await _h.Register.HandleAsync(_h.Registration(hall), staff, CancellationToken.None);
        var queries = new ExtendedHoursQueries(database.Factory, _h.Registry);
        var date = new DateOnly(2026, 11, 20);

        var own = await queries.ListDayAsync(date, staff, CancellationToken.None);
        var neighbour = await queries.ListDayAsync(date, RuntimeHarness.Staff(hall, window: 1), CancellationToken.None);
        var lead = await queries.ListDayAsync(date, RuntimeHarness.Lead(hall), CancellationToken.None);

        Assert.Equal((1, 1), (own.Total, own.Open));
        Assert.Equal(instance.Id, Assert.Single(own.Items).Id);
        Assert.Equal(0, neighbour.Total);
        Assert.Equal(instance.Id, Assert.Single(lead.Items).Id);
        var served = await _h.Close.HandleAsync(new CloseExtendedHours(instance.Id, true, "已办结", own.Items[0].Version), staff, CancellationToken.None);
        Assert.True(served.Applied);
    }

    [Fact]
    public async Task Withdrawing_needs_a_reason_and_served_work_leaves_the_queue()
    {
        var hall = await TestHall.CreateAsync(database);
        var staff = RuntimeHarness.Staff(hall);
        var instance = await _h.Register.HandleAsync(_h.Registration(hall), staff, CancellationToken.None);

        await Assert.ThrowsAsync<RequestValidationException>(() => _h.Close.HandleAsync(new CloseExtendedHours(instance.Id, false, null, _h.Database.VersionOf(instance.Id)), staff, CancellationToken.None));
        var served = await _h.Close.HandleAsync(new CloseExtendedHours(instance.Id, true, "20 份合同已备案", _h.Database.VersionOf(instance.Id)), staff, CancellationToken.None);

        Assert.Equal(ExtendedHoursWorkflow.Served, served.Instance!.State);
        Assert.Equal("20 份合同已备案", served.Instance.GetData<ExtendedHoursData>().Outcome);
        Assert.Null(await _h.Queue.ClaimNextAsync([hall.Windows[0].OrgUnit], staff.Id, CancellationToken.None));
        var queries = new ExtendedHoursQueries(database.Factory, _h.Registry);
        var view = await queries.GetAsync(instance.Id, RuntimeHarness.Lead(hall), CancellationToken.None);
        Assert.Equal(["start", "serve"], view!.Ledger.Select(l => l.Trigger));
        Assert.Equal("138****5678", view.ApplicantPhone);
        Assert.Null(await queries.GetAsync(instance.Id, new Actor("x", "别厅", Roles.HallLead, "hall/0"), CancellationToken.None));
        var day = await queries.ListDayAsync(new DateOnly(2026, 11, 20), RuntimeHarness.Lead(hall), CancellationToken.None);
        Assert.Equal((1, 1, 0, 0), (day.Total, day.Served, day.Overdue, day.Open));
    }
}
