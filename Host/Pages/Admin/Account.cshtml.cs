using Governance.Host.Auth;
using Microsoft.AspNetCore.Mvc;

namespace Governance.Host.Pages.Admin;

/// <summary>One account: its role and org unit changed, locked or unlocked, a temporary password set (<see cref="AccountAdministration"/>).</summary>
public sealed class AccountModel(AccountAdministration accounts, OrgUnits orgUnits) : GovernancePage
{
    [BindProperty(SupportsGet = true)]
    public string Id { get; set; } = "";

    [BindProperty]
    public string? Role { get; set; }

    [BindProperty]
    public string? Scope { get; set; }

    /// <summary>The account's version the role form showed.</summary>
    [BindProperty]
    public string? Version { get; set; }

    [BindProperty]
    public string? Password { get; set; }

    /// <summary>Which form was sent: its refusals are shown next to its fields.</summary>
    public string? Posted { get; private set; }

    public AccountSummary Account { get; private set; } = null!;

    public IReadOnlyList<OrgUnitChoice> Units { get; private set; } = [];

    public string UnitName(string scope) => Units.FirstOrDefault(u => u.Scope == scope)?.Name ?? (scope.Length == 0 ? "全市" : "（已不存在的单位）");

    public string State => Account.LockedUntil switch
    {
        null => "正常",
        { } until when until == DateTimeOffset.MaxValue => "已锁定（管理员停用）",
        { } until => $"已锁定至 {Shared.Show.DateTime(until)}（登录失败次数过多）",
    };

    public string? Err(string form, string field) => Posted == form ? ErrorFor(field) : null;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await ShowAsync(ct) ?? Page();

    public Task<IActionResult> OnPostRoleAsync(CancellationToken ct) =>
        ChangeAsync("role", async () =>
            Done(await accounts.ChangeRoleAsync(Id, Role, Scope, Version, Actor, ct)
                ? "角色与所属单位已调整，本人下一次操作起生效"
                : "角色与所属单位未变"), ct);

    public Task<IActionResult> OnPostLockAsync(CancellationToken ct) =>
        ChangeAsync("lock", async () =>
            Done(await accounts.LockAsync(Id, Actor, ct) ? "账号已锁定，本人已登录的设备随即退出，解锁前不能登录" : "账号此前已锁定"), ct);

    public Task<IActionResult> OnPostUnlockAsync(CancellationToken ct) =>
        ChangeAsync("lock", async () =>
            Done(await accounts.UnlockAsync(Id, Actor, ct) ? "账号已解锁，可以登录" : "账号未锁定"), ct);

    public Task<IActionResult> OnPostPasswordAsync(CancellationToken ct) =>
        ChangeAsync("password", async () =>
        {
            await accounts.ResetPasswordAsync(Id, Password, Actor, ct);
            Done("密码已重置为您填写的临时密码，请当面告知本人；本人已登录的设备须重新登录");
        }, ct);

    /// <summary>Done: the account again (a refresh re-sends nothing); refused: the form with its refusals.</summary>
    private async Task<IActionResult> ChangeAsync(string form, Func<Task> change, CancellationToken ct)
    {
        Posted = form;
        try
        {
            if (await TryAsync(change))
            {
                return RedirectToPage(new { id = Id });
            }
        }
        catch (KeyNotFoundException)
        {
            return NotFound();
        }

        Password = null;
        return await ShowAsync(ct) ?? Page();
    }

    /// <summary>Loads the account; NotFound when there is none.</summary>
    private async Task<IActionResult?> ShowAsync(CancellationToken ct)
    {
        if (await accounts.FindAsync(Id, ct) is not { } account)
        {
            return NotFound();
        }

        Account = account;
        Units = await orgUnits.ChoicesAsync(ct);
        if (Posted != "role")
        {
            (Role, Scope) = (account.Role, account.Scope);
        }

        return null;
    }
}
