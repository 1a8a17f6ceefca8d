using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Governance.Workflows.SafetyCampaign.Disputes;
using Governance.Workflows.SafetyCampaign.Organisation;
using Governance.Workflows.Tests.Infrastructure;
using Governance.Workflows.Tests.SafetyCampaign;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;

namespace Governance.Workflows.Tests.Api;

public sealed class IdempotencyDatabase() : TestDatabase("api_idempotency");

/// <summary>
/// A repeated click applies once: a move names the version it was shown (the same /extend twice
/// used both extensions and sent two 延期告知 before), and a creation with an Idempotency-Key
/// makes one row however often, and however concurrently, it is sent.
/// </summary>
public sealed class IdempotencyTests(IdempotencyDatabase database) : IClassFixture<IdempotencyDatabase>, IAsyncLifetime
{
    private GovernanceHost _host = null!;
    private TestTownship _t = null!;

    public async ValueTask InitializeAsync()
    {
        _host = new GovernanceHost(database, new FakeTimeProvider(SanlingHarness.MondayMorning.ToUniversalTime()));
        _t = await TestTownship.CreateAsync(database);
    }

    public async ValueTask DisposeAsync() => await _host.DisposeAsync();

    private object Registration(string summary, string? email = null) => new
    {
        kind = "dispute",
        category = "neighbourhood",
        source = "walkIn",
        placeId = _t.Village.Id,
        summary,
        parties = new[] { new { name = "王大爷", phone = SanlingHarness.Phone, idNumber = SanlingHarness.IdNumber, email } },
    };

    private Task<HttpClient> VillageTeamAsync() => _host.SignInAsync(Roles.VillageTeam, Place.OrgUnitOf(_t.Township.Id, _t.Village.Id));

    private static HttpRequestMessage Post(string path, object body, string? key)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
        if (key is not null)
        {
            request.Headers.Add("Idempotency-Key", key);
        }

        return request;
    }

    private async Task<int> DisputesWithAsync(string summary)
    {
        await using var db = database.CreateContext();
        return await db.Set<Dispute>().CountAsync(d => d.Summary == summary, TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task Bug_the_same_extend_twice_is_409_the_second_time_with_one_extension_and_one_email()
    {
        var ct = TestContext.Current.CancellationToken;
        var email = $"applicant-{Guid.NewGuid():N}@test.cn";
        var team = await VillageTeamAsync();
        var official = await _host.SignInAsync(Roles.TownshipOfficial, _t.Scope);
        var created = await team.PostAsJsonAsync("/api/disputes", Registration("延期重复提交", email), ct);
        var dispute = await created.Content.ReadFromJsonAsync<JsonElement>(ct);
        var (id, version) = (dispute.GetProperty("id").GetGuid(), dispute.GetProperty("version").GetInt32());

        var missing = await official.PostAsJsonAsync($"/api/disputes/{id}/extend", new { workingDays = 2, reason = "鉴定未出" }, ct);
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        Assert.Equal(["expectedVersion"], (await missing.Content.ReadFromJsonAsync<ValidationProblemDetails>(ct))!.Errors.Keys);

        var body = new { workingDays = 2, reason = "鉴定未出", expectedVersion = version };
        var first = await official.PostAsJsonAsync($"/api/disputes/{id}/extend", body, ct);
        var second = await official.PostAsJsonAsync($"/api/disputes/{id}/extend", body, ct);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        var refused = (await second.Content.ReadFromJsonAsync<ProblemDetails>(ct))!;
        Assert.Contains("未执行", refused.Detail, StringComparison.Ordinal);
        Assert.Equal(1, (await official.GetFromJsonAsync<JsonElement>($"/api/disputes/{id}", ct)).GetProperty("extensions").GetInt32());
        Assert.Single(await Mailbox.WaitForAsync(email));
        await Task.Delay(TimeSpan.FromSeconds(3), ct);
        Assert.Single(await Mailbox.ToAsync(email), m => m.Subject.StartsWith("【延期告知】", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_page_sent_twice_refuses_the_second_in_chinese_on_the_page_and_extends_once()
    {
        var ct = TestContext.Current.CancellationToken;
        var email = $"applicant-{Guid.NewGuid():N}@test.cn";
        var created = await (await VillageTeamAsync()).PostAsJsonAsync("/api/disputes", Registration("页面重复提交", email), ct);
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("id").GetGuid();
        var browser = _host.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var (user, password) = await _host.CreateUserAsync(Roles.TownshipOfficial, _t.Scope);
        (await browser.PostAsJsonAsync("/auth/login?useCookies=true", new { email = user, password }, ct)).EnsureSuccessStatusCode();

        // The form as the page showed it, posted twice: a double click, or a refresh that sends it again.
        var page = await browser.GetStringAsync($"/sanling/disputes/{id}", ct);
        var form = new Dictionary<string, string>
        {
            ["version"] = Regex.Match(page, "name=\"version\" value=\"(\\d+)\"").Groups[1].Value,
            ["workingDays"] = "2",
            ["text"] = "鉴定未出",
            ["__RequestVerificationToken"] = Regex.Match(page, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value,
        };
        using var first = await browser.PostAsync($"/sanling/disputes/{id}?handler=Extend", new FormUrlEncodedContent(form), ct);
        using var second = await browser.PostAsync($"/sanling/disputes/{id}?handler=Extend", new FormUrlEncodedContent(form), ct);

        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Contains("本次操作未执行，请刷新后查看", await second.Content.ReadAsStringAsync(ct), StringComparison.Ordinal);
        Assert.Equal(1, (await (await _host.SignInAsync(Roles.TownshipOfficial, _t.Scope)).GetFromJsonAsync<JsonElement>($"/api/disputes/{id}", ct)).GetProperty("extensions").GetInt32());
        Assert.Single(await Mailbox.WaitForAsync(email));
    }

    [Fact]
    public async Task The_same_creation_twice_with_a_key_gives_the_same_answer_and_one_row()
    {
        var ct = TestContext.Current.CancellationToken;
        var team = await VillageTeamAsync();
        var key = Guid.NewGuid().ToString();

        using var first = await team.SendAsync(Post("/api/disputes", Registration("幂等登记"), key), ct);
        using var again = await team.SendAsync(Post("/api/disputes", Registration("幂等登记"), key), ct);

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(first.StatusCode, again.StatusCode);
        Assert.Equal(first.Headers.Location, again.Headers.Location);
        Assert.Equal(await first.Content.ReadAsStringAsync(ct), await again.Content.ReadAsStringAsync(ct));
        Assert.True(again.Headers.Contains("Idempotent-Replayed"));
        Assert.Equal(1, await DisputesWithAsync("幂等登记"));

        // Another caller's same key is theirs: keys are per caller and route.
        using var other = await (await VillageTeamAsync()).SendAsync(Post("/api/disputes", Registration("幂等登记"), key), ct);
        Assert.Equal(HttpStatusCode.Created, other.StatusCode);
        Assert.Equal(2, await DisputesWithAsync("幂等登记"));
    }

    [Fact]
    public async Task Concurrent_duplicates_with_one_key_make_one_row_and_all_get_its_answer()
    {
        var ct = TestContext.Current.CancellationToken;
        var team = await VillageTeamAsync();
        var key = Guid.NewGuid().ToString();

        var answers = await Task.WhenAll(Enumerable.Range(0, 8).Select(async _ =>
        {
            using var response = await team.SendAsync(Post("/api/disputes", Registration("并发重复登记"), key), ct);
            return (response.StatusCode, Body: await response.Content.ReadAsStringAsync(ct));
        }));

        Assert.All(answers, a => Assert.Equal(HttpStatusCode.Created, a.StatusCode));
        Assert.Single(answers.Select(a => a.Body).Distinct());
        Assert.Equal(1, await DisputesWithAsync("并发重复登记"));
    }

    [Fact]
    public async Task The_same_key_with_a_different_body_is_refused_in_chinese_and_a_failed_request_does_not_use_up_its_key()
    {
        var ct = TestContext.Current.CancellationToken;
        var team = await VillageTeamAsync();
        var key = Guid.NewGuid().ToString();

        using var invalid = await team.SendAsync(Post("/api/disputes", Registration(""), key), ct);
        using var created = await team.SendAsync(Post("/api/disputes", Registration("先到的登记"), key), ct);
        using var reused = await team.SendAsync(Post("/api/disputes", Registration("另一件事"), key), ct);
        using var badKey = await team.SendAsync(Post("/api/disputes", Registration("坏键"), new string('k', 201)), ct);

        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, reused.StatusCode);
        Assert.Equal("幂等键已用于另一请求", (await reused.Content.ReadFromJsonAsync<ProblemDetails>(ct))!.Title);
        Assert.Equal(0, await DisputesWithAsync("另一件事"));
        Assert.Equal(HttpStatusCode.BadRequest, badKey.StatusCode);
        Assert.Equal(["Idempotency-Key"], (await badKey.Content.ReadFromJsonAsync<ValidationProblemDetails>(ct))!.Errors.Keys);
        Assert.Equal(0, await DisputesWithAsync("坏键"));
    }

    [Fact]
    public async Task A_key_expires_after_its_lifetime_and_then_makes_a_new_row()
    {
        var ct = TestContext.Current.CancellationToken;
        var team = await VillageTeamAsync();
        var key = Guid.NewGuid().ToString();

        using var first = await team.SendAsync(Post("/api/disputes", Registration("过期的键"), key), ct);
        _host.Clock.Advance(TimeSpan.FromHours(23));
        using var withinDay = await team.SendAsync(Post("/api/disputes", Registration("过期的键"), key), ct);
        _host.Clock.Advance(TimeSpan.FromHours(1) + TimeSpan.FromMinutes(1));
        using var nextDay = await team.SendAsync(Post("/api/disputes", Registration("过期的键"), key), ct);

        Assert.Equal(await first.Content.ReadAsStringAsync(ct), await withinDay.Content.ReadAsStringAsync(ct));
        Assert.Equal(HttpStatusCode.Created, nextDay.StatusCode);
        Assert.NotEqual(first.Headers.Location, nextDay.Headers.Location);
        Assert.Equal(2, await DisputesWithAsync("过期的键"));
    }

    [Fact]
    public async Task The_openapi_document_offers_the_key_on_creating_routes()
    {
        var ct = TestContext.Current.CancellationToken;
        var document = await _host.CreateClient().GetFromJsonAsync<JsonElement>("/openapi/v1.json", ct);
        bool Offers(string path, string method) => document.GetProperty("paths").GetProperty(path).GetProperty(method).TryGetProperty("parameters", out var ps)
            && ps.EnumerateArray().Any(p => p.GetProperty("name").GetString() == "Idempotency-Key" && p.GetProperty("in").GetString() == "header");

        Assert.True(Offers("/api/disputes", "post"));
        Assert.True(Offers("/api/appointments", "post"));
        Assert.True(Offers("/api/home-visits", "post"));
        Assert.False(Offers("/api/disputes/{id}/extend", "post"));
    }
}
