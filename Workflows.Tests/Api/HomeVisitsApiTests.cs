using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Governance.Workflows.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;

namespace Governance.Workflows.Tests.Api;

/// <summary>A database of its own for these in-process Hosts: their timer pumps run all the time.</summary>
public sealed class HomeVisitApiDatabase() : TestDatabase("api_homevisits");

/// <summary>上门服务 over HTTP, end to end: API → PostgreSQL → outbox → Hangfire → MailKit → SMTP server.</summary>
public sealed partial class HomeVisitsApiTests(HomeVisitApiDatabase database) : IClassFixture<HomeVisitApiDatabase>, IAsyncLifetime
{
    private GovernanceHost _host = null!;
    private TestHall _hall = null!;

    public async ValueTask InitializeAsync()
    {
        _host = new GovernanceHost(database, new FakeTimeProvider(RuntimeHarness.FridayMorning.ToUniversalTime()));
        _hall = await TestHall.CreateAsync(database);
    }

    public async ValueTask DisposeAsync() => await _host.DisposeAsync();

    private string ApplicantEmail => $"applicant-{_hall.Hall.Code}@test.gov.cn";

    private object Request(string phone = "13812345678", string? idNumber = "412722194003051237", string reasonKind = "elderly") => new
    {
        hallId = _hall.Hall.Id,
        windowId = _hall.Windows[0].Id,
        matter = "不动产登记",
        reasonKind,
        applicantName = "王大爷",
        applicantPhone = phone,
        idNumber,
        address = "项城市莲花街道 8 号院 3 单元 501",
        contactEmail = ApplicantEmail,
        note = "卧床，无法到厅",
    };

    private Task<HttpClient> LeadAsync() => _host.SignInAsync(Roles.HallLead, $"hall/{_hall.Hall.Id}");

    private Task<HttpClient> StaffAsync() => _host.SignInAsync(Roles.WindowStaff, _hall.Windows[0].OrgUnit);

    private static async Task<Guid> CreatedIdAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    [Fact]
    public async Task A_citizen_request_goes_through_review_schedule_visit_and_close_with_emails_on_the_way()
    {
        var citizen = await _host.SignInAsync(Roles.Citizen, "");
        var lead = await LeadAsync();
        var staff = await StaffAsync();

        var response = await citizen.PostAsJsonAsync("/api/home-visits", Request());
        var id = await CreatedIdAsync(response);
        Assert.Equal($"/api/home-visits/{id}", response.Headers.Location!.OriginalString);
        var leadMail = Assert.Single(await Mailbox.WaitForAsync(_hall.LeadEmail));
        Assert.Equal("【上门服务申请】不动产登记（高龄老人）", leadMail.Subject);
        Assert.Contains("联系电话：138****5678", leadMail.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("13812345678", leadMail.Text, StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.OK, (await lead.PostAsJsonAsync($"/api/home-visits/{id}/approve", new { note = "同意", expectedVersion = 0 })).StatusCode);
        var schedule = await staff.PostAsJsonAsync($"/api/home-visits/{id}/schedule", new { visitAt = "2026-11-21T09:30:00+08:00", staff = "张三、李四", expectedVersion = 1 });
        Assert.Equal(HttpStatusCode.OK, schedule.StatusCode);
        var due = (await schedule.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("dueAt").GetDateTimeOffset();
        Assert.Equal(new DateTimeOffset(2026, 11, 22, 0, 0, 0, TimeSpan.FromHours(8)), due); // the end of the visit day
        var applicantMail = await Mailbox.WaitForAsync(ApplicantEmail, 2);
        Assert.Contains(applicantMail, m => m.Subject == "【上门服务】上门时间已确定：2026-11-21 09:30");

        // Before its time the visit has not happened, so there is nothing to record yet.
        var early = await staff.PostAsJsonAsync($"/api/home-visits/{id}/record", new { whatWasDone = "现场受理", outcome = "completed", trips = 1, expectedVersion = 2 });
        Assert.Equal(HttpStatusCode.Conflict, early.StatusCode);
        Assert.Equal("尚未到上门时间", (await early.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("title").GetString());
        _host.Clock.SetUtcNow(new DateTimeOffset(2026, 11, 21, 10, 0, 0, TimeSpan.FromHours(8)).ToUniversalTime());
        Assert.Equal(HttpStatusCode.OK, (await staff.PostAsJsonAsync($"/api/home-visits/{id}/record", new { whatWasDone = "现场受理", outcome = "completed", trips = 1, expectedVersion = 2 })).StatusCode);
        var closed = await lead.PostAsJsonAsync($"/api/home-visits/{id}/close", new { note = "办结", expectedVersion = 3 });
        Assert.Equal("Closed", (await closed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("state").GetString());

        var view = await citizen.GetFromJsonAsync<JsonElement>($"/api/home-visits/{id}");
        Assert.Equal(("138****5678", "4127**********1237", "elderly"), (view.GetProperty("applicantPhone").GetString(), view.GetProperty("idNumber").GetString(), view.GetProperty("reasonKind").GetString()));
        Assert.Equal(["start", "approve", "schedule", "record", "close"], view.GetProperty("ledger").EnumerateArray().Select(l => l.GetProperty("trigger").GetString()));
        var mine = await citizen.GetFromJsonAsync<JsonElement>("/api/home-visits");
        Assert.Equal((1, 0), (mine.GetProperty("total").GetInt32(), mine.GetProperty("open").GetInt32()));
    }

    [Fact]
    public async Task Past_the_review_limit_the_lead_gets_the_warning_and_the_alert()
    {
        var citizen = await _host.SignInAsync(Roles.Citizen, "");
        var id = await CreatedIdAsync(await citizen.PostAsJsonAsync("/api/home-visits", Request()));
        await Mailbox.WaitForAsync(_hall.LeadEmail);

        _host.Clock.SetUtcNow(new DateTimeOffset(2026, 11, 23, 10, 0, 1, TimeSpan.FromHours(8)).ToUniversalTime());

        var mail = await Mailbox.WaitForAsync(_hall.LeadEmail, 3);
        Assert.Contains(mail, m => m.Subject == "【临期预警】上门服务审核即将到期：不动产登记");
        Assert.Contains(mail, m => m.Subject == "【超期提醒】上门服务审核已超期：不动产登记");
        var list = await (await LeadAsync()).GetFromJsonAsync<JsonElement>("/api/home-visits");
        Assert.Equal((1, 1), (list.GetProperty("open").GetInt32(), list.GetProperty("overdue").GetInt32()));
        var view = await citizen.GetFromJsonAsync<JsonElement>($"/api/home-visits/{id}");
        Assert.Equal(["Started", "SlaWarning", "SlaExpired"], view.GetProperty("ledger").EnumerateArray().Select(l => l.GetProperty("kind").GetString()));
    }

    [Fact]
    public async Task Bad_input_gets_a_problem_naming_the_fields_and_nothing_is_stored()
    {
        var citizen = await _host.SignInAsync(Roles.Citizen, "");

        var invalid = await citizen.PostAsJsonAsync("/api/home-visits", Request(phone: "12345", idNumber: null));
        var malformed = await citizen.PostAsJsonAsync("/api/home-visits", Request(reasonKind: "robot"));

        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        Assert.Equal("application/problem+json", invalid.Content.Headers.ContentType!.MediaType);
        Assert.Equal(["applicantPhone", "idNumber"], (await invalid.Content.ReadFromJsonAsync<ValidationProblemDetails>())!.Errors.Keys.Order());
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        Assert.Contains("reasonKind", (await malformed.Content.ReadFromJsonAsync<ValidationProblemDetails>())!.Errors.Keys);
        await using var db = database.CreateContext();
        Assert.False(await db.Instances.AnyAsync(i => i.OrgUnit.StartsWith($"hall/{_hall.Hall.Id}/")));
    }

    [Fact]
    public async Task Roles_and_scope_decide_who_may_do_what()
    {
        var anonymous = _host.CreateClient();
        var citizen = await _host.SignInAsync(Roles.Citizen, "");
        var stranger = await _host.SignInAsync(Roles.Citizen, "");
        var township = await _host.SignInAsync(Roles.TownshipOfficial, "township/1");
        var lead = await LeadAsync();

        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsJsonAsync("/api/home-visits", Request())).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await township.PostAsJsonAsync("/api/home-visits", Request())).StatusCode);
        var id = await CreatedIdAsync(await citizen.PostAsJsonAsync("/api/home-visits", Request()));

        Assert.Equal(HttpStatusCode.Forbidden, (await citizen.PostAsJsonAsync($"/api/home-visits/{id}/approve", new { expectedVersion = 0 })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync($"/api/home-visits/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.PostAsJsonAsync($"/api/home-visits/{id}/cancel", new { reason = "捣乱", expectedVersion = 0 })).StatusCode);
        var noReason = await lead.PostAsJsonAsync($"/api/home-visits/{id}/reject", new { note = "", expectedVersion = 0 });
        Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);
        Assert.Contains("note", (await noReason.Content.ReadFromJsonAsync<ValidationProblemDetails>())!.Errors.Keys);
        Assert.Equal(HttpStatusCode.OK, (await citizen.PostAsJsonAsync($"/api/home-visits/{id}/cancel", new { reason = "家属代办", expectedVersion = 0 })).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await lead.PostAsJsonAsync($"/api/home-visits/{id}/approve", new { expectedVersion = 1 })).StatusCode);
    }

    [Fact]
    public async Task The_openapi_document_and_the_diagram_show_the_feature()
    {
        var lead = await LeadAsync();

        var openApi = await _host.CreateClient().GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        var diagram = await lead.GetStringAsync("/api/workflows/definitions/home-visit/diagram?current=Scheduled");

        Assert.True(openApi.GetProperty("paths").TryGetProperty("/api/home-visits/{id}/schedule", out _));
        Assert.Contains("class Scheduled current", diagram, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Staff_pause_the_review_clock_for_missing_materials_and_resume_it_and_a_second_click_changes_nothing()
    {
        var staff = await StaffAsync();
        var id = await CreatedIdAsync(await staff.PostAsJsonAsync("/api/home-visits", Request()));

        var noReason = await staff.PostAsJsonAsync($"/api/home-visits/{id}/clock/pause", new { reason = "", expectedVersion = 0 });
        Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);
        Assert.Equal(["必填"], (await noReason.Content.ReadFromJsonAsync<ValidationProblemDetails>())!.Errors["reason"]);

        var paused = await staff.PostAsJsonAsync($"/api/home-visits/{id}/clock/pause", new { reason = "请补充残疾人证", expectedVersion = 0 });
        Assert.Equal(HttpStatusCode.OK, paused.StatusCode);
        var state = await paused.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((1, JsonValueKind.Null), (state.GetProperty("version").GetInt32(), state.GetProperty("dueAt").ValueKind));
        Assert.Equal(RuntimeHarness.FridayMorning, state.GetProperty("clockPausedAt").GetDateTimeOffset());

        Assert.Equal(HttpStatusCode.Conflict, (await staff.PostAsJsonAsync($"/api/home-visits/{id}/clock/pause", new { reason = "请补充残疾人证", expectedVersion = 0 })).StatusCode);
        var detail = await staff.GetFromJsonAsync<JsonElement>($"/api/home-visits/{id}");
        Assert.Contains("clock-resume", detail.GetProperty("actions").EnumerateArray().Select(a => a.GetString()));

        // Friday 10:00 to Monday 10:00 was the working day; three hours on, all of it is still left.
        _host.Clock.Advance(TimeSpan.FromHours(3));
        var resumed = await staff.PostAsJsonAsync($"/api/home-visits/{id}/clock/resume", new { note = "材料已补齐", expectedVersion = 1 });
        Assert.Equal(HttpStatusCode.OK, resumed.StatusCode);
        Assert.Equal(new DateTimeOffset(2026, 11, 23, 13, 0, 0, TimeSpan.FromHours(8)), (await resumed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("dueAt").GetDateTimeOffset());
        Assert.Equal(HttpStatusCode.Conflict, (await staff.PostAsJsonAsync($"/api/home-visits/{id}/clock/resume", new { expectedVersion = 2 })).StatusCode);
    }

    [Fact]
    public async Task Window_staff_ask_for_materials_on_the_visits_page_and_the_lead_then_reads_it_paused()
    {
        var id = await CreatedIdAsync(await (await StaffAsync()).PostAsJsonAsync("/api/home-visits", Request()));
        var window = await CookieClientAsync(Roles.WindowStaff, _hall.Windows[0].OrgUnit);
        var otherWindow = await CookieClientAsync(Roles.WindowStaff, _hall.Windows[1].OrgUnit);
        var lead = await CookieClientAsync(Roles.HallLead, $"hall/{_hall.Hall.Id}");

        // Another window's staff do not know of it: the same page as for no such visit.
        Assert.Equal(HttpStatusCode.NotFound, (await otherWindow.GetAsync($"/staff/home-visits/{id}")).StatusCode);
        Assert.DoesNotContain(id.ToString(), await otherWindow.GetStringAsync("/staff/home-visits"), StringComparison.Ordinal);

        Assert.Contains($"href=\"/staff/home-visits/{id}\"", await window.GetStringAsync("/staff/home-visits"), StringComparison.Ordinal);
        var page = await window.GetStringAsync($"/staff/home-visits/{id}");
        Assert.Contains("通知补正并暂停计时", page, StringComparison.Ordinal);
        Assert.DoesNotContain("审核通过", page, StringComparison.Ordinal); // the lead's step
        FormUrlEncodedContent Form(string note) => new([new("__RequestVerificationToken", Antiforgery().Match(page).Groups[1].Value), new("version", "0"), new("note", note)]);

        var refused = await window.PostAsync($"/staff/home-visits/{id}?handler=Pause", Form(""));
        Assert.Contains("<span class=\"err\">必填</span>", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await window.PostAsync($"/staff/home-visits/{id}?handler=Pause", Form("请补充残疾人证"))).StatusCode);

        var paused = await window.GetStringAsync($"/staff/home-visits/{id}");
        Assert.Contains("<span class=\"badge\">暂停</span> 补正中", paused, StringComparison.Ordinal);
        Assert.Contains("材料已补齐，恢复计时", paused, StringComparison.Ordinal);
        Assert.Contains("暂停计时：请补充残疾人证（剩余 1 个工作日）", paused, StringComparison.Ordinal);
        Assert.Contains("<span class=\"badge\">暂停</span>", await lead.GetStringAsync("/staff/home-visits"), StringComparison.Ordinal);
    }

    /// <summary>A person signed in with the site's cookie, as in a browser.</summary>
    private async Task<HttpClient> CookieClientAsync(string role, string scope)
    {
        var (email, password) = await _host.CreateUserAsync(role, scope);
        var client = _host.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        (await client.PostAsJsonAsync("/auth/login?useCookies=true", new { email, password })).EnsureSuccessStatusCode();
        return client;
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex Antiforgery();
}
