using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Governance.Workflows.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;

namespace Governance.Workflows.Tests.Api;

/// <summary>A database of its own for the in-process Host: its timer pump runs all the time.</summary>
public sealed class ApiDatabase() : TestDatabase("api");

/// <summary>延时服务 over HTTP, end to end: API → PostgreSQL → outbox → Hangfire → MailKit → SMTP server.</summary>
public sealed class ExtendedHoursApiTests(ApiDatabase database) : IClassFixture<ApiDatabase>, IAsyncLifetime
{
    private GovernanceHost _host = null!;
    private TestHall _hall = null!;

    public async ValueTask InitializeAsync()
    {
        // Each test gets its own clock (a Host's clock only moves forward) and its own hall.
        _host = new GovernanceHost(database, new FakeTimeProvider(RuntimeHarness.FridayMorning.ToUniversalTime()));
        _hall = await TestHall.CreateAsync(database);
    }

    public async ValueTask DisposeAsync() => await _host.DisposeAsync();

    private object Registration(int window = 0, string? phone = "13812345678", string finish = "2026-11-20T18:00:00+08:00") => new
    {
        windowId = _hall.Windows[window].Id,
        matter = "商品房合同备案（20 份）",
        applicantKind = "company",
        applicantName = "周口某置业有限公司",
        applicantPhone = phone,
        reason = "合同当日到期，须当日备案",
        expectedFinish = finish,
    };

    private Task<HttpClient> StaffAsync(int window = 0) => _host.SignInAsync(Roles.WindowStaff, _hall.Windows[window].OrgUnit);

    [Fact]
    public async Task Registering_emails_the_hall_lead_at_once()
    {
        var staff = await StaffAsync();

        var response = await staff.PostAsJsonAsync("/api/extended-hours", Registration());

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Registered", body.GetProperty("state").GetString());
        var mail = Assert.Single(await Mailbox.WaitForAsync(_hall.LeadEmail));
        await using var db = database.CreateContext();
        var outboxId = await db.Outbox.Where(o => o.RecipientEmail == _hall.LeadEmail).Select(o => o.Id).SingleAsync();
        Assert.Equal($"{outboxId:N}@governance.local", mail.MessageId);
        Assert.StartsWith("【延时服务】A01", mail.Subject, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Past_its_limit_the_service_turns_overdue_and_the_lead_gets_the_alert()
    {
        var staff = await StaffAsync();
        var created = await (await staff.PostAsJsonAsync("/api/extended-hours", Registration())).Content.ReadFromJsonAsync<JsonElement>();
        await Mailbox.WaitForAsync(_hall.LeadEmail);

        _host.Clock.SetUtcNow(new DateTimeOffset(2026, 11, 20, 19, 0, 1, TimeSpan.FromHours(8)).ToUniversalTime());

        var mail = await Mailbox.WaitForAsync(_hall.LeadEmail, 2, TimeSpan.FromSeconds(30));
        Assert.Contains(mail, m => m.Subject.StartsWith("【超时提醒】延时服务未按时办结", StringComparison.Ordinal));
        var view = await staff.GetFromJsonAsync<JsonElement>($"/api/extended-hours/{created.GetProperty("id").GetGuid()}");
        Assert.Equal("Overdue", view.GetProperty("state").GetString());
        Assert.Equal(["start", "expire"], view.GetProperty("ledger").EnumerateArray().Select(l => l.GetProperty("trigger").GetString()));
        var day = await staff.GetFromJsonAsync<JsonElement>("/api/extended-hours?date=2026-11-20");
        Assert.Equal((1, 1, 1), (day.GetProperty("total").GetInt32(), day.GetProperty("overdue").GetInt32(), day.GetProperty("open").GetInt32()));
        Assert.Equal(created.GetProperty("id").GetGuid(), Assert.Single(day.GetProperty("items").EnumerateArray()).GetProperty("id").GetGuid());
    }

    [Fact]
    public async Task Bad_input_gets_a_problem_naming_the_fields_and_nothing_is_stored()
    {
        var staff = await StaffAsync();

        var invalid = await staff.PostAsJsonAsync("/api/extended-hours", Registration(phone: "12345", finish: "2026-11-21T18:00:00+08:00"));
        var malformed = await staff.PostAsync("/api/extended-hours", JsonContent.Create(new { windowId = _hall.Windows[0].Id, applicantKind = "robot" }));

        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        Assert.Equal("application/problem+json", invalid.Content.Headers.ContentType!.MediaType);
        var problem = await invalid.Content.ReadFromJsonAsync<ValidationProblemDetails>();
        Assert.Contains("applicantPhone", problem!.Errors.Keys);
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        Assert.Contains("applicantKind", (await malformed.Content.ReadFromJsonAsync<ValidationProblemDetails>())!.Errors.Keys);
        await using var db = database.CreateContext();
        Assert.False(await db.Instances.AnyAsync(i => i.OrgUnit.StartsWith($"hall/{_hall.Hall.Id}/")));
    }

    [Fact]
    public async Task Only_signed_in_staff_of_the_window_may_register_and_close()
    {
        var anonymous = _host.CreateClient();
        var citizen = await _host.SignInAsync(Roles.Citizen, "");
        var otherWindow = await StaffAsync(window: 1);
        var staff = await StaffAsync();

        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsJsonAsync("/api/extended-hours", Registration())).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await citizen.PostAsJsonAsync("/api/extended-hours", Registration())).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await otherWindow.PostAsJsonAsync("/api/extended-hours", Registration())).StatusCode);
        var id = (await (await staff.PostAsJsonAsync("/api/extended-hours", Registration())).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        Assert.Equal(HttpStatusCode.NotFound, (await otherWindow.PostAsJsonAsync($"/api/extended-hours/{id}/serve", new { note = "x", expectedVersion = 0 })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await staff.PostAsJsonAsync($"/api/extended-hours/{id}/serve", new { note = "已办结", expectedVersion = 0 })).StatusCode);
        var again = await staff.PostAsJsonAsync($"/api/extended-hours/{id}/serve", new { note = "已办结", expectedVersion = 0 });
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
    }

    [Fact]
    public async Task The_openapi_document_health_and_diagram_are_served()
    {
        var staff = await StaffAsync();
        var client = _host.CreateClient();

        var openApi = await client.GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        var health = await client.GetFromJsonAsync<JsonElement>("/health");
        var diagram = await staff.GetStringAsync("/api/workflows/definitions/extended-hours/diagram?current=Overdue");

        Assert.True(openApi.GetProperty("paths").TryGetProperty("/api/extended-hours", out _));
        Assert.All(new[] { "postgresql", "quartz", "hangfire" }, c => Assert.Equal("Healthy", health.GetProperty("checks").GetProperty(c).GetProperty("status").GetString()));
        Assert.Contains("class Overdue current", diagram, StringComparison.Ordinal);
    }
}
