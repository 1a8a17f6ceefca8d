using System.Net;
using System.Net.Http.Json;
using Governance.Engine;
using Governance.Host.Auth;
using Governance.Engine.Runtime;
using Governance.Workflows.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Governance.Workflows.Tests.Authorization;

/// <summary>A database of its own: which administrators exist is what these tests are about.</summary>
public sealed class AccountsDatabase() : TestDatabase("accounts");

/// <summary>The administrator's account rules on the real sign-in store: one administrator always remains; a repeated request is harmless; Identity refuses in Chinese.</summary>
public sealed class AccountAdministrationTests(AccountsDatabase database) : IClassFixture<AccountsDatabase>, IAsyncLifetime
{
    private static readonly Actor StaleAdmin = new("admin-no-longer", "已调离的管理员", Roles.Admin, "");

    private GovernanceHost _host = null!;

    public ValueTask InitializeAsync()
    {
        _host = new GovernanceHost(database, new FakeTimeProvider(new DateTimeOffset(2026, 11, 20, 2, 0, 0, TimeSpan.Zero)));
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task The_last_administrator_who_can_sign_in_is_neither_locked_nor_demoted_even_by_a_session_left_from_another()
    {
        var ct = TestContext.Current.CancellationToken;
        var (email, _) = await _host.CreateUserAsync(Roles.Admin, "", "唯一的管理员");
        using var scope = _host.Services.CreateScope();
        var accounts = scope.ServiceProvider.GetRequiredService<AccountAdministration>();
        var only = (await accounts.ListAsync(email, null, null, 1, ct)).Items.Single();

        var locking = await Assert.ThrowsAsync<RuleViolationException>(() => accounts.LockAsync(only.Id, StaleAdmin, ct));
        Assert.Contains("最后一位能登录的管理员", locking.Detail, StringComparison.Ordinal);
        var demoting = await Assert.ThrowsAsync<RuleViolationException>(() => accounts.ChangeRoleAsync(only.Id, Roles.ProxyHandler, "", only.Version, StaleAdmin, ct));
        Assert.Contains("最后一位能登录的管理员", demoting.Detail, StringComparison.Ordinal);
        Assert.False((await accounts.FindAsync(only.Id, ct))!.Locked);

        // With a second administrator the first may be locked; locked twice is locked once.
        await _host.CreateUserAsync(Roles.Admin, "", "第二位管理员");
        Assert.True(await accounts.LockAsync(only.Id, StaleAdmin, ct));
        Assert.False(await accounts.LockAsync(only.Id, StaleAdmin, ct));
        Assert.Equal(DateTimeOffset.MaxValue, (await accounts.FindAsync(only.Id, ct))!.LockedUntil);
    }

    [Fact]
    public async Task An_account_asked_for_twice_is_made_once_and_another_with_its_email_is_refused_next_to_the_email()
    {
        var ct = TestContext.Current.CancellationToken;
        using var scope = _host.Services.CreateScope();
        var accounts = scope.ServiceProvider.GetRequiredService<AccountAdministration>();
        var email = $"proxy-{Guid.NewGuid():N}@test.gov.cn";
        var asked = new NewAccount("项城市代办员 周", email, Roles.ProxyHandler, "", "Proxy@2026!");

        var (first, made) = await accounts.CreateAsync(asked, StaleAdmin, ct);
        var (second, madeAgain) = await accounts.CreateAsync(asked, StaleAdmin, ct);

        Assert.True(made);
        Assert.False(madeAgain);
        Assert.Equal(first.Id, second.Id);
        Assert.Single((await accounts.ListAsync(email, null, null, 1, ct)).Items);
        var other = await Assert.ThrowsAsync<RequestValidationException>(() => accounts.CreateAsync(asked with { DisplayName = "另一人" }, StaleAdmin, ct));
        Assert.Equal(["该电子邮箱已有账号"], other.Errors["email"]);
        var wrongUnit = await Assert.ThrowsAsync<RequestValidationException>(() => accounts.CreateAsync(asked with { Email = "x" + email, Role = Roles.VillageTeam }, StaleAdmin, ct));
        Assert.Equal(["请选择村联动工作队所属的单位"], wrongUnit.Errors["scope"]);
    }

    [Fact]
    public async Task Sign_up_with_a_weak_password_is_refused_in_chinese()
    {
        var response = await _host.CreateClient().PostAsJsonAsync("/auth/register", new { email = $"self-{Guid.NewGuid():N}@test.gov.cn", password = "abc" }, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.Contains("密码至少 6 位", body, StringComparison.Ordinal);
        Assert.DoesNotContain("Passwords must", body, StringComparison.Ordinal);
    }
}
