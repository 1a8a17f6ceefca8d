using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Governance.Engine.Calendar;
using Governance.Engine.Telemetry;
using Governance.Workflows.ServiceHall;
using Governance.Workflows.ServiceHall.Queue;
using Governance.Workflows.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;

namespace Governance.Workflows.Tests.Observability;

public sealed class TraceDatabase() : TestDatabase("traces");

/// <summary>
/// A trace goes from the HTTP request through the move it made to the email the move owed: the
/// request's span (ASP.NET Core's), the transition's as its child, and the delivery's, sent later
/// by a Hangfire worker, as the transition's child through the <c>traceparent</c> its outbox row
/// carried; one trace id for all three. A copy sent again (重发) continues the trace of the
/// request that wrote it. Heard by a listener in the test process, as an exporter would hear
/// them. No tag holds personal data.
/// </summary>
public sealed class TraceTests(TraceDatabase database) : IClassFixture<TraceDatabase>, IAsyncLifetime
{
    private static readonly DateOnly Friday = new(2026, 11, 20);

    private readonly ConcurrentQueue<Activity> _spans = new();
    private ActivityListener _listener = null!;
    private GovernanceHost _host = null!;
    private TestHall _hall = null!;
    private ServiceItem _contracts = null!;

    public async ValueTask InitializeAsync()
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name is EngineMetrics.Name or "Microsoft.AspNetCore",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = _spans.Enqueue,
        };
        ActivitySource.AddActivityListener(_listener);
        _host = new GovernanceHost(database, new FakeTimeProvider(ChinaTime.At(Friday, new TimeOnly(9, 30)).ToUniversalTime()));
        (_hall, _contracts, _) = await TestHall.WithItemsAsync(database);
    }

    public async ValueTask DisposeAsync()
    {
        await _host.DisposeAsync();
        _listener.Dispose();
    }

    [Fact]
    public async Task A_returned_tickets_trace_runs_from_the_request_through_the_move_to_the_email_it_sent()
    {
        var ticket = await ReturnedTicketAsync();

        var move = await SpanAsync(s => s.OperationName == "workflow.transition" && Tag(s, "workflow.instance.id") == ticket.Id.ToString() && Tag(s, "workflow.trigger") == TicketWorkflow.Return);
        var delivery = await SpanAsync(s => s.OperationName == "email.deliver" && Tag(s, "workflow.instance.id") == ticket.Id.ToString());

        var request = move.Parent;
        Assert.NotNull(request);
        Assert.Equal("Microsoft.AspNetCore", request.Source.Name);
        Assert.Equal((TicketWorkflow.Name, "applied"), (Tag(move, "workflow.definition"), Tag(move, "workflow.outcome")));
        Assert.Equal(request.TraceId, move.TraceId);
        Assert.Equal(move.TraceId, delivery.TraceId);
        Assert.Equal(move.SpanId, delivery.ParentSpanId);
        Assert.Equal("queue.returned", Tag(delivery, "email.template"));

        var tags = string.Join(' ', new[] { move, delivery }.SelectMany(s => s.Tags).Select(t => $"{t.Key}={t.Value}"));
        Assert.DoesNotContain(ticket.Phone, tags, StringComparison.Ordinal);
        Assert.DoesNotContain("王五", tags, StringComparison.Ordinal);
        Assert.DoesNotContain(ticket.Email, tags, StringComparison.Ordinal);
    }

    /// <summary>重发 is no move: the copy's delivery continues the trace of the administrator's request that wrote it, not the move's.</summary>
    [Fact]
    public async Task A_resent_emails_delivery_is_a_span_of_the_administrators_request_to_resend_it()
    {
        var ticket = await ReturnedTicketAsync();
        var first = await SpanAsync(s => s.OperationName == "email.deliver" && Tag(s, "workflow.instance.id") == ticket.Id.ToString());

        var admin = await _host.SignInAsync(Roles.Admin, "");
        var resent = await admin.PostAsJsonAsync($"/api/admin/instances/{ticket.Id}/outbox/{Tag(first, "outbox.id")}/resend", new { reason = "群众称未收到" });
        Assert.Equal(HttpStatusCode.OK, resent.StatusCode);
        var copy = (await resent.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("outboxId").GetGuid();
        var delivery = await SpanAsync(s => s.OperationName == "email.deliver" && Tag(s, "outbox.id") == copy.ToString());

        var request = Assert.Single(_spans, s => s.Source.Name == "Microsoft.AspNetCore" && s.SpanId == delivery.ParentSpanId);
        Assert.Equal(request.TraceId, delivery.TraceId);
        Assert.NotEqual(first.TraceId, delivery.TraceId);
    }

    /// <summary>A ticket issued with an email address, called and sent back (退回) over the API, and the email that tells its holder so received.</summary>
    private async Task<(Guid Id, string Email, string Phone)> ReturnedTicketAsync()
    {
        var email = $"traced-{Guid.NewGuid():N}@test.gov.cn";
        var phone = TestPeople.Phone(900);
        var staff = await _host.SignInAsync(Roles.WindowStaff, _hall.Windows[0].OrgUnit);
        var issued = await staff.PostAsJsonAsync("/api/queue/tickets", new { itemId = _contracts.Id, name = "王五", phone, idNumber = TestPeople.IdNumber(900), email });
        Assert.Equal(HttpStatusCode.Created, issued.StatusCode);
        var called = await (await staff.PostAsync($"/api/queue/windows/{_hall.Windows[0].Id}/call-next", null)).Content.ReadFromJsonAsync<JsonElement>();
        var id = called.GetProperty("id").GetGuid();
        var returned = await staff.PostAsJsonAsync($"/api/queue/tickets/{id}/return", new { reason = "材料不全", expectedVersion = called.GetProperty("version").GetInt32() });
        Assert.Equal(HttpStatusCode.OK, returned.StatusCode);
        await Mailbox.WaitForAsync(email);
        return (id, email, phone);
    }

    private static string? Tag(Activity span, string key) => span.GetTagItem(key)?.ToString();

    /// <summary>The span that matches, once it has ended: the delivery's ends after the SMTP server accepted the email and its row is marked.</summary>
    private async Task<Activity> SpanAsync(Func<Activity, bool> match)
    {
        var deadline = DateTimeOffset.UtcNow.AddSeconds(20);
        while (true)
        {
            if (_spans.FirstOrDefault(match) is { } span)
            {
                return span;
            }

            Assert.True(DateTimeOffset.UtcNow < deadline, "no such span within 20 s");
            await Task.Delay(100);
        }
    }
}
