using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Claims;
using Governance.Engine;
using Governance.Host.Auth;
using Governance.Host.Operations;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace Governance.Workflows.Tests.Infrastructure;

/// <summary>
/// The whole Host in-process on a test database: real PostgreSQL, Quartz (clustered), Hangfire
/// and SMTP; only the domain clock is frozen. Two of these on one database are two nodes.
/// <paramref name="settings"/> (e.g. <c>Smtp:Port</c>) override the test defaults. What it logs is
/// kept as its production console would write it (<see cref="Logs"/>).
/// </summary>
public sealed class GovernanceHost(TestDatabase database, FakeTimeProvider clock, IReadOnlyDictionary<string, string>? settings = null) : WebApplicationFactory<Program>
{
    public FakeTimeProvider Clock => clock;

    /// <summary>Every line this Host logged, in the JSON of its console.</summary>
    public LogCapture Logs => Services.GetRequiredService<LogCapture>();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.UseEnvironment("Testing");
        builder.UseSetting("ConnectionStrings:Governance", database.ConnectionString);
        builder.UseSetting($"ConnectionStrings:{DatabaseSchema.OwnerConnectionStringName}", database.OwnerConnectionString);
        builder.UseSetting("Smtp:Host", Mailbox.SmtpHost);
        builder.UseSetting("Smtp:Port", Mailbox.SmtpPort.ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.UseSetting("Scheduling:TimerPumpPeriod", "00:00:01");
        builder.UseSetting("Notifications:Outbox:PollInterval", "00:00:01");

        // Tests start and stop a Host per test on shared databases. A job a stopping node had fetched
        // came back only after the 1-minute lease (seen once: an email 60 s late, past a test's wait);
        // here a lease lapses in 5 s, renewed each second while a job runs.
        builder.UseSetting("Hangfire:InvisibilityTimeout", "00:00:05");

        // Many Hosts share this process, and Hangfire.PostgreSql's LISTEN/NOTIFY wake-up is one
        // static event: a notice for one Host's queue can wake another Host's worker, so a Host's
        // workers here also look every second without being woken. This does not cure the stall
        // seen three times in full runs (an email job fetched about 30 s after its enqueue, past a
        // test's 30-second wait; once more with this poll, 2026-12-07 14:35): its cause is still open.
        builder.UseSetting("Hangfire:QueuePollInterval", "00:00:01");
        builder.UseSetting("Hangfire:WorkerCount", "4");

        // A Host that cannot start (its database never answering, say) fails its test within two
        // minutes, naming where it waited, instead of holding the run until CI's hang timeout.
        builder.ConfigureServices(services => services.Configure<HostOptions>(o => o.StartupTimeout = TimeSpan.FromMinutes(2)));
        builder.ConfigureServices(services => services.AddSingleton(sp => LogCapture.Register(ActivatorUtilities.CreateInstance<LogCapture>(sp))).AddSingleton<ILoggerProvider>(sp => sp.GetRequiredService<LogCapture>()));
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureTestServices(services => services.RemoveAllKeyed<TimeProvider>(DomainClock.Key).AddKeyedSingleton<TimeProvider>(DomainClock.Key, clock));
    }

    /// <summary>A new person in <paramref name="role"/> within <paramref name="scope"/>, signed in: a client with their bearer token.</summary>
    public async Task<HttpClient> SignInAsync(string role, string scope)
    {
        var (email, password) = await CreateUserAsync(role, scope);
        var client = CreateClient();
        var login = await client.PostAsJsonAsync("/auth/login", new { email, password });
        login.EnsureSuccessStatusCode();
        var token = (await login.Content.ReadFromJsonAsync<TokenResponse>())!.AccessToken;
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>A new person in <paramref name="role"/> within <paramref name="scope"/>: the email and password to sign in with.</summary>
    public Task<(string Email, string Password)> CreateUserAsync(string role, string scope, string? displayName = null) =>
        CreateUserAsync(Services, role, scope, displayName);

    /// <summary>The same, through any Host's services (e.g. one made by <c>WithWebHostBuilder</c>).</summary>
    public static async Task<(string Email, string Password)> CreateUserAsync(IServiceProvider services, string role, string scope, string? displayName = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var email = $"{role}-{Guid.NewGuid():N}@test.gov.cn";
        const string password = "Test@2026!";
        using var serviceScope = services.CreateScope();
        var roles = serviceScope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole>>();
        if (!await roles.RoleExistsAsync(role))
        {
            await roles.CreateAsync(new IdentityRole(role));
        }

        var users = serviceScope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var user = new AppUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = displayName ?? $"测试 {role}" };
        Succeeded(await users.CreateAsync(user, password));
        Succeeded(await users.AddToRoleAsync(user, role));
        Succeeded(await users.AddClaimsAsync(user, [new Claim(CurrentActor.NameClaim, user.DisplayName), new Claim(CurrentActor.ScopeClaim, scope)]));
        return (email, password);
    }

    private static void Succeeded(IdentityResult result) =>
        Assert.True(result.Succeeded, string.Join("; ", result.Errors.Select(e => e.Description)));

    private sealed record TokenResponse(string AccessToken);
}
