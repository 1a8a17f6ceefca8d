using System.Security.Claims;
using Governance.Engine;
using Governance.Workflows;
using Governance.Workflows.Lists;
using Governance.Workflows.Privacy;
using Governance.Engine.Runtime;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Governance.Host.Auth;

/// <summary>An account as the administrator sees it; <see cref="Version"/> is Identity's concurrency stamp, which the forms carry.</summary>
public sealed record AccountSummary(string Id, string Email, string DisplayName, string? Role, string Scope, DateTimeOffset? LockedUntil, string Version)
{
    public bool Locked => LockedUntil is not null;
}

public sealed record NewAccount(string? DisplayName, string? Email, string? Role, string? Scope, string? Password);

/// <summary>
/// The administrator's accounts (账号管理): staff, leads, officials, village teams, departments and
/// proxy handlers made with one role and one org unit (<see cref="OrgUnits"/>), their role and unit
/// changed, locked and unlocked, a temporary password set. Each change is one transaction of the
/// sign-in store; a change asked for twice (a second click, a re-sent form) finds it made and does
/// nothing. Role and scope are read afresh on the person's next request (AuthExtensions validates
/// the cookie on each); a lock or a new password ends their sessions there. At least one
/// administrator always remains who can sign in, and none can lock or demote themselves.
/// </summary>
public sealed class AccountAdministration(AuthDbContext db, UserManager<AppUser> users, RoleManager<IdentityRole> roles, OrgUnits orgUnits, TimeProvider time, ILogger<AccountAdministration> logger)
{
    public const int MaxName = 50;

    /// <summary>Accounts matching <paramref name="search"/> (name or email), <paramref name="role"/> and <paramref name="scope"/>, by name, a page at a time.</summary>
    public async Task<ListPage<AccountSummary>> ListAsync(string? search, string? role, string? scope, int page, CancellationToken ct)
    {
        var query = db.Users.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(search))
        {
            var pattern = "%" + search.Trim().Replace(@"\", @"\\", StringComparison.Ordinal).Replace("%", @"\%", StringComparison.Ordinal).Replace("_", @"\_", StringComparison.Ordinal) + "%";
            query = query.Where(u => EF.Functions.ILike(u.Email!, pattern, @"\") || EF.Functions.ILike(u.DisplayName, pattern, @"\"));
        }

        if (!string.IsNullOrEmpty(role))
        {
            query = query.Where(u => db.UserRoles.Any(ur => ur.UserId == u.Id && db.Roles.Any(r => r.Id == ur.RoleId && r.Name == role)));
        }

        if (scope is not null)
        {
            query = query.Where(u => db.UserClaims.Any(c => c.UserId == u.Id && c.ClaimType == CurrentActor.ScopeClaim && c.ClaimValue == scope));
        }

        var rows = await Summaries(query.OrderBy(u => u.DisplayName).ThenBy(u => u.Email).ThenBy(u => u.Id)).PageAsync(page, [], ct);
        return rows.Select(Shown);
    }

    public async Task<AccountSummary?> FindAsync(string id, CancellationToken ct) =>
        await Summaries(db.Users.AsNoTracking().Where(u => u.Id == id)).SingleOrDefaultAsync(ct) is { } row ? Shown(row) : null;

    /// <summary>Makes the account; the same account asked for again is the one made (Changed false); an email another account has is refused.</summary>
    public async Task<(AccountSummary Account, bool Changed)> CreateAsync(NewAccount account, Actor actor, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(account);
        Roles.RequireAdmin(actor, "只有管理员可以开通账号");
        var name = account.DisplayName?.Trim() ?? "";
        var email = account.Email?.Trim() ?? "";
        var validation = new Validation().Text(name, "displayName", MaxName);
        validation.Check(PersonalData.IsEmail(email), "email", "请填写有效的电子邮箱");
        var scope = await RoleAndScopeAsync(validation, account.Role, account.Scope, ct);
        Password(validation, account.Password);
        validation.ThrowIfInvalid();

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await LockAsync($"auth.account:{users.NormalizeEmail(email)}", ct);
        if (await users.FindByEmailAsync(email) is { } existing)
        {
            var made = await FindAsync(existing.Id, ct);
            if (made is not null && made.Role == account.Role && made.Scope == scope && made.DisplayName == name)
            {
                return (made, false);
            }

            throw Invalid("email", "该电子邮箱已有账号");
        }

        var user = new AppUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = name };
        Succeeded(await users.CreateAsync(user, account.Password!));
        await EnsureRoleAsync(account.Role!);
        Succeeded(await users.AddToRoleAsync(user, account.Role!));
        Succeeded(await users.AddClaimsAsync(user, [new Claim(CurrentActor.NameClaim, name), new Claim(CurrentActor.ScopeClaim, scope)]));
        await transaction.CommitAsync(ct);
        logger.LogInformation("Account {UserId} made by {AdminId}: role {Role}, scope {Scope}", user.Id, actor.Id, account.Role, scope);
        return ((await FindAsync(user.Id, ct))!, true);
    }

    /// <summary>Gives the account <paramref name="role"/> in <paramref name="scope"/> in place of what it had; false if it had them already.</summary>
    /// <exception cref="KeyNotFoundException">No such account.</exception>
    public async Task<bool> ChangeRoleAsync(string id, string? role, string? scope, string? version, Actor actor, CancellationToken ct)
    {
        Roles.RequireAdmin(actor, "只有管理员可以调整角色");
        var validation = new Validation();
        var unit = await RoleAndScopeAsync(validation, role, scope, ct);
        validation.ThrowIfInvalid();

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await LockAsync(AdministratorsLock, ct);
        var (user, shown) = await LoadAsync(id, ct);
        if (shown.Role == role && shown.Scope == unit)
        {
            return false;
        }

        Current(shown, version);
        if (shown.Role == Roles.Admin && role != Roles.Admin)
        {
            await KeepAnAdministratorAsync(user, actor, "不能取消自己的管理员角色，请由另一位管理员调整", ct);
        }

        Succeeded(await users.RemoveFromRolesAsync(user, await users.GetRolesAsync(user)));
        await EnsureRoleAsync(role!);
        Succeeded(await users.AddToRoleAsync(user, role!));
        Succeeded(await users.RemoveClaimsAsync(user, (await users.GetClaimsAsync(user)).Where(c => c.Type == CurrentActor.ScopeClaim)));
        Succeeded(await users.AddClaimAsync(user, new Claim(CurrentActor.ScopeClaim, unit)));
        await transaction.CommitAsync(ct);
        logger.LogInformation("Account {UserId} changed by {AdminId}: role {Role}, scope {Scope}", user.Id, actor.Id, role, unit);
        return true;
    }

    /// <summary>Locks the account until unlocked and ends its sessions; false if it was locked already.</summary>
    /// <exception cref="KeyNotFoundException">No such account.</exception>
    public async Task<bool> LockAsync(string id, Actor actor, CancellationToken ct)
    {
        Roles.RequireAdmin(actor, "只有管理员可以锁定账号");
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await LockAsync(AdministratorsLock, ct);
        var (user, shown) = await LoadAsync(id, ct);
        if (shown.LockedUntil == DateTimeOffset.MaxValue)
        {
            return false;
        }

        if (shown.Role == Roles.Admin)
        {
            await KeepAnAdministratorAsync(user, actor, "不能锁定自己的账号", ct);
        }

        Succeeded(await users.SetLockoutEnabledAsync(user, true));
        Succeeded(await users.SetLockoutEndDateAsync(user, DateTimeOffset.MaxValue));
        Succeeded(await users.UpdateSecurityStampAsync(user));
        await transaction.CommitAsync(ct);
        logger.LogInformation("Account {UserId} locked by {AdminId}", user.Id, actor.Id);
        return true;
    }

    /// <summary>Unlocks the account (an administrator's lock, or the one after failed sign-ins); false if it was not locked.</summary>
    /// <exception cref="KeyNotFoundException">No such account.</exception>
    public async Task<bool> UnlockAsync(string id, Actor actor, CancellationToken ct)
    {
        Roles.RequireAdmin(actor, "只有管理员可以解锁账号");
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var (user, shown) = await LoadAsync(id, ct);
        if (!shown.Locked)
        {
            return false;
        }

        Succeeded(await users.SetLockoutEndDateAsync(user, null));
        Succeeded(await users.ResetAccessFailedCountAsync(user));
        await transaction.CommitAsync(ct);
        logger.LogInformation("Account {UserId} unlocked by {AdminId}", user.Id, actor.Id);
        return true;
    }

    /// <summary>Sets a temporary password, told to the person in person; their sessions end.</summary>
    /// <exception cref="KeyNotFoundException">No such account.</exception>
    public async Task ResetPasswordAsync(string id, string? password, Actor actor, CancellationToken ct)
    {
        Roles.RequireAdmin(actor, "只有管理员可以重置密码");
        var validation = new Validation();
        Password(validation, password);
        validation.ThrowIfInvalid();
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var (user, _) = await LoadAsync(id, ct);
        Succeeded(await users.ResetPasswordAsync(user, await users.GeneratePasswordResetTokenAsync(user), password!));
        await transaction.CommitAsync(ct);
        logger.LogInformation("Account {UserId} password reset by {AdminId}", user.Id, actor.Id);
    }

    /// <summary>Changes to administrators queue on one lock, so two cannot each leave the other as the last.</summary>
    private const string AdministratorsLock = "auth.administrators";

    private async Task LockAsync(string key, CancellationToken ct) =>
        await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock(hashtext({key}))", ct);

    private async Task<(AppUser User, AccountSummary Shown)> LoadAsync(string id, CancellationToken ct)
    {
        var shown = await FindAsync(id, ct) ?? throw new KeyNotFoundException("账号不存在");
        return ((await users.FindByIdAsync(id))!, shown);
    }

    /// <summary>The form showed the account as it is now: else another change came between, and this one is refused rather than undo it.</summary>
    private static void Current(AccountSummary shown, string? version)
    {
        if (version != shown.Version)
        {
            throw new RuleViolationException("页面已过期", "该账号在您打开页面后已被修改，请刷新页面后重试");
        }
    }

    private async Task KeepAnAdministratorAsync(AppUser user, Actor actor, string self, CancellationToken ct)
    {
        if (user.Id == actor.Id)
        {
            throw new RuleViolationException("不能这样做", self);
        }

        var now = time.GetUtcNow();
        var others = await db.Users.CountAsync(
            u => u.Id != user.Id
                && (u.LockoutEnd == null || u.LockoutEnd <= now)
                && db.UserRoles.Any(ur => ur.UserId == u.Id && db.Roles.Any(r => r.Id == ur.RoleId && r.Name == Roles.Admin)),
            ct);
        if (others == 0)
        {
            throw new RuleViolationException("不能这样做", "这是最后一位能登录的管理员，请先为另一账号开通管理员");
        }
    }

    /// <summary>The role is one an administrator gives and the unit one that fits it: the unit's scope, or "" city-wide.</summary>
    private async Task<string> RoleAndScopeAsync(Validation validation, string? role, string? scope, CancellationToken ct)
    {
        if (role is null || !AccountRoles.Given.Contains(role))
        {
            validation.Check(false, "role", "请选择角色");
            return "";
        }

        var unit = scope ?? "";
        var choice = (await orgUnits.ChoicesAsync(ct)).FirstOrDefault(c => c.Scope == unit);
        validation.Check(choice is not null && choice.Roles.Contains(role), "scope", $"请选择{AccountRoles.Name(role)}所属的单位");
        return unit;
    }

    private static void Password(Validation validation, string? password) =>
        validation.Check(!string.IsNullOrEmpty(password), "password", "必填")
            .Check(password is null || password.Length <= IdentityRequests.MaxPassword, "password", $"密码不能超过 {IdentityRequests.MaxPassword} 个字符");

    private async Task EnsureRoleAsync(string role)
    {
        if (!await roles.RoleExistsAsync(role))
        {
            Succeeded(await roles.CreateAsync(new IdentityRole(role)));
        }
    }

    /// <summary>Identity's refusals (in Chinese, <see cref="ChineseIdentityErrors"/>) next to the field they are about.</summary>
    private static void Succeeded(IdentityResult result)
    {
        if (result.Succeeded)
        {
            return;
        }

        var errors = result.Errors
            .GroupBy(e => e.Code switch
            {
                _ when e.Code.StartsWith("Password", StringComparison.Ordinal) => "password",
                "DuplicateEmail" or "DuplicateUserName" or "InvalidEmail" or "InvalidUserName" => "email",
                _ => "account",
            })
            .ToDictionary(g => g.Key, g => g.Select(e => e.Description).Distinct().ToArray());
        throw new RequestValidationException(errors);
    }

    private static RequestValidationException Invalid(string field, string message) => new(new Dictionary<string, string[]> { [field] = [message] });

    private IQueryable<Row> Summaries(IQueryable<AppUser> users) => users.Select(u => new Row(
        u.Id,
        u.Email ?? "",
        u.DisplayName,
        db.UserRoles.Where(ur => ur.UserId == u.Id).Join(db.Roles, ur => ur.RoleId, r => r.Id, (_, r) => r.Name).OrderBy(n => n).FirstOrDefault(),
        db.UserClaims.Where(c => c.UserId == u.Id && c.ClaimType == CurrentActor.ScopeClaim).Select(c => c.ClaimValue).FirstOrDefault() ?? "",
        u.LockoutEnd,
        u.ConcurrencyStamp ?? ""));

    private AccountSummary Shown(Row row) =>
        new(row.Id, row.Email, row.DisplayName, row.Role, row.Scope, row.LockoutEnd > time.GetUtcNow() ? row.LockoutEnd : null, row.Version);

    private sealed record Row(string Id, string Email, string DisplayName, string? Role, string Scope, DateTimeOffset? LockoutEnd, string Version);
}
