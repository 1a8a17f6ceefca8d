using System.Net;
using Governance.Engine.Calendar;
using Governance.Engine.Runtime;
using Governance.Engine.Telemetry;
using Governance.Workflows.ServiceHall;
using Governance.Workflows.ServiceHall.Queue;
using Governance.Workflows.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Governance.Workflows.Tests.Observability;

public sealed class MetricsDatabase() : TestDatabase("metrics");

/// <summary>
/// Tests that count what the process's meters heard: every Host in the test process publishes a
/// meter named <see cref="EngineMetrics.Name"/>, and OpenTelemetry listens to meters by name, so
/// these run on their own, after the parallel ones, and count only their own Host's moves.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProcessMeters
{
    public const string Name = "Process meters";
}

/// <summary>
/// <c>/metrics</c>: refused to those who are neither on this machine nor an administrator (a
/// request from this machine: <see cref="LoopbackScrapeTests"/>), and the engine's figures in it
/// right after a known day at a window: tickets issued, called, called
/// again (once for a version already left), completed, a step the state does not have, and a
/// ticket set aside by its timer.
/// </summary>
[Collection(ProcessMeters.Name)]
public sealed class MetricsTests(MetricsDatabase database) : IClassFixture<MetricsDatabase>, IAsyncLifetime
{
    private static readonly DateOnly Friday = new(2026, 11, 20);

    private GovernanceHost _host = null!;
    private TestHall _hall = null!;
    private ServiceItem _contracts = null!;

    public async ValueTask InitializeAsync()
    {
        _host = new GovernanceHost(database, new FakeTimeProvider(At(9, 30)), new Dictionary<string, string> { ["OpenTelemetry:ReadingInterval"] = "00:00:01" });
        (_hall, _contracts, _) = await TestHall.WithItemsAsync(database);
    }

    public async ValueTask DisposeAsync() => await _host.DisposeAsync();

    private static DateTimeOffset At(int hour, int minute) => ChinaTime.At(Friday, new TimeOnly(hour, minute)).ToUniversalTime();

    [Fact]
    public async Task Metrics_are_refused_to_anyone_signed_out_or_in_another_role_over_the_network_and_served_to_the_administrator()
    {
        var anonymous = _host.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var staff = await _host.SignInAsync(Roles.WindowStaff, _hall.Windows[0].OrgUnit);
        var lead = await _host.SignInAsync(Roles.HallLead, $"hall/{_hall.Hall.Id}");
        var admin = await _host.SignInAsync(Roles.Admin, "");

        // An in-process test server's requests come from no address at all: not from this machine.
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/metrics")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await staff.GetAsync("/metrics")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await lead.GetAsync("/metrics")).StatusCode);
        var served = await admin.GetAsync("/metrics");
        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
        Assert.StartsWith("text/plain", served.Content.Headers.ContentType?.MediaType, StringComparison.Ordinal);
        var text = await served.Content.ReadAsStringAsync();
        Assert.Contains("# TYPE http_server_request_duration_seconds histogram", text, StringComparison.Ordinal);
        Assert.Contains("governance_outbox_backlog", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task After_a_known_day_at_the_window_the_engines_meters_count_every_move_by_its_outcome_and_time_the_queue_and_the_timer()
    {
        var ct = TestContext.Current.CancellationToken;
        var issue = _host.Services.GetRequiredService<IssueTicketHandler>();
        var callNext = _host.Services.GetRequiredService<CallNextHandler>();
        var serve = _host.Services.GetRequiredService<ServeTicketHandler>();
        var runtime = _host.Services.GetRequiredService<WorkflowRuntime>();
        var metrics = _host.Services.GetRequiredService<EngineMetrics>();
        var queue = HallQueueReading.QueueName(_hall.Hall.Id, _contracts.Id);
        var desk = new Actor("desk", "咨询台", Roles.WindowStaff, $"hall/{_hall.Hall.Id}");
        var (a01, a02) = (RuntimeHarness.Staff(_hall, 0), RuntimeHarness.Staff(_hall, 1));

        // 09:30 two walk-ins take a number; the reading sees them wait.
        await issue.HandleAsync(new IssueTicket(_contracts.Id, null, null, null, null), desk, ct);
        await issue.HandleAsync(new IssueTicket(_contracts.Id, null, null, null, null), desk, ct);
        await Until(() => metrics.Waiting.GetValueOrDefault(queue) == 2, () => $"the reading to see two waiting, not {metrics.Waiting.GetValueOrDefault(queue)}");

        // 09:42 A01 calls the first (12 minutes' wait), calls it again, and once more from the page it
        // showed before (stale), then completes it; a step completed tickets do not have is refused.
        _host.Clock.SetUtcNow(At(9, 42));
        var first = (await callNext.HandleAsync(_hall.Windows[0].Id, a01, ct))!;
        var recalled = await serve.StepAsync(new CallStep(first.Id, TicketWorkflow.Recall, first.Version), a01, ct);
        await Assert.ThrowsAsync<TransitionRefusedException>(() => serve.StepAsync(new CallStep(first.Id, TicketWorkflow.Recall, first.Version), a01, ct));
        await serve.CompleteAsync(new CompleteTicket(first.Id, null, recalled.Version), a01, ct);
        var refused = await runtime.InTransactionAsync((db, token) => runtime.ApplyAtCurrentVersionAsync(db, first.Id, TicketWorkflow.Name, v => new Stimulus(first.Id, TicketWorkflow.Rejoin, Actor.System, v), token), ct);
        Assert.Equal(TransitionOutcome.NotPermitted, refused.Outcome);

        // 09:43 A02 calls the second (13 minutes); its holder does not come within 3 minutes, and at
        // 09:48 its timer, two minutes overdue, sets it aside.
        _host.Clock.SetUtcNow(At(9, 43));
        await callNext.HandleAsync(_hall.Windows[1].Id, a02, ct);
        _host.Clock.SetUtcNow(At(9, 48));

        var admin = await _host.SignInAsync(Roles.Admin, "");
        IReadOnlyList<PrometheusSample> scraped = [];
        await Until(
            async () =>
            {
                scraped = PrometheusText.Parse(await admin.GetStringAsync("/metrics", ct));
                return Sum(scraped, "governance_timer_lateness_seconds_count") == 1
                    && Sum(scraped, "governance_queue_waiting", ("queue", queue)) == 0
                    && Sum(scraped, "governance_timers_pending") == 0;
            },
            () => $"the timer to fire and the readings to see nobody waiting and no timer pending (lateness count {Sum(scraped, "governance_timer_lateness_seconds_count")}, waiting {Sum(scraped, "governance_queue_waiting", ("queue", queue))}, timers pending {Sum(scraped, "governance_timers_pending")})");

        long Moves(string trigger, string outcome) => (long)Sum(scraped, "governance_workflow_transitions_total", ("workflow_definition", TicketWorkflow.Name), ("workflow_trigger", trigger), ("workflow_outcome", outcome));
        Assert.Equal(2, Moves(EngineMetrics.StartTrigger, "applied"));
        Assert.Equal(2, Moves(TicketWorkflow.Call, "applied"));
        Assert.Equal(1, Moves(TicketWorkflow.Recall, "applied"));
        Assert.Equal(1, Moves(TicketWorkflow.Recall, "stale"));
        Assert.Equal(1, Moves(TicketWorkflow.Complete, "applied"));
        Assert.Equal(1, Moves(TicketWorkflow.Rejoin, "refused"));
        Assert.Equal(1, Moves(TicketWorkflow.Skip, "applied"));
        Assert.Equal(9, Sum(scraped, "governance_workflow_transitions_total", ("workflow_definition", TicketWorkflow.Name)));
        Assert.Equal(9, Sum(scraped, "governance_workflow_transition_duration_seconds_count", ("workflow_definition", TicketWorkflow.Name)));
        Assert.Equal(2, Sum(scraped, "governance_queue_wait_seconds_count", ("queue", queue)));
        Assert.Equal(12 * 60 + 13 * 60, Sum(scraped, "governance_queue_wait_seconds_sum", ("queue", queue)), 3);
        Assert.Equal(120, Sum(scraped, "governance_timer_lateness_seconds_sum", ("timer_kind", "expiry")), 3);
        Assert.Equal(0, Sum(scraped, "governance_timers_pending"));
        Assert.Equal(0, Sum(scraped, "governance_timers_failing"));
        Assert.Contains(scraped, s => s.Name == "governance_outbox_oldest_age_seconds");
    }

    private static double Sum(IEnumerable<PrometheusSample> samples, string name, params (string Label, string Value)[] labels) =>
        samples.Where(s => s.Name == name && labels.All(l => s.Labels.GetValueOrDefault(l.Label) == l.Value)).Sum(s => s.Value);

    private static Task Until(Func<bool> condition, Func<string> what) => Until(() => Task.FromResult(condition()), what);

    /// <summary>Waits up to 20 s for <paramref name="condition"/>; <paramref name="what"/> says what was awaited and what was seen instead.</summary>
    private static async Task Until(Func<Task<bool>> condition, Func<string> what)
    {
        var deadline = DateTimeOffset.UtcNow.AddSeconds(20);
        while (!await condition())
        {
            Assert.True(DateTimeOffset.UtcNow < deadline, $"waited 20 s for {what()}");
            await Task.Delay(200);
        }
    }
}
