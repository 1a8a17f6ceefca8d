using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Governance.Workflows.ServiceHall;
using Governance.Workflows.ServiceHall.Appointments;
using Governance.Workflows.Tests.Infrastructure;
using Ical.Net.DataTypes;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;

namespace Governance.Workflows.Tests.Api;

public sealed class AppointmentApiDatabase() : TestDatabase("api_appointments");

/// <summary>预约 over HTTP, without an account: book a Sunday slot, get the confirmation email, look it up masked, take it to the phone's calendar.</summary>
public sealed class AppointmentsApiTests(AppointmentApiDatabase database) : IClassFixture<AppointmentApiDatabase>, IAsyncLifetime
{
    private GovernanceHost _host = null!;
    private TestHall _hall = null!;
    private AppointmentSession _session = null!;

    public async ValueTask InitializeAsync()
    {
        _host = new GovernanceHost(database, new FakeTimeProvider(RuntimeHarness.FridayMorning.ToUniversalTime()));
        var hall = _hall = await TestHall.CreateAsync(database);
        await using var db = database.CreateContext();
        var item = new ServiceItem(hall.Hall.Id, "QS", "契税");
        item.Windows.Add(await db.Set<ServiceWindow>().SingleAsync(w => w.Id == hall.Windows[2].Id));
        item.SetGuide(new ServiceGuide("二楼 B 区税务窗口", ["身份证原件", "不动产买卖合同（已网签备案）"], "周日专场只受理已预约的群众。", "即时办结"));
        db.Add(item);
        await db.SaveChangesAsync();
        _session = new AppointmentSession(hall.Hall, item.Id, "周日契税专场", new DateOnly(2026, 11, 22), new TimeOnly(9, 0), new TimeOnly(10, 0), TimeSpan.FromMinutes(30), 1, isWorkingDay: false);
        db.Add(_session);
        await db.SaveChangesAsync();
    }

    public async ValueTask DisposeAsync() => await _host.DisposeAsync();

    private BookAppointment Booking(int person, string? idNumber = null) => new(
        _session.ItemId, _session.Slots[0].Id, $"市民{person}", TestPeople.Phone(person), idNumber ?? TestPeople.IdNumber(person),
        $"citizen{person}-{Guid.NewGuid():N}@test.gov.cn");

    [Fact]
    public async Task A_citizen_books_a_sunday_slot_and_the_confirmation_email_arrives()
    {
        var client = _host.CreateClient();
        var sessions = await client.GetFromJsonAsync<JsonElement>($"/api/appointments/sessions?hallId={_session.HallId}");
        var booking = Booking(1);

        var response = await client.PostAsJsonAsync("/api/appointments", booking);

        Assert.True(sessions[0].GetProperty("isSpecial").GetBoolean());
        Assert.Equal("星期日", sessions[0].GetProperty("weekday").GetString());
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var reference = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("reference").GetString()!;
        var mail = Assert.Single(await Mailbox.WaitForAsync(booking.Email));
        Assert.Equal("【预约成功】契税 2026-11-22 09:00", mail.Subject);
        Assert.Contains($"预约号：{reference}", mail.Text, StringComparison.Ordinal);
        var view = await client.GetFromJsonAsync<JsonElement>($"/api/appointments/{reference}?phone={TestPeople.Phone(1)}");
        Assert.Equal("139****0001", view.GetProperty("phone").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/appointments/{reference}?phone={TestPeople.Phone(2)}")).StatusCode);
    }

    [Fact]
    public async Task A_full_slot_answers_409_and_a_bad_id_number_400_naming_the_field()
    {
        var client = _host.CreateClient();
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync("/api/appointments", Booking(10))).StatusCode);

        var full = await client.PostAsJsonAsync("/api/appointments", Booking(11));
        var badId = await client.PostAsJsonAsync("/api/appointments", Booking(12, idNumber: "410101198001010000"));

        Assert.Equal(HttpStatusCode.Conflict, full.StatusCode);
        Assert.Equal("该时段已约满", (await full.Content.ReadFromJsonAsync<ProblemDetails>())!.Title);
        Assert.Equal(HttpStatusCode.BadRequest, badId.StatusCode);
        Assert.Contains("idNumber", (await badId.Content.ReadFromJsonAsync<ValidationProblemDetails>())!.Errors.Keys);
    }

    [Fact]
    public async Task The_calendar_file_holds_the_slot_in_china_time_where_to_go_what_to_bring_and_a_reminder_the_day_before()
    {
        var ct = TestContext.Current.CancellationToken;
        var client = _host.CreateClient();
        var booked = await client.PostAsJsonAsync("/api/appointments", Booking(20), ct);
        var reference = (await booked.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("reference").GetString()!;

        var response = await client.GetAsync($"/api/appointments/{reference.ToLowerInvariant()}/calendar?phone={TestPeople.Phone(20)}", ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/calendar; charset=utf-8", response.Content.Headers.ContentType!.ToString());
        Assert.Equal("预约-契税-2026-11-22.ics", response.Content.Headers.ContentDisposition!.FileNameStar);
        var text = await response.Content.ReadAsStringAsync(ct);
        Assert.Contains("DTSTART;TZID=Asia/Shanghai:20261122T090000", text, StringComparison.Ordinal);
        Assert.DoesNotContain(TestPeople.Phone(20), text, StringComparison.Ordinal);
        Assert.DoesNotContain(TestPeople.IdNumber(20), text, StringComparison.Ordinal);
        var calendar = Ical.Net.Calendar.Load(text)!;
        Assert.Equal("Asia/Shanghai", Assert.Single(calendar.TimeZones).TzId);
        var appointment = Assert.Single(calendar.Events);
        Assert.Equal(("Asia/Shanghai", new DateTime(2026, 11, 22, 9, 0, 0)), (appointment.DtStart!.TzId, appointment.DtStart.Value));
        Assert.Equal(("Asia/Shanghai", new DateTime(2026, 11, 22, 9, 30, 0)), (appointment.DtEnd!.TzId, appointment.DtEnd.Value));
        Assert.Equal(new DateTime(2026, 11, 22, 1, 0, 0, DateTimeKind.Utc), appointment.DtStart.AsUtc);
        Assert.Equal($"预约：契税（{_hall.Hall.Name}）", appointment.Summary);
        Assert.Equal($"{_hall.Hall.Name} 二楼 B 区税务窗口", appointment.Location);
        Assert.Equal("CONFIRMED", appointment.Status);
        Assert.Equal($"{reference}@appointments.governance", appointment.Uid);
        Assert.All(
            [$"预约号：{reference}", "受理窗口：B01 契税", "办理时限：即时办结", "所需材料：\n1. 身份证原件\n2. 不动产买卖合同（已网签备案）", "注意事项：周日专场只受理已预约的群众。"],
            line => Assert.Contains(line, appointment.Description, StringComparison.Ordinal));
        var alarm = Assert.Single(appointment.Alarms);
        Assert.Equal("DISPLAY", alarm.Action);
        Assert.Equal(-Duration.FromDays(1), alarm.Trigger!.Duration);
        Assert.Equal("明天 09:00 契税预约（" + _hall.Hall.Name + "），请带齐所需材料", alarm.Description);

        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/appointments/{reference}/calendar?phone={TestPeople.Phone(21)}", ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/appointments/NOSUCHRF/calendar?phone={TestPeople.Phone(20)}", ct)).StatusCode);
    }

    [Fact]
    public async Task A_cancelled_bookings_calendar_file_says_cancelled_under_the_same_uid_and_reminds_of_nothing()
    {
        var ct = TestContext.Current.CancellationToken;
        var client = _host.CreateClient();
        var booked = await client.PostAsJsonAsync("/api/appointments", Booking(22), ct);
        var reference = (await booked.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("reference").GetString()!;
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync($"/api/appointments/{reference}/cancel", new { phone = TestPeople.Phone(22) }, ct)).StatusCode);

        var text = await client.GetStringAsync($"/api/appointments/{reference}/calendar?phone={TestPeople.Phone(22)}", ct);

        var appointment = Assert.Single(Ical.Net.Calendar.Load(text)!.Events);
        Assert.Equal("CANCELLED", appointment.Status);
        Assert.Equal($"{reference}@appointments.governance", appointment.Uid);
        Assert.StartsWith("【已取消】", appointment.Summary, StringComparison.Ordinal);
        Assert.Empty(appointment.Alarms);
    }

    [Fact]
    public async Task The_openapi_document_lists_the_items_and_the_calendar_file_with_their_chinese_summaries()
    {
        var paths = (await _host.CreateClient().GetFromJsonAsync<JsonElement>("/openapi/v1.json", TestContext.Current.CancellationToken)).GetProperty("paths");

        var items = paths.GetProperty("/api/appointments/items").GetProperty("get");
        var calendar = paths.GetProperty("/api/appointments/{reference}/calendar").GetProperty("get");

        Assert.Contains("办事指南", items.GetProperty("summary").GetString(), StringComparison.Ordinal);
        Assert.True(items.GetProperty("responses").TryGetProperty("404", out _));
        Assert.Contains("日历", calendar.GetProperty("summary").GetString(), StringComparison.Ordinal);
        Assert.True(calendar.GetProperty("responses").TryGetProperty("404", out _));
    }
}
