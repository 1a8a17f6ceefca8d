using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Governance.Workflows.Tests.Infrastructure;
using Governance.Workflows.Tests.ServiceHall;
using Microsoft.Extensions.Time.Testing;

namespace Governance.Workflows.Tests.Pages;

/// <summary>A refusal names the choices as people read them: rating with no level chosen lists the five levels in Chinese, not the enum's codes.</summary>
[Collection(BrowserTests.Name)]
public sealed partial class ChoiceMessagesTests(PagesDatabase database) : IAsyncLifetime
{
    private GovernanceHost _host = null!;

    public ValueTask InitializeAsync()
    {
        _host = new GovernanceHost(database, new FakeTimeProvider(PagesHall.FridayAt(10).ToUniversalTime()));
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Bug_rating_without_a_level_said_应为_verySatisfied_satisfied()
    {
        var ct = TestContext.Current.CancellationToken;
        var hall = await TestHall.CreateAsync(database);
        var item = await RatingHarness.ItemAsync(database, hall);
        var citizen = $"choices-{Guid.NewGuid():N}@test.gov.cn";
        var staff = await _host.SignInAsync(Roles.WindowStaff, hall.Windows[0].OrgUnit);
        Assert.Equal(HttpStatusCode.Created, (await staff.PostAsJsonAsync("/api/ratings/invitations", new { windowId = hall.Windows[0].Id, itemId = item, citizenEmail = citizen }, ct)).StatusCode);
        var token = RatingHarness.TokenOf(Assert.Single(await Mailbox.WaitForAsync(citizen)).Text!);
        var browser = _host.CreateClient();
        var form = await browser.GetStringAsync($"/rate/{token}", ct);

        var response = await browser.PostAsync($"/rate/{token}", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = AntiforgeryToken().Match(form).Groups[1].Value,
            ["comment"] = "",
        }), ct);
        var page = await response.Content.ReadAsStringAsync(ct);
        var api = await _host.CreateClient().PostAsJsonAsync($"/api/ratings/{token}", new { comment = "" }, ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("<span class=\"err\">请选择非常满意、满意、基本满意、不满意或非常不满意</span>", page, StringComparison.Ordinal);
        Assert.DoesNotContain("verySatisfied", page, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, api.StatusCode);
        Assert.Contains("请选择非常满意、满意、基本满意、不满意或非常不满意", await api.Content.ReadAsStringAsync(ct), StringComparison.Ordinal);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryToken();
}
