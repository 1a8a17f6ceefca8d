using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Governance.Workflows.ServiceHall;
using Governance.Workflows.ServiceHall.Appointments;
using Governance.Workflows.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Time.Testing;

namespace Governance.Workflows.Tests.Api;

public sealed class AppointmentApiDatabase() : TestDatabase("api_appointments");

/// <summary>预约 over HTTP, without an account: book a Sunday slot, get the confirmation email, look it up masked.</summary>
public sealed class AppointmentsApiTests(AppointmentApiDatabase database) : IClassFixture<AppointmentApiDatabase>, IAsyncLifetime
{
    private GovernanceHost _host = null!;
    private AppointmentSession _session = null!;

    public async ValueTask InitializeAsync()
    {
        _host = new GovernanceHost(database, new FakeTimeProvider(RuntimeHarness.FridayMorning.ToUniversalTime()));
        var hall = await TestHall.CreateAsync(database);
        await using var db = database.CreateContext();
        var item = new ServiceItem(hall.Hall.Id, "QS", "契税");
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
}
