using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Governance.Engine.Calendar;
using Governance.Host.Live;
using Governance.Host.Pages.Hall;
using Governance.Workflows.ServiceHall;
using Governance.Workflows.ServiceHall.Appointments;
using Governance.Workflows.ServiceHall.Queue;
using Governance.Workflows.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Governance.Workflows.Tests.Api;

public sealed class QueueApiDatabase() : TestDatabase("api_queue");

/// <summary>窗口排队 over HTTP: check in, walk-in, call next, transfer, return, complete, the window's screen, closing time, trip counts.</summary>
public sealed class QueueApiTests(QueueApiDatabase database) : IClassFixture<QueueApiDatabase>, IAsyncLifetime
{
    private static readonly DateOnly Friday = new(2026, 11, 20);

    private GovernanceHost _host = null!;
    private TestHall _hall = null!;
    private ServiceItem _shared = null!;
    private ServiceItem _deedTax = null!;

    public async ValueTask InitializeAsync()
    {
        _host = new GovernanceHost(database, new FakeTimeProvider(ChinaTime.At(Friday, new TimeOnly(8, 0)).ToUniversalTime()));
        (_hall, _shared, _deedTax) = await TestHall.WithItemsAsync(database);
    }

    public async ValueTask DisposeAsync() => await _host.DisposeAsync();

    private void At(int hour, int minute) => _host.Clock.SetUtcNow(ChinaTime.At(Friday, new TimeOnly(hour, minute)).ToUniversalTime());

    private Task<HttpClient> StaffAsync(int window) => _host.SignInAsync(Roles.WindowStaff, _hall.Windows[window].OrgUnit);

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response) => await response.Content.ReadFromJsonAsync<JsonElement>();

    [Fact]
    public async Task A_booked_citizen_checks_in_anonymously_and_the_window_calls_and_completes_the_ticket_and_the_citizen_is_asked_to_rate_it()
    {
        await using (var db = database.CreateContext())
        {
            db.Add(new AppointmentSession(_hall.Hall, _deedTax.Id, "工作日契税预约", Friday, new TimeOnly(11, 0), new TimeOnly(12, 0), TimeSpan.FromHours(1), 5, isWorkingDay: true));
            await db.SaveChangesAsync();
        }

        var citizen = _host.CreateClient();
        var sessions = await citizen.GetFromJsonAsync<JsonElement>($"/api/appointments/sessions?hallId={_hall.Hall.Id}");
        var slotId = sessions[0].GetProperty("slots")[0].GetProperty("id").GetInt32();
        var email = $"zhangsan-{Guid.NewGuid():N}@test.gov.cn";
        var booked = await JsonAsync(await citizen.PostAsJsonAsync("/api/appointments", new BookAppointment(
            _deedTax.Id, slotId, "张三", TestPeople.Phone(700), TestPeople.IdNumber(700), email)));
        var reference = booked.GetProperty("reference").GetString();
        At(10, 30);

        var wrongPhone = await citizen.PostAsJsonAsync("/api/queue/check-in", new { reference, phone = TestPeople.Phone(701) });
        var checkedIn = await citizen.PostAsJsonAsync("/api/queue/check-in", new { reference, phone = TestPeople.Phone(700) });
        var staff = await StaffAsync(2);
        var called = await staff.PostAsync($"/api/queue/windows/{_hall.Windows[2].Id}/call-next", null);
        var ticket = await JsonAsync(called);
        var screen = await staff.GetFromJsonAsync<JsonElement>($"/api/queue/windows/{_hall.Windows[2].Id}");
        var whileServing = await staff.PostAsync($"/api/queue/windows/{_hall.Windows[2].Id}/call-next", null);
        At(10, 40);
        var completed = await staff.PostAsJsonAsync($"/api/queue/tickets/{ticket.GetProperty("id").GetGuid()}/complete", new { note = "已办结", expectedVersion = ticket.GetProperty("version").GetInt32() });
        var empty = await staff.PostAsync($"/api/queue/windows/{_hall.Windows[2].Id}/call-next", null);

        Assert.Equal(HttpStatusCode.NotFound, wrongPhone.StatusCode);
        Assert.Equal(HttpStatusCode.Created, checkedIn.StatusCode);
        Assert.Equal("B001", (await JsonAsync(checkedIn)).GetProperty("number").GetString());
        Assert.Equal(HttpStatusCode.OK, called.StatusCode);
        Assert.Equal(("B001", "booked", "Called"), (ticket.GetProperty("number").GetString(), ticket.GetProperty("kind").GetString(), ticket.GetProperty("state").GetString()));
        Assert.Equal("139****0700", screen.GetProperty("serving")[0].GetProperty("phone").GetString());
        Assert.Equal("4116**********" + TestPeople.IdNumber(700)[^4..], screen.GetProperty("serving")[0].GetProperty("idNumber").GetString());
        Assert.Equal(HttpStatusCode.OK, completed.StatusCode);
        Assert.Equal("00:10:00", (await JsonAsync(completed)).GetProperty("serviceTime").GetString());
        Assert.Equal(HttpStatusCode.NoContent, empty.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, whileServing.StatusCode);
        Assert.Equal("本窗口正在办理", (await whileServing.Content.ReadFromJsonAsync<ProblemDetails>())!.Title);
        var mail = await Mailbox.WaitForAsync(email, count: 2);
        Assert.Contains(mail, m => m.Subject == $"【好差评】请为您在{_hall.Hall.Name}办理的契税评价");
    }

    [Fact]
    public async Task Staff_issue_transfer_and_return_tickets_and_bad_input_names_the_field()
    {
        At(9, 0);
        var a01 = await StaffAsync(0);

        var bad = await a01.PostAsJsonAsync("/api/queue/tickets", new { itemId = _shared.Id, idNumber = "410101198001010000" });
        var issued = await a01.PostAsJsonAsync("/api/queue/tickets", new { itemId = _shared.Id, name = "李四", phone = TestPeople.Phone(710), idNumber = TestPeople.IdNumber(710) });
        var call = await JsonAsync(await a01.PostAsync($"/api/queue/windows/{_hall.Windows[0].Id}/call-next", null));
        var (id, version) = (call.GetProperty("id").GetGuid(), call.GetProperty("version").GetInt32());
        var badTransfer = await a01.PostAsJsonAsync($"/api/queue/tickets/{id}/transfer", new { toWindowId = int.MaxValue, expectedVersion = version });
        var transferred = await a01.PostAsJsonAsync($"/api/queue/tickets/{id}/transfer", new { toWindowId = _hall.Windows[1].Id, reason = "该窗口专办", expectedVersion = version });
        var a02 = await StaffAsync(1);
        var received = await JsonAsync(await a02.PostAsync($"/api/queue/windows/{_hall.Windows[1].Id}/call-next", null));
        var recalled = received.GetProperty("version").GetInt32();
        var noReason = await a02.PostAsJsonAsync($"/api/queue/tickets/{id}/return", new { reason = "", expectedVersion = recalled });
        var returned = await a02.PostAsJsonAsync($"/api/queue/tickets/{id}/return", new { reason = "材料不全", expectedVersion = recalled });
        var twice = await a02.PostAsJsonAsync($"/api/queue/tickets/{id}/return", new { reason = "材料不全", expectedVersion = recalled });

        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal(["idNumber"], (await bad.Content.ReadFromJsonAsync<ValidationProblemDetails>())!.Errors.Keys);
        Assert.Equal(HttpStatusCode.Created, issued.StatusCode);
        Assert.Equal("A001", (await JsonAsync(issued)).GetProperty("number").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, badTransfer.StatusCode);
        Assert.Contains("toWindowId", (await badTransfer.Content.ReadFromJsonAsync<ValidationProblemDetails>())!.Errors.Keys);
        Assert.Equal(HttpStatusCode.OK, transferred.StatusCode);
        Assert.Equal(($"{_hall.Windows[0].Code} {_hall.Windows[0].Name}", "该窗口专办"), (received.GetProperty("transferredFrom").GetString(), received.GetProperty("transferReason").GetString()));
        Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);
        Assert.Equal(["reason"], (await noReason.Content.ReadFromJsonAsync<ValidationProblemDetails>())!.Errors.Keys);
        Assert.Equal("Returned", (await JsonAsync(returned)).GetProperty("state").GetString());
        Assert.Equal(HttpStatusCode.Conflict, twice.StatusCode);
        await using var db = database.CreateContext();
        Assert.Equal(1, await db.Set<Ticket>().CountAsync(t => t.HallId == _hall.Hall.Id));
    }

    [Fact]
    public async Task Staff_of_another_window_get_403_for_its_queue_and_404_for_its_tickets_and_trips_are_for_the_lead()
    {
        At(9, 0);
        var a01 = await StaffAsync(0);
        var b01 = await StaffAsync(2);
        await a01.PostAsJsonAsync("/api/queue/tickets", new { itemId = _shared.Id });
        var call = await JsonAsync(await a01.PostAsync($"/api/queue/windows/{_hall.Windows[0].Id}/call-next", null));
        var (id, version) = (call.GetProperty("id").GetGuid(), call.GetProperty("version").GetInt32());

        var callElsewhere = await b01.PostAsync($"/api/queue/windows/{_hall.Windows[0].Id}/call-next", null);
        var screenElsewhere = await b01.GetAsync($"/api/queue/windows/{_hall.Windows[0].Id}");
        var completeElsewhere = await b01.PostAsJsonAsync($"/api/queue/tickets/{id}/complete", new { expectedVersion = version });
        var anonymous = await _host.CreateClient().PostAsJsonAsync("/api/queue/tickets", new { itemId = _shared.Id });
        await a01.PostAsJsonAsync($"/api/queue/tickets/{id}/complete", new { expectedVersion = version });
        var tripsByStaff = await a01.GetAsync($"/api/queue/trips?hallId={_hall.Hall.Id}");
        var lead = await _host.SignInAsync(Roles.HallLead, $"hall/{_hall.Hall.Id}");
        var trips = await lead.GetFromJsonAsync<JsonElement>($"/api/queue/trips?hallId={_hall.Hall.Id}&from=2026-11-20&to=2026-11-20");
        var badRange = await lead.GetAsync($"/api/queue/trips?hallId={_hall.Hall.Id}&from=2026-11-20&to=2026-11-19");

        Assert.Equal(HttpStatusCode.Forbidden, callElsewhere.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, screenElsewhere.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, completeElsewhere.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, tripsByStaff.StatusCode);
        Assert.Equal((1, 0), (trips.GetProperty("completed").GetInt32(), trips.GetProperty("multiTrip").GetInt32()));
        Assert.Equal(HttpStatusCode.BadRequest, badRange.StatusCode);
        Assert.Contains("to", (await badRange.Content.ReadFromJsonAsync<ValidationProblemDetails>())!.Errors.Keys);
    }

    [Fact]
    public async Task Closing_with_tickets_left_answers_409_listing_them_and_the_lead_is_emailed_then_延时_lets_it_close()
    {
        At(16, 40);
        var b01 = await StaffAsync(2);
        var number = (await JsonAsync(await b01.PostAsJsonAsync("/api/queue/tickets", new { itemId = _deedTax.Id }))).GetProperty("number").GetString();
        At(17, 0);

        var refused = await b01.PostAsync($"/api/queue/windows/{_hall.Windows[2].Id}/close", null);
        var again = await b01.PostAsync($"/api/queue/windows/{_hall.Windows[2].Id}/close", null);

        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        var problem = await JsonAsync(refused);
        Assert.Equal("窗口仍有须当日办结的号", problem.GetProperty("title").GetString());
        Assert.Equal([number], problem.GetProperty("tickets").EnumerateArray().Select(t => t.GetString()));
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        var mail = Assert.Single(await Mailbox.WaitForAsync(_hall.LeadEmail));
        Assert.Equal("【闭窗提醒】B01 契税 仍有 1 个号未办结", mail.Subject);

        var registered = await b01.PostAsJsonAsync("/api/extended-hours", new
        {
            windowId = _hall.Windows[2].Id, matter = "契税（3 户）", applicantKind = "citizen", applicantName = "王五",
            reason = "当日须完税", expectedFinish = "2026-11-20T18:00:00+08:00",
        });
        var closed = await b01.PostAsync($"/api/queue/windows/{_hall.Windows[2].Id}/close", null);

        Assert.Equal(HttpStatusCode.Created, registered.StatusCode);
        Assert.Equal(HttpStatusCode.OK, closed.StatusCode);
        var body = await JsonAsync(closed);
        Assert.True(body.GetProperty("underExtendedHours").GetBoolean());
        Assert.Equal([number], body.GetProperty("remainingTickets").EnumerateArray().Select(t => t.GetString()));
        Assert.Equal(number, (await JsonAsync(await b01.PostAsync($"/api/queue/windows/{_hall.Windows[2].Id}/call-next", null))).GetProperty("number").GetString());
    }

    /// <summary>
    /// The live-pages benchmark: a reading of the hall's queues per phone page cost PostgreSQL three
    /// queries per phone for every change at the hall, and then a rendering per phone cost node A
    /// a thousand requests a second of its own (BENCHMARKS.md, "Live pages").
    /// </summary>
    [Fact]
    public async Task The_phones_of_a_hall_told_of_one_change_share_one_answer_and_pick_their_own_ticket_and_a_finished_ticket_falls_back_to_its_own_part()
    {
        At(9, 0);
        var a01 = await StaffAsync(0);
        var keys = _host.Services.GetRequiredService<FloorKeys>();
        var floor = _host.Services.GetRequiredService<HallFloorQueries>();
        var tickets = new List<(Guid Id, string Key, string Block)>();
        for (var i = 0; i < 3; i++)
        {
            var id = (await JsonAsync(await a01.PostAsJsonAsync("/api/queue/tickets", new { itemId = _shared.Id }))).GetProperty("id").GetGuid();
            tickets.Add((id, keys.ForTicket(id), TicketsModel.Key((await floor.TicketAsync(id, CancellationToken.None))!)));
        }

        // The phone page names its item's shared part and queue, its own ticket's block in it, and its own part to fall back to.
        var phone = _host.CreateClient();
        var page = await phone.GetStringAsync($"/t/{Uri.EscapeDataString(tickets[2].Key)}");
        var itemPart = $"/hall/{_hall.Hall.Id}/tickets?item={_shared.Id}";
        Assert.Contains($"data-live=\"{itemPart}\"", page, StringComparison.Ordinal);
        Assert.Contains($"data-topics=\"queue-ticket hall/{_hall.Hall.Id}/item/{_shared.Id}\"", page, StringComparison.Ordinal);
        Assert.Contains($"data-pick=\"template[data-ticket=&#x27;{tickets[2].Block}&#x27;]\"", page, StringComparison.Ordinal);
        Assert.Contains($"data-fallback=\"/t/{Uri.EscapeDataString(tickets[2].Key)}?handler=Live\"", page, StringComparison.Ordinal);

        var first = await PartAsync(phone, itemPart, "change-1");
        Assert.Contains("前面还有 <strong id=\"ahead\">2</strong> 人", Block(first, tickets[2].Block), StringComparison.Ordinal);

        // Another item's ticket is in the hall's whole part, not in this item's.
        var b01 = await StaffAsync(2);
        var deedTax = (await JsonAsync(await b01.PostAsJsonAsync("/api/queue/tickets", new { itemId = _deedTax.Id }))).GetProperty("id").GetGuid();
        var deedTaxBlock = $"data-ticket=\"{TicketsModel.Key((await floor.TicketAsync(deedTax, CancellationToken.None))!)}\"";
        Assert.DoesNotContain(deedTaxBlock, await PartAsync(phone, itemPart, "change-1b"), StringComparison.Ordinal);
        Assert.Contains(deedTaxBlock, await PartAsync(phone, $"/hall/{_hall.Hall.Id}/tickets", "change-1b"), StringComparison.Ordinal);
        var called = await JsonAsync(await a01.PostAsync($"/api/queue/windows/{_hall.Windows[0].Id}/call-next", null));
        Assert.Equal(tickets[0].Id, called.GetProperty("id").GetGuid());

        // Told of the same change, every phone gets the answer kept for the first; a later change shows the call.
        Assert.Equal(first, await PartAsync(phone, itemPart, "change-1"));
        var second = await PartAsync(phone, itemPart, "change-2");
        Assert.Contains($"请到 <strong>{_hall.Windows[0].Code}</strong> 号窗口办理", Block(second, tickets[0].Block), StringComparison.Ordinal);
        Assert.Contains("前面还有 <strong id=\"ahead\">1</strong> 人", Block(second, tickets[2].Block), StringComparison.Ordinal);

        // Returned, the first ticket is no longer in the shared part: its phone falls back to its own, which says the page is done.
        var returned = await a01.PostAsJsonAsync($"/api/queue/tickets/{tickets[0].Id}/return", new { reason = "材料不全", expectedVersion = called.GetProperty("version").GetInt32() });
        Assert.Equal(HttpStatusCode.OK, returned.StatusCode);
        Assert.DoesNotContain($"data-ticket=\"{tickets[0].Block}\"", await PartAsync(phone, itemPart, "change-3"), StringComparison.Ordinal);
        var own = await PartAsync(phone, $"/t/{Uri.EscapeDataString(tickets[0].Key)}?handler=Live", "change-3");
        Assert.Contains("本号已结束（已退回）", own, StringComparison.Ordinal);
        Assert.Contains("data-live-end", own, StringComparison.Ordinal);
        using var unknown = await phone.GetAsync("/t/not-a-key?handler=Live&live=change-3");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        using var noHall = await phone.GetAsync("/hall/999999/tickets?live=change-3");
        Assert.Equal(HttpStatusCode.NotFound, noHall.StatusCode);
    }

    /// <summary>A ticket's block in the hall's shared phone part (what live.js picks with <c>data-pick</c>).</summary>
    private static string Block(string part, string key)
    {
        var start = part.IndexOf($"<template data-ticket=\"{key}\">", StringComparison.Ordinal);
        Assert.True(start >= 0, $"no block for {key}");
        return part[start..part.IndexOf("</template>", start, StringComparison.Ordinal)];
    }

    /// <summary>What live.js asks a phone ticket page's part for when told of change <paramref name="change"/>.</summary>
    private static async Task<string> PartAsync(HttpClient phone, string part, string change)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"{part}{(part.Contains('?', StringComparison.Ordinal) ? "&" : "?")}{LiveParts.QueryKey}={change}");
        request.Headers.Add(LiveParts.Header, "live");
        using var response = await phone.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }
}
