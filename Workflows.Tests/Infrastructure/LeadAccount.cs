using System.Net.Http.Json;
using System.Security.Claims;
using System.Text.Json;
using Governance.Host.Auth;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Governance.Workflows.Tests.Infrastructure;

/// <summary>
/// A hall lead's account (role hall_lead, scope hall/&lt;id&gt;) written straight into a test
/// database, for a Host run as a process (<see cref="HostProcess"/>), where no in-process
/// <see cref="GovernanceHost.CreateUserAsync"/> is at hand; and its sign-in at that Host.
/// </summary>
public static class LeadAccount
{
    /// <summary>Makes the account; returns its email.</summary>
    public static async Task<string> CreateAsync(TestDatabase database, TestHall hall, string password)
    {
        ArgumentNullException.ThrowIfNull(database);
        ArgumentNullException.ThrowIfNull(hall);
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddDbContext<AuthDbContext>(o => o.UseNpgsql(database.ConnectionString, n => n.MigrationsHistoryTable("__migrations", "auth")));
        services.AddIdentityCore<AppUser>().AddRoles<IdentityRole>().AddEntityFrameworkStores<AuthDbContext>();
        await using var provider = services.BuildServiceProvider();
        await using var scope = provider.CreateAsyncScope();
        var roles = scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole>>();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        if (!await roles.RoleExistsAsync(Roles.HallLead))
        {
            Check(await roles.CreateAsync(new IdentityRole(Roles.HallLead)));
        }

        var email = $"duty-{hall.Hall.Code}@test.gov.cn";
        var user = new AppUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = "值班领导（压测）" };
        Check(await users.CreateAsync(user, password));
        Check(await users.AddToRoleAsync(user, Roles.HallLead));
        Check(await users.AddClaimsAsync(user, [new Claim(CurrentActor.NameClaim, user.DisplayName), new Claim(CurrentActor.ScopeClaim, $"hall/{hall.Hall.Id}")]));
        return email;

        static void Check(IdentityResult result) =>
            Assert.True(result.Succeeded, string.Join("; ", result.Errors.Select(e => e.Description)));
    }

    /// <summary>Signs in at <paramref name="host"/>; returns the bearer token.</summary>
    public static async Task<string> LoginAsync(HostProcess host, string email, string password)
    {
        ArgumentNullException.ThrowIfNull(host);
        using var response = await host.Http.PostAsJsonAsync("/auth/login", new { email, password });
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"Login answered {(int)response.StatusCode}: {body}{Environment.NewLine}{host.LogTail()}");
        using var json = JsonDocument.Parse(body);
        return json.RootElement.GetProperty("accessToken").GetString()!;
    }
}
