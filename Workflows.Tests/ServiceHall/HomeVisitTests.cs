using System.Text.Json;
using Governance.Engine;
using Governance.Notifications;
using Governance.Notifications.Templates;
using Governance.Engine.Calendar;
using Governance.Engine.Runtime;
using Governance.Workflows.ServiceHall.ExtendedHours;
using Governance.Workflows.ServiceHall.HomeVisits;
using Governance.Workflows.Storage;
using Governance.Workflows.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Governance.Workflows.Tests.ServiceHall;

/// <summary>A database of its own for the home-visit tests that move the clock and pump timers.</summary>
public sealed class HomeVisitDatabase() : TestDatabase("homevisits");

/// <summary>The runtime with the home-visit use cases wired by hand over a test database, with a frozen clock.</summary>
public sealed class HomeVisitHarness
{
    public const string Phone = "13812345678";
    public const string IdNumber = "412722194003051237";

    /// <param name="configuration">Where the runtime reads the configured limits from; none: their defaults.</param>
    public HomeVisitHarness(TestDatabase database, DateTimeOffset? start = null, HomeVisitOptions? options = null, IConfiguration? configuration = null)
    {
        ArgumentNullException.ThrowIfNull(database);
        Database = database;
        Clock = new FakeTimeProvider((start ?? RuntimeHarness.FridayMorning).ToUniversalTime());
        Registry = new WorkflowRegistry([ExtendedHoursWorkflow.Definition, HomeVisitWorkflow.Definition], Roles.Catalogue);
        Runtime = new WorkflowRuntime(new EngineContexts(database.Factory), Registry, new WorkingCalendar(HolidayData.LoadEmbedded()), Clock, configuration);
        Pump = new TimerPump(new EngineContexts(database.Factory), Runtime, NullLogger<TimerPump>.Instance);
        Queue = new WorkQueue(new EngineContexts(database.Factory), Clock);
        Request = new RequestHomeVisitHandler(Runtime);
        Review = new ReviewHomeVisitHandler(Runtime);
        Schedule = new ScheduleHomeVisitHandler(Runtime, Options.Create(options ?? new HomeVisitOptions()));
        Record = new RecordHomeVisitHandler(Runtime);
        Close = new CloseHomeVisitHandler(Runtime);
        Cancel = new CancelHomeVisitHandler(Runtime);
        Queries = new HomeVisitQueries(database.Factory, Registry, Clock);
    }

    public TestDatabase Database { get; }

    public FakeTimeProvider Clock { get; }

    public WorkflowRegistry Registry { get; }

    public WorkflowRuntime Runtime { get; }

    public TimerPump Pump { get; }

    public WorkQueue Queue { get; }

    public RequestHomeVisitHandler Request { get; }

    public ReviewHomeVisitHandler Review { get; }

    public ScheduleHomeVisitHandler Schedule { get; }

    public RecordHomeVisitHandler Record { get; }

    public CloseHomeVisitHandler Close { get; }

    public CancelHomeVisitHandler Cancel { get; }

    public HomeVisitQueries Queries { get; }

    public static Actor Citizen(string name = "王大爷") => new($"citizen-{Guid.NewGuid():N}", name, Roles.Citizen);

    public static Actor Staff(TestHall hall, int window = 0) => RuntimeHarness.Staff(hall, window);

    public static Actor Lead(TestHall hall) => RuntimeHarness.Lead(hall);

    /// <summary>An instant on China's wall clock in November 2026.</summary>
    public static DateTimeOffset Cst(int day, int hour, int minute = 0, int second = 0) => new(2026, 11, day, hour, minute, second, TimeSpan.FromHours(8));

    /// <summary>A valid request for an elderly person, at the hall's first window, with a contact email.</summary>
    public static RequestHomeVisit Valid(TestHall hall, int? window = 0, HomeVisitReason reason = HomeVisitReason.Elderly) => new(
        hall.Hall.Id, window is { } w ? hall.Windows[w].Id : null, "不动产登记", reason, "王大爷", Phone, IdNumber,
        "项城市莲花街道 8 号院 3 单元 501", $"applicant-{hall.Hall.Code}@test.gov.cn", "行动不便，卧床");

    public Task<WorkflowInstance> RequestAsync(TestHall hall, Actor? by = null) => Request.HandleAsync(Valid(hall), by ?? Citizen(), CancellationToken.None);

    public Task<TransitionResult> ApproveAsync(Guid id, TestHall hall) => Review.HandleAsync(new ReviewHomeVisit(id, true, "同意上门", Database.VersionOf(id)), Lead(hall), CancellationToken.None);

    public Task<TransitionResult> ScheduleAsync(Guid id, TestHall hall, DateTimeOffset visitAt) =>
        Schedule.HandleAsync(new ScheduleHomeVisit(id, visitAt, "张三、李四", "携带移动办公设备", Database.VersionOf(id)), Staff(hall), CancellationToken.None);

    public Task<TransitionResult> RecordAsync(Guid id, TestHall hall) =>
        Record.HandleAsync(new RecordHomeVisit(id, "现场核验身份、采集签名，受理不动产登记", HomeVisitOutcome.Completed, 1, null, Database.VersionOf(id)), Staff(hall), CancellationToken.None);

    /// <summary>Runs the pump until nothing due is left.</summary>
    public async Task PumpAllAsync()
    {
        while (await Pump.FireDueAsync(500, CancellationToken.None) > 0)
        {
        }
    }

    /// <summary>The templates and the <c>details.step</c> of the emails an instance owes, oldest first.</summary>
    public async Task<List<(string Template, string To, string? Step)>> OutboxAsync(Guid id)
    {
        await using var db = Database.CreateContext();
        var rows = await db.Outbox.AsNoTracking().Where(o => o.InstanceId == id).OrderBy(o => o.CreatedAt).ThenBy(o => o.Id).ToListAsync();
        return [.. rows.Select(o => (o.Template, o.RecipientEmail, Details(o.Model).TryGetProperty("step", out var s) ? s.GetString() : null))];
    }

    public static JsonElement Details(string model) => JsonDocument.Parse(model).RootElement.GetProperty("details");

    public static EmailTemplates AllTemplates() => new(typeof(EmailTemplate).Assembly.GetTypes()
        .Where(t => t.IsSubclassOf(typeof(EmailTemplate)) && !t.IsAbstract)
        .Select(t => (EmailTemplate)Activator.CreateInstance(t)!));
}

/// <summary>上门服务: the use cases on real PostgreSQL, without moving the clock past any limit.</summary>
public sealed class HomeVisitTests(TestDatabase database)
{
    private readonly HomeVisitHarness _h = new(database);

    [Fact]
    public async Task The_happy_path_goes_through_every_state_with_ledger_work_items_and_emails()
    {
        var hall = await TestHall.CreateAsync(database);
        var citizen = HomeVisitHarness.Citizen();
        var window = hall.Windows[0].OrgUnit;

        var requested = await _h.RequestAsync(hall, citizen);
        Assert.Equal((HomeVisitWorkflow.Requested, window), (requested.State, requested.OrgUnit));
        Assert.Equal(HomeVisitHarness.Cst(23, 10), requested.DueAt); // Friday 10:00 + 1 working day, over the weekend
        Assert.Equal("上门服务（高龄老人）：不动产登记", requested.Title);

        _h.Clock.Advance(TimeSpan.FromMinutes(30));
        var approved = await _h.ApproveAsync(requested.Id, hall);
        Assert.Equal(HomeVisitWorkflow.Approved, approved.Instance!.State);
        Assert.Equal(HomeVisitHarness.Cst(25, 10, 30), approved.Instance.DueAt); // + 3 working days

        _h.Clock.Advance(TimeSpan.FromMinutes(30));
        var saturday = HomeVisitHarness.Cst(21, 9, 30); // weekends are allowed: a visit goes where it is needed
        var scheduled = await _h.ScheduleAsync(requested.Id, hall, saturday);
        Assert.Equal(HomeVisitWorkflow.Scheduled, scheduled.Instance!.State);
        Assert.Equal(HomeVisitHarness.Cst(22, 0), scheduled.Instance.DueAt); // the end of the visit day

        _h.Clock.SetUtcNow(HomeVisitHarness.Cst(21, 11).ToUniversalTime());
        var visited = await _h.RecordAsync(requested.Id, hall);
        Assert.Equal((HomeVisitWorkflow.Visited, (DateTimeOffset?)null), (visited.Instance!.State, visited.Instance.DueAt));

        _h.Clock.SetUtcNow(HomeVisitHarness.Cst(23, 9).ToUniversalTime());
        var closed = await _h.Close.HandleAsync(new CloseHomeVisit(requested.Id, "已办结，群众满意", 3), HomeVisitHarness.Lead(hall), CancellationToken.None);
        Assert.True(closed.Applied, closed.Message);
        Assert.Equal((HomeVisitWorkflow.Closed, 4), (closed.Instance!.State, closed.Instance.Version));
        Assert.NotNull(closed.Instance.ClosedAt);

        var data = closed.Instance.GetData<HomeVisitData>();
        Assert.Equal(new HomeVisitSchedule(saturday, "张三、李四", "携带移动办公设备"), data.Schedule);
        Assert.Equal((HomeVisitOutcome.Completed, 1), (data.Visit!.Outcome, data.Visit.Trips));
        Assert.Equal(("同意上门", "已办结，群众满意", citizen.Id), (data.ReviewNote, data.CloseNote, data.RequestedBy));

        var view = await _h.Queries.GetAsync(requested.Id, HomeVisitHarness.Lead(hall), CancellationToken.None);
        Assert.Equal(["start", "approve", "schedule", "record", "close"], view!.Ledger.Select(l => l.Trigger));
        Assert.Equal(
            [HomeVisitWorkflow.Requested, HomeVisitWorkflow.Approved, HomeVisitWorkflow.Scheduled, HomeVisitWorkflow.Visited, HomeVisitWorkflow.Closed],
            view.Ledger.Select(l => l.ToState));
        Assert.Equal([Roles.Citizen, Roles.HallLead, Roles.WindowStaff, Roles.WindowStaff, Roles.HallLead], view.Ledger.Select(l => l.ActorRole));
        Assert.Equal("上门时间 2026-11-21 09:30，上门人员 张三、李四", view.Ledger[2].Reason);
        Assert.Equal("当场办结，上门 1 次", view.Ledger[3].Reason);
        Assert.Empty(view.Actions);

        await using var db = database.CreateContext();
        var work = await db.WorkItems.AsNoTracking().Where(w => w.InstanceId == requested.Id).OrderBy(w => w.CreatedAt).ToListAsync();
        Assert.Equal(
            [(HomeVisitWorkflow.Requested, $"hall/{hall.Hall.Id}"), (HomeVisitWorkflow.Approved, window), (HomeVisitWorkflow.Scheduled, window), (HomeVisitWorkflow.Visited, $"hall/{hall.Hall.Id}")],
            work.Select(w => (w.State, w.Queue)));
        Assert.All(work, w => Assert.NotNull(w.ClosedAt));
        Assert.Equal(HomeVisitHarness.Cst(23, 10), work[0].DueAt);

        var applicant = HomeVisitHarness.Valid(hall).ContactEmail;
        Assert.Equal(
            [("home-visit.requested", hall.LeadEmail, "审核"), ("home-visit.approved", applicant, null), ("home-visit.scheduled", applicant, null)],
            await _h.OutboxAsync(requested.Id));
    }

    [Fact]
    public async Task Each_step_is_in_the_queue_of_whoever_does_it()
    {
        var hall = await TestHall.CreateAsync(database);
        var instance = await _h.RequestAsync(hall);

        // The lead reviews from the hall's queue; the window's staff cannot see that queue, only their own.
        Assert.False(HomeVisitHarness.Staff(hall).CanSee($"hall/{hall.Hall.Id}"));
        var review = await _h.Queue.ClaimNextAsync([$"hall/{hall.Hall.Id}"], "lead", CancellationToken.None);
        Assert.Equal((instance.Id, HomeVisitWorkflow.Requested, 60), (review!.InstanceId, review.State, review.Priority));

        await _h.ApproveAsync(instance.Id, hall);
        var schedule = await _h.Queue.ClaimNextAsync([hall.Windows[0].OrgUnit], "staff", CancellationToken.None);
        Assert.Equal((instance.Id, HomeVisitWorkflow.Approved), (schedule!.InstanceId, schedule.State));
        Assert.Equal(HomeVisitHarness.Cst(25, 10), schedule.DueAt);
    }

    [Fact]
    public async Task Rejecting_needs_a_reason_and_tells_the_applicant_why()
    {
        var hall = await TestHall.CreateAsync(database);
        var instance = await _h.RequestAsync(hall);
        var lead = HomeVisitHarness.Lead(hall);

        var error = await Assert.ThrowsAsync<RequestValidationException>(() => _h.Review.HandleAsync(new ReviewHomeVisit(instance.Id, false, "  ", _h.Database.VersionOf(instance.Id)), lead, CancellationToken.None));
        Assert.Equal(["必填"], error.Errors["note"]);
        var rejected = await _h.Review.HandleAsync(new ReviewHomeVisit(instance.Id, false, "该事项可网上办理，已电话指导", 0), lead, CancellationToken.None);

        Assert.Equal((HomeVisitWorkflow.Rejected, 1), (rejected.Instance!.State, rejected.Instance.Version));
        Assert.NotNull(rejected.Instance.ClosedAt);
        await using var db = database.CreateContext();
        Assert.False(await db.WorkItems.AnyAsync(w => w.InstanceId == instance.Id && w.ClosedAt == null));
        Assert.All(await db.Timers.Where(t => t.InstanceId == instance.Id).ToListAsync(), t => Assert.NotNull(t.CancelledAt));
        var email = await db.Outbox.SingleAsync(o => o.InstanceId == instance.Id && o.Template == "home-visit.rejected");
        Assert.Equal(HomeVisitHarness.Valid(hall).ContactEmail, email.RecipientEmail);
        var rendered = HomeVisitHarness.AllTemplates().Get(email.Template).Render(TemplateModel.Parse(email.Model), email.RecipientName);
        Assert.Contains("原因：该事项可网上办理，已电话指导", rendered.Text, StringComparison.Ordinal);

        var again = await _h.Review.HandleAsync(new ReviewHomeVisit(instance.Id, true, null, _h.Database.VersionOf(instance.Id)), lead, CancellationToken.None);
        Assert.Equal(TransitionOutcome.NotPermitted, again.Outcome);
    }

    [Fact]
    public async Task The_applicant_may_withdraw_their_own_request_with_a_reason_and_the_lead_is_told()
    {
        var hall = await TestHall.CreateAsync(database);
        var citizen = HomeVisitHarness.Citizen();
        var instance = await _h.RequestAsync(hall, citizen);

        var noReason = await Assert.ThrowsAsync<RequestValidationException>(() => _h.Cancel.HandleAsync(new CancelHomeVisit(instance.Id, null, _h.Database.VersionOf(instance.Id)), citizen, CancellationToken.None));
        Assert.Contains("reason", noReason.Errors.Keys);
        var stranger = await _h.Cancel.HandleAsync(new CancelHomeVisit(instance.Id, "不需要了", _h.Database.VersionOf(instance.Id)), HomeVisitHarness.Citizen("路人"), CancellationToken.None);
        Assert.Equal(TransitionOutcome.NotFound, stranger.Outcome);

        var withdrawn = await _h.Cancel.HandleAsync(new CancelHomeVisit(instance.Id, "家属已代为到厅办理", 0), citizen, CancellationToken.None);

        Assert.Equal(HomeVisitWorkflow.Cancelled, withdrawn.Instance!.State);
        Assert.Equal("家属已代为到厅办理", withdrawn.Instance.GetData<HomeVisitData>().CancelReason);
        Assert.Equal([(hall.LeadEmail, (string?)null)], (await _h.OutboxAsync(instance.Id)).Where(o => o.Template == "home-visit.cancelled").Select(o => (o.To, o.Step)));
        Assert.Equal(TransitionOutcome.NotPermitted, (await _h.Cancel.HandleAsync(new CancelHomeVisit(instance.Id, "再撤一次", _h.Database.VersionOf(instance.Id)), citizen, CancellationToken.None)).Outcome);
    }

    [Fact]
    public async Task Staff_may_cancel_a_scheduled_visit_and_the_applicant_is_told()
    {
        var hall = await TestHall.CreateAsync(database);
        var instance = await _h.RequestAsync(hall, HomeVisitHarness.Staff(hall));
        await _h.ApproveAsync(instance.Id, hall);
        await _h.ScheduleAsync(instance.Id, hall, HomeVisitHarness.Cst(24, 15));

        var cancelled = await _h.Cancel.HandleAsync(new CancelHomeVisit(instance.Id, "申请人已住院，改日另约", _h.Database.VersionOf(instance.Id)), HomeVisitHarness.Staff(hall), CancellationToken.None);

        Assert.Equal(HomeVisitWorkflow.Cancelled, cancelled.Instance!.State);
        Assert.Equal([HomeVisitHarness.Valid(hall).ContactEmail], (await _h.OutboxAsync(instance.Id)).Where(o => o.Template == "home-visit.cancelled").Select(o => o.To));
        await using var db = database.CreateContext();
        Assert.False(await db.WorkItems.AnyAsync(w => w.InstanceId == instance.Id && w.ClosedAt == null));
    }

    [Fact]
    public async Task Each_role_may_do_only_its_own_steps()
    {
        var hall = await TestHall.CreateAsync(database);
        var other = await TestHall.CreateAsync(database);
        var citizen = HomeVisitHarness.Citizen();
        var instance = await _h.RequestAsync(hall, citizen);
        var ct = CancellationToken.None;

        Assert.Equal(TransitionOutcome.Forbidden, (await _h.Review.HandleAsync(new ReviewHomeVisit(instance.Id, true, null, _h.Database.VersionOf(instance.Id)), citizen, ct)).Outcome);
        Assert.Equal(TransitionOutcome.Forbidden, (await _h.Review.HandleAsync(new ReviewHomeVisit(instance.Id, true, null, _h.Database.VersionOf(instance.Id)), HomeVisitHarness.Staff(hall), ct)).Outcome);
        Assert.Equal(TransitionOutcome.NotFound, (await _h.Review.HandleAsync(new ReviewHomeVisit(instance.Id, true, null, _h.Database.VersionOf(instance.Id)), HomeVisitHarness.Lead(other), ct)).Outcome);
        Assert.Equal(TransitionOutcome.NotFound, (await _h.Review.HandleAsync(new ReviewHomeVisit(instance.Id, true, null, _h.Database.VersionOf(instance.Id)), HomeVisitHarness.Staff(hall, window: 1), ct)).Outcome);

        await _h.ApproveAsync(instance.Id, hall);
        var visitAt = HomeVisitHarness.Cst(24, 15);
        Assert.Equal(TransitionOutcome.Forbidden, (await _h.Schedule.HandleAsync(new ScheduleHomeVisit(instance.Id, visitAt, "张三", null, _h.Database.VersionOf(instance.Id)), citizen, ct)).Outcome);
        await _h.ScheduleAsync(instance.Id, hall, visitAt);
        _h.Clock.SetUtcNow(visitAt.AddHours(1));
        await _h.RecordAsync(instance.Id, hall);
        Assert.Equal(TransitionOutcome.Forbidden, (await _h.Close.HandleAsync(new CloseHomeVisit(instance.Id, null, _h.Database.VersionOf(instance.Id)), HomeVisitHarness.Staff(hall), ct)).Outcome);
        Assert.Equal(TransitionOutcome.NotPermitted, (await _h.Cancel.HandleAsync(new CancelHomeVisit(instance.Id, "晚了", _h.Database.VersionOf(instance.Id)), citizen, ct)).Outcome);

        // Asking for a visit: citizens and the hall's staff, within their unit; nobody else.
        var township = new Actor("t1", "镇领导", Roles.TownshipOfficial, "township/1");
        await Assert.ThrowsAsync<UnauthorizedAccessException>(() => _h.Request.HandleAsync(HomeVisitHarness.Valid(hall), township, ct));
        await Assert.ThrowsAsync<UnauthorizedAccessException>(() => _h.Request.HandleAsync(HomeVisitHarness.Valid(hall), HomeVisitHarness.Staff(hall, window: 1), ct));
        await Assert.ThrowsAsync<UnauthorizedAccessException>(() => _h.Request.HandleAsync(HomeVisitHarness.Valid(hall, window: null), HomeVisitHarness.Staff(hall), ct));
        await Assert.ThrowsAsync<UnauthorizedAccessException>(() => _h.Request.HandleAsync(HomeVisitHarness.Valid(hall), HomeVisitHarness.Lead(other), ct));
        var byLead = await _h.Request.HandleAsync(HomeVisitHarness.Valid(hall, window: null), HomeVisitHarness.Lead(hall), ct);
        Assert.Equal($"hall/{hall.Hall.Id}", byLead.OrgUnit);
    }

    [Theory]
    [InlineData("hallId")]
    [InlineData("hallId:unknown")]
    [InlineData("windowId")]
    [InlineData("matter")]
    [InlineData("reasonKind")]
    [InlineData("applicantName")]
    [InlineData("applicantPhone")]
    [InlineData("idNumber")]
    [InlineData("idNumber:missing")]
    [InlineData("address")]
    [InlineData("contactEmail")]
    [InlineData("note")]
    public async Task Bad_input_names_the_field_and_stores_nothing(string field)
    {
        var hall = await TestHall.CreateAsync(database);
        var other = await TestHall.CreateAsync(database);
        var good = HomeVisitHarness.Valid(hall);
        var bad = field switch
        {
            "hallId" => good with { HallId = 0 },
            "hallId:unknown" => good with { HallId = int.MaxValue },
            "windowId" => good with { WindowId = other.Windows[0].Id },
            "matter" => good with { Matter = " " },
            "reasonKind" => good with { ReasonKind = (HomeVisitReason)42 },
            "applicantName" => good with { ApplicantName = new string('王', 101) },
            "applicantPhone" => good with { ApplicantPhone = "1381234567" },
            "idNumber" => good with { IdNumber = "412722194003051238" },
            "idNumber:missing" => good with { IdNumber = "" },
            "address" => good with { Address = "" },
            "contactEmail" => good with { ContactEmail = "王大爷 <wang@test.gov.cn>" },
            _ => good with { Note = new string('x', 501) },
        };

        var error = await Assert.ThrowsAsync<RequestValidationException>(() => _h.Request.HandleAsync(bad, HomeVisitHarness.Citizen(), CancellationToken.None));

        Assert.Equal([field.Split(':')[0]], error.Errors.Keys);
        await using var db = database.CreateContext();
        Assert.False(await db.Instances.AnyAsync(i => i.OrgUnit == $"hall/{hall.Hall.Id}" || i.OrgUnit.StartsWith($"hall/{hall.Hall.Id}/")));
    }

    [Fact]
    public async Task An_enterprise_needs_no_id_number_and_blank_optional_fields_are_absent()
    {
        var hall = await TestHall.CreateAsync(database);
        var request = HomeVisitHarness.Valid(hall, reason: HomeVisitReason.KeyEnterprise) with { ApplicantName = "周口某重点企业有限公司", IdNumber = " ", ContactEmail = "", Note = null };

        var instance = await _h.Request.HandleAsync(request, HomeVisitHarness.Staff(hall), CancellationToken.None);

        var data = instance.GetData<HomeVisitData>();
        Assert.Equal(((string?)null, (string?)null, Roles.WindowStaff), (data.IdNumber, data.ContactEmail, data.RequestedByRole));
        await _h.ApproveAsync(instance.Id, hall);
        Assert.Equal([("home-visit.requested", hall.LeadEmail, "审核")], await _h.OutboxAsync(instance.Id)); // no email address: the applicant hears by phone
    }

    [Fact]
    public async Task Bad_input_to_a_step_names_the_field_and_leaves_the_visit_as_it_was()
    {
        var hall = await TestHall.CreateAsync(database);
        var instance = await _h.RequestAsync(hall);
        await _h.ApproveAsync(instance.Id, hall);
        var staff = HomeVisitHarness.Staff(hall);
        var now = _h.Clock.GetUtcNow();

        async Task ExpectAsync(string field, Func<Task> act) => Assert.Contains(field, (await Assert.ThrowsAsync<RequestValidationException>(act)).Errors.Keys);

        await ExpectAsync("visitAt", () => _h.Schedule.HandleAsync(new ScheduleHomeVisit(instance.Id, now.AddMinutes(-1), "张三", null, _h.Database.VersionOf(instance.Id)), staff, CancellationToken.None));
        await ExpectAsync("visitAt", () => _h.Schedule.HandleAsync(new ScheduleHomeVisit(instance.Id, now.AddDays(31), "张三", null, _h.Database.VersionOf(instance.Id)), staff, CancellationToken.None));
        await ExpectAsync("visitAt", () => _h.Schedule.HandleAsync(new ScheduleHomeVisit(instance.Id, null, "张三", null, _h.Database.VersionOf(instance.Id)), staff, CancellationToken.None));
        await ExpectAsync("staff", () => _h.Schedule.HandleAsync(new ScheduleHomeVisit(instance.Id, now.AddDays(1), "", null, _h.Database.VersionOf(instance.Id)), staff, CancellationToken.None));
        await _h.ScheduleAsync(instance.Id, hall, now.AddDays(1));
        await ExpectAsync("whatWasDone", () => _h.Record.HandleAsync(new RecordHomeVisit(instance.Id, "", HomeVisitOutcome.Completed, 1, null, _h.Database.VersionOf(instance.Id)), staff, CancellationToken.None));
        await ExpectAsync("outcome", () => _h.Record.HandleAsync(new RecordHomeVisit(instance.Id, "已办", null, 1, null, _h.Database.VersionOf(instance.Id)), staff, CancellationToken.None));
        await ExpectAsync("trips", () => _h.Record.HandleAsync(new RecordHomeVisit(instance.Id, "已办", HomeVisitOutcome.Completed, 0, null, _h.Database.VersionOf(instance.Id)), staff, CancellationToken.None));
        await ExpectAsync("visitedAt", () => _h.Record.HandleAsync(new RecordHomeVisit(instance.Id, "已办", HomeVisitOutcome.Completed, 1, now.AddHours(1), _h.Database.VersionOf(instance.Id)), staff, CancellationToken.None));
        await ExpectAsync("note", () => _h.Close.HandleAsync(new CloseHomeVisit(instance.Id, new string('x', 501), _h.Database.VersionOf(instance.Id)), HomeVisitHarness.Lead(hall), CancellationToken.None));

        var view = await _h.Queries.GetAsync(instance.Id, staff, CancellationToken.None);
        Assert.Equal((HomeVisitWorkflow.Scheduled, 2, (HomeVisitRecord?)null), (view!.State, view.Version, view.Visit));
        Assert.Equal([HomeVisitWorkflow.Schedule, HomeVisitWorkflow.Record, HomeVisitWorkflow.Cancel], view.Actions);
    }

    [Fact]
    public async Task Bug_a_visit_scheduled_for_3_December_was_recorded_on_2_December_now_it_waits_for_its_time()
    {
        var hall = await TestHall.CreateAsync(database);
        var instance = await _h.RequestAsync(hall);
        await _h.ApproveAsync(instance.Id, hall);
        await _h.ScheduleAsync(instance.Id, hall, HomeVisitHarness.Cst(24, 15));
        RecordHomeVisit At(DateTimeOffset? visitedAt) => new(instance.Id, "现场核验身份", HomeVisitOutcome.Completed, 1, visitedAt, _h.Database.VersionOf(instance.Id));

        var early = await Assert.ThrowsAsync<RuleViolationException>(() => _h.Record.HandleAsync(At(null), HomeVisitHarness.Staff(hall), CancellationToken.None));
        _h.Clock.SetUtcNow(HomeVisitHarness.Cst(24, 16).ToUniversalTime());
        var before = await Assert.ThrowsAsync<RequestValidationException>(() => _h.Record.HandleAsync(At(HomeVisitHarness.Cst(24, 14)), HomeVisitHarness.Staff(hall), CancellationToken.None));
        var recorded = await _h.Record.HandleAsync(At(HomeVisitHarness.Cst(24, 15, 30)), HomeVisitHarness.Staff(hall), CancellationToken.None);

        Assert.Equal(("尚未到上门时间", "上门安排在 11月24日 15:00，上门之后才能填写上门记录"), (early.Title, early.Detail));
        Assert.Equal(["上门时间不能早于安排的上门时间 11月24日 15:00"], before.Errors["visitedAt"]);
        Assert.Equal((HomeVisitWorkflow.Visited, HomeVisitHarness.Cst(24, 15, 30)), (recorded.Instance!.State, recorded.Instance.GetData<HomeVisitData>().Visit!.VisitedAt));
    }

    [Fact]
    public async Task A_scheduled_visit_may_be_moved_and_the_old_limit_goes_with_it()
    {
        var hall = await TestHall.CreateAsync(database);
        var instance = await _h.RequestAsync(hall);
        await _h.ApproveAsync(instance.Id, hall);
        await _h.ScheduleAsync(instance.Id, hall, HomeVisitHarness.Cst(23, 15));

        var moved = await _h.ScheduleAsync(instance.Id, hall, HomeVisitHarness.Cst(26, 9));

        Assert.Equal((HomeVisitWorkflow.Scheduled, HomeVisitHarness.Cst(27, 0)), (moved.Instance!.State, moved.Instance.DueAt));
        await using var db = database.CreateContext();
        var timers = await db.Timers.AsNoTracking().Where(t => t.InstanceId == instance.Id && t.CancelledAt == null).ToListAsync();
        Assert.Equal([(TimerKind.Expiry, HomeVisitHarness.Cst(27, 0))], timers.Select(t => (t.NextKind, t.DueAt)));
        Assert.Equal(2, (await _h.OutboxAsync(instance.Id)).Count(o => o.Template == "home-visit.scheduled"));
    }

    [Fact]
    public async Task A_stimulus_for_an_older_version_changes_nothing()
    {
        var hall = await TestHall.CreateAsync(database);
        var instance = await _h.RequestAsync(hall);
        await _h.ApproveAsync(instance.Id, hall);

        var late = await _h.Cancel.HandleAsync(new CancelHomeVisit(instance.Id, "按旧页面撤回", 0), HomeVisitHarness.Staff(hall), CancellationToken.None);

        Assert.Equal((TransitionOutcome.Stale, HomeVisitWorkflow.Approved), (late.Outcome, late.Instance!.State));
    }

    [Fact]
    public async Task Personal_data_is_masked_in_views_and_in_every_email()
    {
        var hall = await TestHall.CreateAsync(database);
        var citizen = HomeVisitHarness.Citizen();
        var instance = await _h.RequestAsync(hall, citizen);
        await _h.ApproveAsync(instance.Id, hall);
        await _h.ScheduleAsync(instance.Id, hall, HomeVisitHarness.Cst(24, 15));
        await _h.Cancel.HandleAsync(new CancelHomeVisit(instance.Id, "临时有事", _h.Database.VersionOf(instance.Id)), citizen, CancellationToken.None);

        foreach (var actor in new[] { citizen, HomeVisitHarness.Lead(hall), HomeVisitHarness.Staff(hall) })
        {
            var view = await _h.Queries.GetAsync(instance.Id, actor, CancellationToken.None);
            Assert.Equal(("138****5678", "4127**********1237", true), (view!.ApplicantPhone, view.IdNumber, view.NotifiesApplicant));
            Assert.DoesNotContain(HomeVisitHarness.Phone, JsonSerializer.Serialize(view), StringComparison.Ordinal);
        }

        await using var db = database.CreateContext();
        var emails = await db.Outbox.AsNoTracking().Where(o => o.InstanceId == instance.Id).ToListAsync();
        Assert.Equal(4, emails.Count);
        var templates = HomeVisitHarness.AllTemplates();
        foreach (var email in emails)
        {
            var rendered = templates.Get(email.Template).Render(TemplateModel.Parse(email.Model), email.RecipientName);
            foreach (var text in new[] { email.Model, rendered.Subject, rendered.Text, rendered.Html })
            {
                Assert.DoesNotContain(HomeVisitHarness.Phone, text, StringComparison.Ordinal);
                Assert.DoesNotContain(HomeVisitHarness.IdNumber, text, StringComparison.Ordinal);
                Assert.DoesNotContain("莲花街道", text, StringComparison.Ordinal);
            }
        }

        var lead = emails.Single(e => e.Template == "home-visit.requested");
        var leadText = templates.Get(lead.Template).Render(TemplateModel.Parse(lead.Model), lead.RecipientName).Text;
        Assert.Contains("联系电话：138****5678", leadText, StringComparison.Ordinal);
        Assert.Contains("身份证号：4127**********1237", leadText, StringComparison.Ordinal);
        Assert.Contains("请于 2026-11-23 10:00 前审核", leadText, StringComparison.Ordinal);
        var scheduled = emails.Single(e => e.Template == "home-visit.scheduled");
        Assert.Equal("【上门服务】上门时间已确定：2026-11-24 15:00", templates.Get(scheduled.Template).Render(TemplateModel.Parse(scheduled.Model), scheduled.RecipientName).Subject);
    }

    [Fact]
    public async Task Views_and_lists_keep_to_the_actors_scope_and_a_citizen_sees_only_their_own()
    {
        var hall = await TestHall.CreateAsync(database);
        var other = await TestHall.CreateAsync(database);
        var citizen = HomeVisitHarness.Citizen();
        var mine = await _h.RequestAsync(hall, citizen);
        _h.Clock.Advance(TimeSpan.FromMinutes(1));
        var theirs = await _h.RequestAsync(hall);
        _h.Clock.Advance(TimeSpan.FromMinutes(1));
        var atWindow2 = await _h.Request.HandleAsync(HomeVisitHarness.Valid(hall, window: 1), HomeVisitHarness.Staff(hall, window: 1), CancellationToken.None);
        await _h.Review.HandleAsync(new ReviewHomeVisit(theirs.Id, false, "不符合条件", _h.Database.VersionOf(theirs.Id)), HomeVisitHarness.Lead(hall), CancellationToken.None);
        var ct = CancellationToken.None;

        Assert.Null(await _h.Queries.GetAsync(theirs.Id, citizen, ct));
        Assert.Null(await _h.Queries.GetAsync(mine.Id, HomeVisitHarness.Lead(other), ct));
        Assert.Null(await _h.Queries.GetAsync(atWindow2.Id, HomeVisitHarness.Staff(hall), ct));
        Assert.Equal([HomeVisitWorkflow.Cancel], (await _h.Queries.GetAsync(mine.Id, citizen, ct))!.Actions);
        Assert.Equal([HomeVisitWorkflow.Approve, HomeVisitWorkflow.Reject, HomeVisitWorkflow.Cancel, HomeVisitWorkflow.PauseClock], (await _h.Queries.GetAsync(mine.Id, HomeVisitHarness.Lead(hall), ct))!.Actions);

        var lead = await _h.Queries.ListAsync(HomeVisitHarness.Lead(hall), null, 100, ct);
        Assert.Equal((3, 2, 0), (lead.Total, lead.Open, lead.Overdue));
        Assert.Equal([atWindow2.Id, theirs.Id, mine.Id], lead.Items.Select(i => i.Id));
        Assert.Equal([mine.Id], (await _h.Queries.ListAsync(citizen, null, 100, ct)).Items.Select(i => i.Id));
        Assert.Equal([theirs.Id, mine.Id], (await _h.Queries.ListAsync(HomeVisitHarness.Staff(hall), null, 100, ct)).Items.Select(i => i.Id));
        Assert.Equal([theirs.Id], (await _h.Queries.ListAsync(HomeVisitHarness.Lead(hall), HomeVisitWorkflow.Rejected, 100, ct)).Items.Select(i => i.Id));
        Assert.Equal(0, (await _h.Queries.ListAsync(HomeVisitHarness.Lead(other), null, 100, ct)).Total);
        Assert.Contains("state", (await Assert.ThrowsAsync<RequestValidationException>(() => _h.Queries.ListAsync(citizen, "Nowhere", 100, ct))).Errors.Keys);

        // Past Monday 10:02 the two open requests are overdue for review.
        var later = new HomeVisitQueries(database.Factory, _h.Registry, new FakeTimeProvider(HomeVisitHarness.Cst(23, 10, 5).ToUniversalTime()));
        var overdue = await later.ListAsync(HomeVisitHarness.Lead(hall), null, 1, ct);
        Assert.Equal((3, 2, 2, 1), (overdue.Total, overdue.Open, overdue.Overdue, overdue.Items.Count));
        Assert.True((await later.GetAsync(mine.Id, citizen, ct))!.Overdue);
    }

    [Fact]
    public async Task Limits_come_from_configuration_and_each_visit_keeps_those_it_started_with()
    {
        var hall = await TestHall.CreateAsync(database);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(
            [new("ServiceHall:HomeVisits:ReviewWorkingDays", "2"), new("ServiceHall:HomeVisits:ScheduleWorkingDays", "5")]).Build();
        var strict = new HomeVisitHarness(database, configuration: configuration);

        var instance = await strict.RequestAsync(hall);
        Assert.Equal(HomeVisitHarness.Cst(24, 10), instance.DueAt); // Friday 10:00 + 2 working days

        // Approved through a runtime configured with the defaults: the visit keeps its own 5 days.
        _h.Clock.Advance(TimeSpan.FromHours(1));
        var approved = await _h.ApproveAsync(instance.Id, hall);
        Assert.Equal(HomeVisitHarness.Cst(27, 11), approved.Instance!.DueAt);
    }

    [Fact]
    public void Add_home_visits_registers_the_definition_handlers_and_validated_options()
    {
        static (IServiceCollection Services, ServiceProvider Provider) Build(string key, string value)
        {
            var configuration = new ConfigurationBuilder().AddInMemoryCollection([new($"ServiceHall:HomeVisits:{key}", value)]).Build();
            var services = new ServiceCollection().AddHomeVisits(configuration);
            return (services, services.BuildServiceProvider());
        }

        var (services, configured) = Build("ReviewWorkingDays", "2");
        using (configured)
        {
            Assert.Same(HomeVisitWorkflow.Definition, new WorkflowRegistry(configured.GetServices<WorkflowDefinition>(), Roles.Catalogue).FindLatest(HomeVisitWorkflow.Name));
            var options = configured.GetRequiredService<IOptions<HomeVisitOptions>>().Value;
            Assert.Equal((2d, 3d, 30), (options.ReviewWorkingDays, options.ScheduleWorkingDays, options.ScheduleHorizonDays));
        }

        Type[] handlers = [typeof(RequestHomeVisitHandler), typeof(ReviewHomeVisitHandler), typeof(ScheduleHomeVisitHandler), typeof(RecordHomeVisitHandler), typeof(CloseHomeVisitHandler), typeof(CancelHomeVisitHandler), typeof(HomeVisitQueries)];
        Assert.All(handlers, t => Assert.Single(services, d => d.ServiceType == t && d.Lifetime == ServiceLifetime.Singleton));

        using var broken = Build("ScheduleWorkingDays", "0").Provider;
        Assert.Throws<OptionsValidationException>(() => broken.GetRequiredService<IOptions<HomeVisitOptions>>().Value);
    }

    [Fact]
    public void Every_email_the_definition_owes_has_a_template_and_the_diagram_shows_the_limits()
    {
        var states = HomeVisitWorkflow.Definition.States.Values;
        var keys = states
            .SelectMany(s => s.OnEnter.Concat(s.Sla?.WarningNotifications ?? []).Concat(s.Sla?.ExpiryNotifications ?? []))
            .Select(n => n.Template).ToHashSet();
        var templates = HomeVisitHarness.AllTemplates();

        Assert.Equal(7, keys.Count);
        Assert.All(keys, k => Assert.Equal(k, templates.Get(k).Key));
        var mermaid = HomeVisitWorkflow.Definition.Mermaid(Roles.Catalogue);
        Assert.Contains("note right of Requested : 时限 1 个工作日（默认，可配置），80% 预警，超期提醒", mermaid, StringComparison.Ordinal);
        Assert.Contains("note right of Approved : 时限 3 个工作日（默认，可配置），80% 预警，超期提醒", mermaid, StringComparison.Ordinal);
        Assert.Contains("note right of Scheduled : 时限 上门当日 24:00 前填写上门记录，超期提醒", mermaid, StringComparison.Ordinal);
        Assert.Contains("Requested --> Approved : 审核通过 · 中心值班领导", mermaid, StringComparison.Ordinal);
    }
}

/// <summary>上门服务 time limits: the clock moves across a weekend and the timer pump fires warnings and alerts.</summary>
public sealed class HomeVisitSlaTests(HomeVisitDatabase database) : IClassFixture<HomeVisitDatabase>
{
    private readonly HomeVisitHarness _h = new(database);

    private async Task<(int Warnings, int Alerts, string State, int Version)> SlaAsync(Guid id)
    {
        await using var db = database.CreateContext();
        var instance = await db.Instances.AsNoTracking().SingleAsync(i => i.Id == id);
        return (await db.Ledger.CountAsync(l => l.InstanceId == id && l.Kind == LedgerKind.SlaWarning),
            await db.Ledger.CountAsync(l => l.InstanceId == id && l.Kind == LedgerKind.SlaExpired),
            instance.State,
            instance.Version);
    }

    private async Task AtAsync(DateTimeOffset instant)
    {
        _h.Clock.SetUtcNow(instant.ToUniversalTime());
        await _h.PumpAllAsync();
    }

    [Fact]
    public async Task Review_warns_the_lead_at_80_percent_and_alerts_when_the_working_day_is_spent()
    {
        var hall = await TestHall.CreateAsync(database);
        var instance = await _h.RequestAsync(hall); // Friday 10:00: the working day runs to Monday 10:00

        await AtAsync(HomeVisitHarness.Cst(23, 5, 11));
        Assert.Equal((0, 0, HomeVisitWorkflow.Requested, 0), await SlaAsync(instance.Id));
        await AtAsync(HomeVisitHarness.Cst(23, 5, 13)); // 80 %: Friday's 14 h and Monday's first 5 h 12 min
        Assert.Equal((1, 0, HomeVisitWorkflow.Requested, 0), await SlaAsync(instance.Id));
        await AtAsync(HomeVisitHarness.Cst(23, 10, 0, 1));
        Assert.Equal((1, 1, HomeVisitWorkflow.Requested, 0), await SlaAsync(instance.Id));

        Assert.Equal(
            [("home-visit.requested", hall.LeadEmail, "审核"), ("home-visit.warning", hall.LeadEmail, "审核"), ("home-visit.overdue", hall.LeadEmail, "审核")],
            await _h.OutboxAsync(instance.Id));

        // Late, but still the lead's to decide: the alert moved nothing.
        var approved = await _h.ApproveAsync(instance.Id, hall);
        Assert.Equal((HomeVisitWorkflow.Approved, HomeVisitHarness.Cst(26, 10, 0, 1)), (approved.Instance!.State, approved.Instance.DueAt));
    }

    [Fact]
    public async Task Scheduling_warns_and_alerts_the_lead_over_three_working_days()
    {
        var hall = await TestHall.CreateAsync(database);
        var instance = await _h.RequestAsync(hall);
        _h.Clock.Advance(TimeSpan.FromHours(1));
        await _h.ApproveAsync(instance.Id, hall); // Friday 11:00: due Wednesday 11:00

        await AtAsync(HomeVisitHarness.Cst(23, 10, 30)); // past the review limit: its timers left with the state
        Assert.Equal((0, 0, HomeVisitWorkflow.Approved, 1), await SlaAsync(instance.Id));
        await AtAsync(HomeVisitHarness.Cst(24, 20, 35));
        Assert.Equal((0, 0, HomeVisitWorkflow.Approved, 1), await SlaAsync(instance.Id));
        await AtAsync(HomeVisitHarness.Cst(24, 20, 37)); // 2.4 working days: 13 h + 24 h + 20 h 36 min
        Assert.Equal((1, 0, HomeVisitWorkflow.Approved, 1), await SlaAsync(instance.Id));
        await AtAsync(HomeVisitHarness.Cst(25, 11, 0, 1));
        Assert.Equal((1, 1, HomeVisitWorkflow.Approved, 1), await SlaAsync(instance.Id));

        var leadMail = (await _h.OutboxAsync(instance.Id)).Where(o => o.To == hall.LeadEmail).ToList();
        Assert.Equal(
            [("home-visit.requested", hall.LeadEmail, "审核"), ("home-visit.warning", hall.LeadEmail, "安排上门"), ("home-visit.overdue", hall.LeadEmail, "安排上门")],
            leadMail);
        await using var db = database.CreateContext();
        var overdue = await db.Outbox.AsNoTracking().SingleAsync(o => o.InstanceId == instance.Id && o.Template == "home-visit.overdue");
        var rendered = HomeVisitHarness.AllTemplates().Get(overdue.Template).Render(TemplateModel.Parse(overdue.Model), overdue.RecipientName);
        Assert.Equal("【超期提醒】上门服务安排上门已超期：不动产登记", rendered.Subject);
        Assert.Contains("已于 2026-11-25 11:00 超过时限", rendered.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_visit_not_recorded_by_the_end_of_its_day_alerts_the_lead_and_can_still_be_recorded()
    {
        var hall = await TestHall.CreateAsync(database);
        var instance = await _h.RequestAsync(hall);
        await _h.ApproveAsync(instance.Id, hall);
        await _h.ScheduleAsync(instance.Id, hall, HomeVisitHarness.Cst(22, 10)); // a Sunday

        await AtAsync(HomeVisitHarness.Cst(22, 23, 59));
        Assert.Equal((0, 0, HomeVisitWorkflow.Scheduled, 2), await SlaAsync(instance.Id));
        await AtAsync(HomeVisitHarness.Cst(23, 0, 0, 1));
        Assert.Equal((0, 1, HomeVisitWorkflow.Scheduled, 2), await SlaAsync(instance.Id));
        Assert.Equal([(hall.LeadEmail, "填写上门记录")], (await _h.OutboxAsync(instance.Id)).Where(o => o.Template == "home-visit.overdue").Select(o => (o.To, o.Step)));

        var recorded = await _h.Record.HandleAsync(
            new RecordHomeVisit(instance.Id, "周日上门受理，次日补录", HomeVisitOutcome.Accepted, 2, HomeVisitHarness.Cst(22, 10, 30), _h.Database.VersionOf(instance.Id)),
            HomeVisitHarness.Staff(hall),
            CancellationToken.None);
        Assert.Equal(HomeVisitWorkflow.Visited, recorded.Instance!.State);
        Assert.Equal(new HomeVisitRecord(HomeVisitHarness.Cst(22, 10, 30), "周日上门受理，次日补录", HomeVisitOutcome.Accepted, 2), recorded.Instance.GetData<HomeVisitData>().Visit);
    }
}
