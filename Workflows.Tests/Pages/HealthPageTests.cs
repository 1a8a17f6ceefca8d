using System.Net;
using System.Net.Http.Json;
using Governance.Workflows.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Time.Testing;

namespace Governance.Workflows.Tests.Pages;

/// <summary>运行状况 for the administrator: the /health report in Chinese on a page of the site; /health itself stays JSON for probes.</summary>
[Collection(BrowserTests.Name)]
public sealed class HealthPageTests(PagesDatabase database) : IAsyncLifetime
{
    private GovernanceHost _host = null!;

    public ValueTask InitializeAsync()
    {
        _host = new GovernanceHost(database, new FakeTimeProvider(PagesHall.FridayAt(10).ToUniversalTime()));
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task The_administrator_reads_each_check_in_Chinese_and_the_menu_leads_there_not_to_the_JSON()
    {
        var ct = TestContext.Current.CancellationToken;
        var (email, password) = await _host.CreateUserAsync(Roles.Admin, "");
        var admin = _host.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        (await admin.PostAsJsonAsync("/auth/login?useCookies=true", new { email, password }, ct)).EnsureSuccessStatusCode();

        var page = await admin.GetAsync("/admin/health", ct);
        var html = await page.Content.ReadAsStringAsync(ct);
        var menu = await admin.GetStringAsync("/admin", ct);
        var probe = await _host.CreateClient().GetAsync("/health", ct);

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        foreach (var (check, name) in new[] { ("postgresql", "数据库（PostgreSQL）"), ("quartz", "定时调度（Quartz）"), ("hangfire", "后台任务（Hangfire）"), ("calendar", "节假日数据"), ("email", "邮件投递") })
        {
            Assert.Contains($"<tr data-check=\"{check}\">", html, StringComparison.Ordinal);
            Assert.Contains($"<td>{name}</td>", html, StringComparison.Ordinal);
        }

        Assert.Contains("<span class=\"badge ok\">正常</span>", html, StringComparison.Ordinal);
        Assert.Contains("个 Hangfire 服务器在运行", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Healthy", html, StringComparison.Ordinal);
        Assert.DoesNotContain("server(s)", html, StringComparison.Ordinal);
        Assert.Contains("<a href=\"/admin/health\"", menu, StringComparison.Ordinal);
        Assert.DoesNotContain("href=\"/health\"", menu, StringComparison.Ordinal);
        Assert.Equal("application/json", probe.Content.Headers.ContentType?.MediaType);
        Assert.Contains("\"postgresql\":{\"status\":\"Healthy\"", await probe.Content.ReadAsStringAsync(ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Window_staff_are_sent_to_the_no_access_page()
    {
        var (email, password) = await _host.CreateUserAsync(Roles.WindowStaff, "hall/1/window/1");
        var staff = _host.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        (await staff.PostAsJsonAsync("/auth/login?useCookies=true", new { email, password }, TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();

        var response = await staff.GetAsync("/admin/health", TestContext.Current.CancellationToken);

        Assert.Equal("/denied", response.Headers.Location?.AbsolutePath);
    }
}
