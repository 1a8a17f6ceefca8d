using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Claims;
using System.Text.Json;
using Governance.Host.Auth;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Governance.Workflows.Tests.Infrastructure;

/// <summary>
/// Accounts written straight into a test database, for Hosts run as processes (<see cref="HostProcess"/>),
/// and their sign-in there: a bearer token for the API, or the pages' cookie.
/// </summary>
public static class TestAccounts
{
    public const string Password = "Live@Test2026";

    /// <summary>A new person in <paramref name="role"/> within <paramref name="scope"/>; returns the email.</summary>
    public static async Task<string> CreateAsync(TestDatabase database, string role, string scope, string? displayName = null)
    {
        ArgumentNullException.ThrowIfNull(database);
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddDbContext<AuthDbContext>(o => o.UseNpgsql(database.ConnectionString, n => n.MigrationsHistoryTable("__migrations", "auth")));
        services.AddIdentityCore<AppUser>().AddRoles<IdentityRole>().AddEntityFrameworkStores<AuthDbContext>();
        await using var provider = services.BuildServiceProvider();
        await using var serviceScope = provider.CreateAsyncScope();
        var roles = serviceScope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole>>();
        if (!await roles.RoleExistsAsync(role))
        {
            await roles.CreateAsync(new IdentityRole(role));
        }

        var users = serviceScope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var email = $"{role}-{Guid.NewGuid():N}@test.gov.cn";
        var user = new AppUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = displayName ?? $"测试 {role}" };
        Check(await users.CreateAsync(user, Password));
        Check(await users.AddToRoleAsync(user, role));
        Check(await users.AddClaimsAsync(user, [new Claim(CurrentActor.NameClaim, user.DisplayName), new Claim(CurrentActor.ScopeClaim, scope)]));
        return email;
    }

    /// <summary>Voids every session of <paramref name="email"/>, as a new password or a lock does.</summary>
    public static async Task EndSessionsAsync(TestDatabase database, string email)
    {
        ArgumentNullException.ThrowIfNull(database);
        await using var db = new AuthDbContext(new DbContextOptionsBuilder<AuthDbContext>().UseNpgsql(database.ConnectionString).Options);
        var user = await db.Users.SingleAsync(u => u.Email == email);
        user.SecurityStamp = Guid.NewGuid().ToString("N");
        await db.SaveChangesAsync();
    }

    /// <summary>A client of <paramref name="host"/> with a bearer token of a new person in <paramref name="role"/> within <paramref name="scope"/>.</summary>
    public static async Task<HttpClient> BearerAsync(TestDatabase database, HostProcess host, string role, string scope)
    {
        ArgumentNullException.ThrowIfNull(host);
        var client = new HttpClient { BaseAddress = host.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await TokenAsync(host, await CreateAsync(database, role, scope)));
        return client;
    }

    /// <summary>Signs <paramref name="email"/> in at <paramref name="host"/>; returns the bearer token.</summary>
    public static async Task<string> TokenAsync(HostProcess host, string email)
    {
        ArgumentNullException.ThrowIfNull(host);
        using var response = await host.Http.PostAsJsonAsync("/auth/login", new { email, password = Password });
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"Login answered {(int)response.StatusCode}: {body}{Environment.NewLine}{host.LogTail()}");
        using var json = JsonDocument.Parse(body);
        return json.RootElement.GetProperty("accessToken").GetString()!;
    }

    /// <summary>
    /// A client of <paramref name="host"/> that sends the pages' sign-in cookie of <paramref name="email"/>
    /// as it was issued at sign-in, by hand: no later answer replaces or deletes it. No redirect is followed.
    /// </summary>
    public static async Task<HttpClient> CookieAsync(HostProcess host, string email)
    {
        ArgumentNullException.ThrowIfNull(host);
        var client = new HttpClient(new SocketsHttpHandler { UseCookies = false, AllowAutoRedirect = false }) { BaseAddress = host.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        using var login = await client.PostAsJsonAsync("/auth/login?useCookies=true", new { email, password = Password });
        Assert.True(login.IsSuccessStatusCode, $"Login answered {(int)login.StatusCode}{Environment.NewLine}{host.LogTail()}");
        client.DefaultRequestHeaders.Add("Cookie", string.Join("; ", login.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0])));
        return client;
    }

    private static void Check(IdentityResult result) =>
        Assert.True(result.Succeeded, string.Join("; ", result.Errors.Select(e => e.Description)));
}
