using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Governance.Workflows.Tests.Infrastructure;
using Governance.Workflows.Tests.ServiceHall;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Time.Testing;

namespace Governance.Workflows.Tests.Api;

/// <summary>A database of its own for these in-process Hosts: their timer pumps run all the time.</summary>
public sealed class RatingApiDatabase() : TestDatabase("api_ratings");

/// <summary>好差评 over HTTP, end to end: API → PostgreSQL → outbox → Hangfire → MailKit → SMTP server.</summary>
public sealed class RatingsApiTests(RatingApiDatabase database) : IClassFixture<RatingApiDatabase>, IAsyncLifetime
{
    private GovernanceHost _host = null!;
    private TestHall _hall = null!;
    private readonly HashSet<string> _seen = [];
    private int _item;

    public async ValueTask InitializeAsync()
    {
        _host = new GovernanceHost(database, new FakeTimeProvider(RatingHarness.BeforeNationalDay.ToUniversalTime()));
        _hall = await TestHall.CreateAsync(database);
        _item = await RatingHarness.ItemAsync(database, _hall);
    }

    public async ValueTask DisposeAsync() => await _host.DisposeAsync();

    private string CitizenEmail => RatingHarness.CitizenEmail(_hall);

    private Task<HttpClient> LeadAsync() => _host.SignInAsync(Roles.HallLead, $"hall/{_hall.Hall.Id}");

    private Task<HttpClient> StaffAsync() => _host.SignInAsync(Roles.WindowStaff, _hall.Windows[0].OrgUnit);

    /// <summary>Window staff invite; the token comes out of the citizen's mailbox, as the citizen gets it.</summary>
    private async Task<string> InvitedTokenAsync(HttpClient staff, int mailCount = 1)
    {
        var response = await staff.PostAsJsonAsync("/api/ratings/invitations", new { windowId = _hall.Windows[0].Id, itemId = _item, citizenName = "张三", citizenEmail = CitizenEmail });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.DoesNotContain("/rate/", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var tokens = (await Mailbox.WaitForAsync(CitizenEmail, mailCount))
            .Where(m => m.Subject.StartsWith("【好差评】请为您", StringComparison.Ordinal))
            .Select(m => RatingHarness.TokenOf(m.Text!));

        // The mailbox need not list in order of arrival: the new invitation is the one not yet seen.
        var token = Assert.Single(tokens, t => !_seen.Contains(t));
        _seen.Add(token);
        return token;
    }

    private static async Task<string> ProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        return await response.Content.ReadAsStringAsync();
    }

    [Fact]
    public async Task The_citizen_gets_the_link_by_email_opens_it_without_an_account_and_rates_once()
    {
        var staff = await StaffAsync();
        var token = await InvitedTokenAsync(staff);
        var mail = Assert.Single(await Mailbox.ToAsync(CitizenEmail));
        Assert.Equal($"【好差评】请为您在{_hall.Hall.Name}办理的契税评价", mail.Subject);
        Assert.Contains($"评价链接：http://127.0.0.1:5080/rate/{token}", mail.Text, StringComparison.Ordinal);

        var anonymous = _host.CreateClient();
        var page = await anonymous.GetFromJsonAsync<JsonElement>($"/api/ratings/{token}");
        Assert.Equal(("A01 商品房合同备案", "契税", "2026-09-28", "待评价"), (page.GetProperty("window").GetString(), page.GetProperty("item").GetString(), page.GetProperty("servedOn").GetString(), page.GetProperty("stateName").GetString()));
        Assert.DoesNotContain(CitizenEmail, page.GetRawText(), StringComparison.Ordinal);
        Assert.DoesNotContain("张三", page.GetRawText(), StringComparison.Ordinal);

        var rated = await anonymous.PostAsJsonAsync($"/api/ratings/{token}", new { level = "satisfied", comment = "办理很快" });
        Assert.Equal(HttpStatusCode.OK, rated.StatusCode);
        var receipt = await rated.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(("满意", false), (receipt.GetProperty("levelName").GetString(), receipt.GetProperty("rectificationOpened").GetBoolean()));
        await ProblemAsync(await anonymous.PostAsJsonAsync($"/api/ratings/{token}", new { level = "veryDissatisfied" }), HttpStatusCode.Conflict);
        Assert.Equal("satisfied", (await anonymous.GetFromJsonAsync<JsonElement>($"/api/ratings/{token}")).GetProperty("level").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync($"/api/ratings/{new string('A', 32)}")).StatusCode);
    }

    [Fact]
    public async Task A_bad_rating_is_worked_by_the_lead_reported_back_by_email_and_appealed_with_the_token()
    {
        var token = await InvitedTokenAsync(await StaffAsync());
        var anonymous = _host.CreateClient();
        var rated = await anonymous.PostAsJsonAsync($"/api/ratings/{token}", new { level = "veryDissatisfied", comment = "等候太久" });
        Assert.True((await rated.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("rectificationOpened").GetBoolean());
        var opened = Assert.Single(await Mailbox.WaitForAsync(_hall.LeadEmail));
        Assert.Equal("【差评整改】A01 商品房合同备案 契税：非常不满意", opened.Subject);
        Assert.Contains("并于 2026-10-23 09:40 前向群众反馈", opened.Text, StringComparison.Ordinal);

        var lead = await LeadAsync();
        var queue = await lead.GetFromJsonAsync<JsonElement>($"/api/work-queues?queue=hall%2F{_hall.Hall.Id}");
        var id = queue.EnumerateArray().Single().GetProperty("instanceId").GetGuid();
        var view = await lead.GetFromJsonAsync<JsonElement>($"/api/ratings/rectifications/{id}");
        Assert.Equal((CitizenEmail, "CallingBack", RatingHarness.Cst(10, 23, 9, 40)), (view.GetProperty("citizenEmail").GetString(), view.GetProperty("state").GetString(), view.GetProperty("dueAt").GetDateTimeOffset()));

        var version = view.GetProperty("version").GetInt32();
        var staff = await StaffAsync();
        Assert.Equal(HttpStatusCode.NotFound, (await staff.GetAsync($"/api/ratings/rectifications/{id}")).StatusCode);
        await ProblemAsync(await staff.PostAsJsonAsync($"/api/ratings/rectifications/{id}/call-back", new { note = "自己回访", expectedVersion = version }), HttpStatusCode.NotFound);
        var otherLead = await _host.SignInAsync(Roles.HallLead, $"hall/{_hall.Hall.Id + 100000}");
        await ProblemAsync(await otherLead.PostAsJsonAsync($"/api/ratings/rectifications/{id}/call-back", new { note = "越权", expectedVersion = version }), HttpStatusCode.NotFound);
        await ProblemAsync(await lead.PostAsJsonAsync($"/api/ratings/rectifications/{id}/report-back", new { note = "跳步", expectedVersion = version }), HttpStatusCode.Conflict);
        Assert.Contains("\"note\"", await ProblemAsync(await lead.PostAsJsonAsync($"/api/ratings/rectifications/{id}/call-back", new { note = "", expectedVersion = version }), HttpStatusCode.BadRequest), StringComparison.Ordinal);

        foreach (var (step, note) in new[] { ("call-back", "已电话回访"), ("verify", "情况属实"), ("rectify", "增开窗口"), ("report-back", "已增开窗口，欢迎监督") })
        {
            Assert.Equal(HttpStatusCode.OK, (await lead.PostAsJsonAsync($"/api/ratings/rectifications/{id}/{step}", new { note, expectedVersion = version++ })).StatusCode);
        }

        var report = (await Mailbox.WaitForAsync(CitizenEmail, 2)).Single(m => m.Subject == "【好差评】您的评价整改结果反馈：契税");
        Assert.Contains("整改反馈：已增开窗口，欢迎监督", report.Text, StringComparison.Ordinal);

        Assert.Contains("\"reason\"", await ProblemAsync(await anonymous.PostAsJsonAsync($"/api/ratings/{token}/appeal", new { reason = "" }), HttpStatusCode.BadRequest), StringComparison.Ordinal);
        var appealed = await anonymous.PostAsJsonAsync($"/api/ratings/{token}/appeal", new { reason = "仍需久等" });
        Assert.Equal(HttpStatusCode.OK, appealed.StatusCode);
        Assert.Equal("Reviewing", (await appealed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("state").GetString());
        Assert.Contains(await Mailbox.WaitForAsync(_hall.LeadEmail, 2), m => m.Subject == "【整改申诉】A01 商品房合同备案 契税");
        await ProblemAsync(await anonymous.PostAsJsonAsync($"/api/ratings/{token}/appeal", new { reason = "再申诉" }), HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task After_the_appeal_window_an_appeal_gets_a_conflict()
    {
        var token = await InvitedTokenAsync(await StaffAsync());
        var anonymous = _host.CreateClient();
        await anonymous.PostAsJsonAsync($"/api/ratings/{token}", new { level = "dissatisfied" });
        var lead = await LeadAsync();
        var id = (await lead.GetFromJsonAsync<JsonElement>($"/api/work-queues?queue=hall%2F{_hall.Hall.Id}")).EnumerateArray().Single().GetProperty("instanceId").GetGuid();
        var version = (await lead.GetFromJsonAsync<JsonElement>($"/api/ratings/rectifications/{id}")).GetProperty("version").GetInt32();
        foreach (var step in new[] { "call-back", "verify", "rectify", "report-back" })
        {
            Assert.Equal(HttpStatusCode.OK, (await lead.PostAsJsonAsync($"/api/ratings/rectifications/{id}/{step}", new { note = "已办理", expectedVersion = version++ })).StatusCode);
        }

        _host.Clock.Advance(TimeSpan.FromDays(7) + TimeSpan.FromMinutes(1));

        // Refused whether or not the Host's timer has closed it yet: by the guard, or by the state.
        await ProblemAsync(await anonymous.PostAsJsonAsync($"/api/ratings/{token}/appeal", new { reason = "不服" }), HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task Bad_input_gets_a_problem_naming_the_field_and_nothing_is_stored()
    {
        var staff = await StaffAsync();
        var token = await InvitedTokenAsync(staff);
        var anonymous = _host.CreateClient();

        var unknownLevel = await ProblemAsync(await anonymous.PostAsJsonAsync($"/api/ratings/{token}", new { level = "robot" }), HttpStatusCode.BadRequest);
        var longComment = await anonymous.PostAsJsonAsync($"/api/ratings/{token}", new { level = "satisfied", comment = new string('慢', 501) });
        var badEmail = await staff.PostAsJsonAsync("/api/ratings/invitations", new { windowId = _hall.Windows[0].Id, itemId = _item, citizenEmail = "not-an-email" });

        Assert.Contains("level", JsonSerializer.Deserialize<ValidationProblemDetails>(unknownLevel, JsonSerializerOptions.Web)!.Errors.Keys);
        Assert.Equal(["comment"], (await longComment.Content.ReadFromJsonAsync<ValidationProblemDetails>())!.Errors.Keys);
        Assert.Equal(["citizenEmail"], JsonSerializer.Deserialize<ValidationProblemDetails>(await ProblemAsync(badEmail, HttpStatusCode.BadRequest), JsonSerializerOptions.Web)!.Errors.Keys);
        Assert.Equal("Invited", (await anonymous.GetFromJsonAsync<JsonElement>($"/api/ratings/{token}")).GetProperty("state").GetString());
        Assert.Single(await Mailbox.ToAsync(CitizenEmail));
    }

    [Fact]
    public async Task The_monthly_rollup_is_for_the_halls_own_lead()
    {
        var staff = await StaffAsync();
        var anonymous = _host.CreateClient();
        await anonymous.PostAsJsonAsync($"/api/ratings/{await InvitedTokenAsync(staff)}", new { level = "verySatisfied" });
        await anonymous.PostAsJsonAsync($"/api/ratings/{await InvitedTokenAsync(staff, 2)}", new { level = "dissatisfied" });

        var rollup = await (await LeadAsync()).GetFromJsonAsync<JsonElement>($"/api/ratings/rollup?hallId={_hall.Hall.Id}&month=2026-09");

        var a01 = rollup.GetProperty("windows")[0];
        Assert.Equal((2, 1, 1, 0.5, 1, 1), (a01.GetProperty("total").GetInt32(), a01.GetProperty("verySatisfied").GetInt32(), a01.GetProperty("dissatisfied").GetInt32(),
            a01.GetProperty("satisfactionRate").GetDouble(), a01.GetProperty("badCount").GetInt32(), a01.GetProperty("rectificationsOpen").GetInt32()));
        var otherLead = await _host.SignInAsync(Roles.HallLead, $"hall/{_hall.Hall.Id + 100000}");
        await ProblemAsync(await otherLead.GetAsync($"/api/ratings/rollup?hallId={_hall.Hall.Id}&month=2026-09"), HttpStatusCode.Forbidden);
        Assert.Equal(HttpStatusCode.Forbidden, (await staff.GetAsync($"/api/ratings/rollup?hallId={_hall.Hall.Id}&month=2026-09")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync($"/api/ratings/rollup?hallId={_hall.Hall.Id}&month=2026-09")).StatusCode);
        Assert.Contains("\"month\"", await ProblemAsync(await (await LeadAsync()).GetAsync($"/api/ratings/rollup?hallId={_hall.Hall.Id}&month=2026-13"), HttpStatusCode.BadRequest), StringComparison.Ordinal);
    }
}
