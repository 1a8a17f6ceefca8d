using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Governance.Engine;
using Governance.Host.Auth;
using Governance.Workflows.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Npgsql;

namespace Governance.Workflows.Tests.Pages;

/// <summary>The status pages' own database: one test takes it away for a moment (a real outage), which no other test may see.</summary>
public sealed class StatusDatabase() : TestDatabase("status");

/// <summary>
/// One Host on the status pages' database for the whole class (started once, stopped once), with a
/// fault injected where no use case would put one: the page's handler throws what <c>?fault=</c>
/// names. The outage test leaves it as an outage leaves a node, which every test after it then uses.
/// </summary>
public sealed class StatusPagesHost : IAsyncLifetime
{
    private readonly StatusDatabase _database = new();
    private GovernanceHost _host = null!;

    public TestDatabase Database => _database;

    public WebApplicationFactory<Program> App { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        await _database.InitializeAsync();
        _host = new GovernanceHost(_database, new FakeTimeProvider(PagesHall.FridayAt(10).ToUniversalTime()));
        App = _host.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.Configure<MvcOptions>(o => o.Filters.Add(new StatusPagesTests.FaultInjection()))));
    }

    public async ValueTask DisposeAsync()
    {
        await App.DisposeAsync();
        await _host.DisposeAsync();
        await _database.DisposeAsync();
    }
}

/// <summary>
/// A person in a browser never gets JSON, a stack trace or English: an error status or an
/// exception on a page's route is a Chinese page in the site layout with its status code and a
/// way on; the API's answers stay ProblemDetails.
/// </summary>
public sealed partial class StatusPagesTests(StatusPagesHost fixture) : IClassFixture<StatusPagesHost>
{
    private readonly WebApplicationFactory<Program> _app = fixture.App;

    private HttpClient Client() => _app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

    [Theory]
    [InlineData("/no-such-page")]
    [InlineData("/rate/no-such-token")]
    [InlineData("/appointments/book/99999")]
    [InlineData("/sanling/disputes/not-a-guid")]
    public async Task An_unknown_address_or_record_is_a_Chinese_404_page(string path)
    {
        var response = await Client().GetAsync(path, TestContext.Current.CancellationToken);

        await AssertStatusPageAsync(response, HttpStatusCode.NotFound, "页面不存在");
    }

    [Fact]
    public async Task A_form_posted_without_its_antiforgery_token_is_a_Chinese_400_page()
    {
        var response = await Client().PostAsync("/rate/no-such-token", Form(("level", "satisfied")), TestContext.Current.CancellationToken);

        await AssertStatusPageAsync(response, HttpStatusCode.BadRequest, "提交的内容有误");
    }

    [Fact]
    public async Task A_control_character_in_a_form_is_a_Chinese_400_page_that_says_what_is_wrong()
    {
        var client = Client();
        var token = await AntiforgeryTokenAsync(client);

        var response = await client.PostAsync("/rate/no-such-token", Form(("__RequestVerificationToken", token), ("comment", "好\u0007")), TestContext.Current.CancellationToken);

        var body = await AssertStatusPageAsync(response, HttpStatusCode.BadRequest, "提交的内容有误");
        Assert.Contains("不能含控制字符", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_page_outside_ones_roles_leads_to_the_no_access_page_and_a_handler_that_refuses_is_the_same_page_as_a_403()
    {
        var staff = await CookieClientAsync(Roles.WindowStaff, "hall/1/window/1");

        var redirect = await staff.GetAsync("/admin", TestContext.Current.CancellationToken);
        var denied = await staff.GetAsync(redirect.Headers.Location, TestContext.Current.CancellationToken);
        var refused = await staff.GetAsync("/appointments?fault=denied", TestContext.Current.CancellationToken);

        Assert.Equal("/denied", redirect.Headers.Location!.AbsolutePath);
        await AssertStatusPageAsync(denied, HttpStatusCode.OK, "无权访问");
        var body = await AssertStatusPageAsync(refused, HttpStatusCode.Forbidden, "无权访问");
        Assert.Contains("只有中心值班领导可以办理", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_rule_a_handler_throws_is_a_Chinese_409_page_with_the_rules_words()
    {
        var response = await Client().GetAsync("/appointments?fault=rule", TestContext.Current.CancellationToken);

        var body = await AssertStatusPageAsync(response, HttpStatusCode.Conflict, "当前状态下不能办理");
        Assert.Contains("该页面没有注明所办理的版本", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_fault_in_a_page_handler_is_a_Chinese_500_page_with_no_trace_of_the_exception()
    {
        var response = await Client().GetAsync("/appointments?fault=bug", TestContext.Current.CancellationToken);

        var body = await AssertStatusPageAsync(response, HttpStatusCode.InternalServerError, "系统出错了");
        Assert.DoesNotContain("InvalidOperationException", body, StringComparison.Ordinal);
        Assert.DoesNotContain("Sequence contains", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_database_outage_is_a_Chinese_503_page_with_Retry_After_and_a_way_to_retry_while_the_API_keeps_its_problem()
    {
        var client = Client();
        HttpResponseMessage page, api;
        await SetConnectionsAllowedAsync(false);
        try
        {
            page = await client.GetAsync("/appointments", TestContext.Current.CancellationToken);
            api = await client.GetAsync("/api/appointments/sessions?hallId=1", TestContext.Current.CancellationToken);
        }
        finally
        {
            await SetConnectionsAllowedAsync(true);
        }

        var body = await AssertStatusPageAsync(page, HttpStatusCode.ServiceUnavailable, "服务暂时不可用");
        Assert.Contains("稍后再试", body, StringComparison.Ordinal);
        Assert.Equal(TimeSpan.FromSeconds(10), page.Headers.RetryAfter?.Delta);
        Assert.Contains("href=\"/appointments\"", body, StringComparison.Ordinal);
        Assert.Equal((HttpStatusCode.ServiceUnavailable, "application/problem+json"), (api.StatusCode, api.Content.Headers.ContentType?.MediaType));
        Assert.NotNull(api.Headers.RetryAfter);
    }

    [Fact]
    public async Task Bug_letters_in_a_number_field_said_The_value_abc_is_not_valid_beside_it()
    {
        var admin = await CookieClientAsync(Roles.Admin, "");

        var response = await admin.GetAsync("/sanling/ranking?cityId=abc", TestContext.Current.CancellationToken);

        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("<span class=\"err\">“abc”格式不正确", body, StringComparison.Ordinal);
        Assert.DoesNotMatch(EnglishFrameworkText(), body);
    }

    [Fact]
    public async Task The_API_keeps_its_ProblemDetails_for_an_unknown_address_and_a_bad_request()
    {
        var client = Client();

        var unknown = await client.GetAsync("/api/no-such-thing", TestContext.Current.CancellationToken);
        var bare = await client.GetAsync("/auth/no-such-thing", TestContext.Current.CancellationToken);
        var invalid = await client.PostAsync("/api/ratings/0123456789abcdef0123456789abcdef", new StringContent("{\"level\":\"best\"}", System.Text.Encoding.UTF8, "application/json"), TestContext.Current.CancellationToken);

        foreach (var (response, status) in new[] { (unknown, HttpStatusCode.NotFound), (bare, HttpStatusCode.NotFound), (invalid, HttpStatusCode.BadRequest) })
        {
            Assert.Equal((status, "application/problem+json"), (response.StatusCode, response.Content.Headers.ContentType?.MediaType));
            using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
            Assert.Equal((int)status, problem.RootElement.GetProperty("status").GetInt32());
        }
    }

    /// <summary>The status page: its code, its heading in the site layout, ways on, and no JSON or English framework text.</summary>
    private static async Task<string> AssertStatusPageAsync(HttpResponseMessage response, HttpStatusCode status, string heading)
    {
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.Equal((status, "text/html"), (response.StatusCode, response.Content.Headers.ContentType?.MediaType));
        Assert.Contains($"<h1>{heading}</h1>", body, StringComparison.Ordinal);
        Assert.Contains("<header class=\"top\">", body, StringComparison.Ordinal);
        Assert.Contains("href=\"/\">返回首页</a>", body, StringComparison.Ordinal);
        Assert.DoesNotMatch(EnglishFrameworkText(), body);
        Assert.DoesNotContain("\"title\":", body, StringComparison.Ordinal);
        return body;
    }

    private async Task<HttpClient> CookieClientAsync(string role, string scope)
    {
        var (email, password) = await GovernanceHost.CreateUserAsync(_app.Services, role, scope);
        var client = Client();
        var token = await AntiforgeryTokenAsync(client);
        var login = await client.PostAsync("/login", Form(("__RequestVerificationToken", token), ("email", email), ("password", password)), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        return client;
    }

    private static async Task<string> AntiforgeryTokenAsync(HttpClient client) =>
        AntiforgeryToken().Match(await client.GetStringAsync("/login", TestContext.Current.CancellationToken)).Groups[1].Value;

    private static FormUrlEncodedContent Form(params (string Name, string Value)[] fields) =>
        new(fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value)));

    /// <summary>This test database takes no new connection (every session on it ended), or takes them again.</summary>
    private async Task SetConnectionsAllowedAsync(bool allowed)
    {
        var builder = new NpgsqlConnectionStringBuilder(fixture.Database.OwnerConnectionString);
        var name = builder.Database!;
        builder.Database = "postgres";
        builder.Pooling = false;
        await using var connection = new NpgsqlConnection(builder.ConnectionString);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using (var alter = new NpgsqlCommand($"ALTER DATABASE \"{name}\" WITH ALLOW_CONNECTIONS {(allowed ? "true" : "false")}", connection))
        {
            await alter.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
        }

        if (allowed)
        {
            NpgsqlConnection.ClearAllPools();
            return;
        }

        await using var end = new NpgsqlCommand("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()", connection);
        end.Parameters.Add(new() { Value = name });
        await end.ExecuteScalarAsync(TestContext.Current.CancellationToken);
    }

    [GeneratedRegex(@"Not Found|Bad Request|An error occurred|The field|is required|System\.|Exception|Internal Server Error|Forbidden")]
    private static partial Regex EnglishFrameworkText();

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryToken();

    /// <summary>Throws from a page's handler what <c>?fault=</c> names, as a use case or a bug would.</summary>
    internal sealed class FaultInjection : IPageFilter
    {
        public void OnPageHandlerSelected(PageHandlerSelectedContext context)
        {
        }

        public void OnPageHandlerExecuting(PageHandlerExecutingContext context)
        {
            // Not again on the status page, which is re-executed with the same query.
            if (context.HttpContext.Features.Get<Microsoft.AspNetCore.Diagnostics.IExceptionHandlerFeature>() is not null)
            {
                return;
            }

            switch (context.HttpContext.Request.Query["fault"].ToString())
            {
                case "bug":
                    throw new InvalidOperationException("Sequence contains no elements");
                case "rule":
                    throw new RuleViolationException("页面已过期", "该页面没有注明所办理的版本，请刷新页面后重试");
                case "denied":
                    throw new UnauthorizedAccessException("只有中心值班领导可以办理");
            }
        }

        public void OnPageHandlerExecuted(PageHandlerExecutedContext context)
        {
        }
    }
}
