using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Governance.Host.Auth;
using Governance.Workflows.Tests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Governance.Workflows.Tests.Pages;

/// <summary>Who gets in where: self-registration makes citizens only, sign-in locks after five failures, Hangfire is for administrators, the API reference and health are up.</summary>
[Collection(BrowserTests.Name)]
public sealed partial class AccessTests(PagesDatabase database) : IAsyncLifetime
{
    private GovernanceHost _host = null!;

    public ValueTask InitializeAsync()
    {
        _host = new GovernanceHost(database, new FakeTimeProvider(PagesHall.FridayAt(10).ToUniversalTime()));
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync() => await _host.DisposeAsync();

    private HttpClient Client() => _host.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

    private async Task<HttpClient> CookieClientAsync(string role, string scope = "")
    {
        var (email, password) = await _host.CreateUserAsync(role, scope);
        var client = Client();
        (await client.PostAsJsonAsync("/auth/login?useCookies=true", new { email, password }, TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();
        return client;
    }

    [Fact]
    public async Task Anyone_may_register_and_becomes_a_citizen_with_no_org_unit_whatever_else_they_send()
    {
        var email = $"self-{Guid.NewGuid():N}@test.gov.cn";

        var response = await Client().PostAsJsonAsync("/auth/register", new { email, password = "Self@2026!", role = Roles.Admin, scope = "" }, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var scope = _host.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var user = (await users.FindByEmailAsync(email))!;
        Assert.Equal([Roles.Citizen], await users.GetRolesAsync(user));
        Assert.Equal("", (await users.GetClaimsAsync(user)).Single(c => c.Type == CurrentActor.ScopeClaim).Value);
    }

    [Fact]
    public async Task The_sign_in_page_locks_an_account_after_five_wrong_passwords()
    {
        var (email, password) = await _host.CreateUserAsync(Roles.WindowStaff, "hall/1/window/1");
        var client = Client();

        string body = "";
        for (var i = 0; i < 6; i++)
        {
            body = await PostLoginAsync(client, email, i < 5 ? "wrong-password" : password);
        }

        Assert.Contains("登录失败次数过多时锁定 15 分钟", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Hangfire_is_for_administrators_only_and_the_api_reference_and_health_answer()
    {
        var anonymous = Client();
        var staff = await CookieClientAsync(Roles.WindowStaff, "hall/1/window/1");
        var admin = await CookieClientAsync(Roles.Admin);
        var ct = TestContext.Current.CancellationToken;

        var toLogin = await anonymous.GetAsync("/hangfire", ct);
        var toDenied = await staff.GetAsync("/hangfire", ct);
        var dashboard = await admin.GetAsync("/hangfire", ct);

        Assert.Equal(("/login", HttpStatusCode.Redirect), (toLogin.Headers.Location!.AbsolutePath, toLogin.StatusCode));
        Assert.Equal(("/denied", HttpStatusCode.Redirect), (toDenied.Headers.Location!.AbsolutePath, toDenied.StatusCode));
        Assert.Equal(HttpStatusCode.OK, dashboard.StatusCode);
        Assert.Contains("Hangfire", await dashboard.Content.ReadAsStringAsync(ct), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/scalar/", ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/openapi/v1.json", ct)).StatusCode);
        var health = await anonymous.GetStringAsync("/health", ct);
        Assert.All(new[] { "postgresql", "quartz", "hangfire" }, check => Assert.Contains($"\"{check}\":{{\"status\":\"Healthy\"", health, StringComparison.Ordinal));
    }

    /// <summary>Posts the sign-in form as a browser would: with the antiforgery token of the page it got.</summary>
    private static async Task<string> PostLoginAsync(HttpClient client, string email, string password)
    {
        var form = await client.GetStringAsync("/login", TestContext.Current.CancellationToken);
        var token = AntiforgeryToken().Match(form).Groups[1].Value;
        var response = await client.PostAsync("/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["email"] = email,
            ["password"] = password,
            ["__RequestVerificationToken"] = token,
        }), TestContext.Current.CancellationToken);
        return await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryToken();
}
