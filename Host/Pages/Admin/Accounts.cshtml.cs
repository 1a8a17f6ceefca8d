using Governance.Host.Auth;
using Governance.Host.Pages.Shared;
using Governance.Workflows.Lists;
using Microsoft.AspNetCore.Mvc;

namespace Governance.Host.Pages.Admin;

/// <summary>
/// The accounts (账号管理): searched by name or email, filtered by role or org unit (the
/// organisation page links each roster to it), a page at a time; and an account made for a
/// member of staff, with one role and the org unit chosen from the organisation.
/// </summary>
public sealed class AccountsModel(AccountAdministration accounts, OrgUnits orgUnits) : GovernancePage
{
    [BindProperty(SupportsGet = true, Name = "q")]
    public string? Search { get; set; }

    /// <summary>The list's role filter; also the new account's role the form starts at.</summary>
    [BindProperty(SupportsGet = true)]
    public string? Role { get; set; }

    /// <summary>The list's org-unit filter (a scope); also the new account's unit the form starts at.</summary>
    [BindProperty(SupportsGet = true)]
    public string? Scope { get; set; }

    [BindProperty(SupportsGet = true, Name = ListLinks.PageKey)]
    public int PageNumber { get; set; } = 1;

    /// <summary>The new account's name the form starts at (a roster member's, from the organisation page).</summary>
    [BindProperty(SupportsGet = true)]
    public string? DisplayName { get; set; }

    [BindProperty]
    public string? Email { get; set; }

    [BindProperty]
    public string? Password { get; set; }

    public ListPage<AccountSummary> List { get; private set; } = ListPaging.Empty<AccountSummary>();

    public IReadOnlyList<OrgUnitChoice> Units { get; private set; } = [];

    public string UnitName(string scope) => Units.FirstOrDefault(u => u.Scope == scope)?.Name ?? (scope.Length == 0 ? "全市" : "（已不存在的单位）");

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        await ShowAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        AccountSummary? account = null;
        var changed = false;
        if (await TryAsync(async () => (account, changed) = await accounts.CreateAsync(new NewAccount(DisplayName, Email, Role, Scope, Password), Actor, ct)))
        {
            Done(changed ? $"已开通账号：{account!.DisplayName}（{AccountRoles.Name(account.Role)}），请将初始密码当面告知本人" : $"账号 {account!.DisplayName} 已开通，未重复开通");
            return RedirectToPage("/Admin/Account", new { id = account.Id });
        }

        // The list shows everything again; the form keeps what was typed, except the password.
        Password = null;
        await ShowAsync(ct, filtered: false);
        return Page();
    }

    private async Task ShowAsync(CancellationToken ct, bool filtered = true)
    {
        Units = await orgUnits.ChoicesAsync(ct);
        List = filtered
            ? await accounts.ListAsync(Search, string.IsNullOrEmpty(Role) ? null : Role, Scope, PageNumber, ct)
            : await accounts.ListAsync(null, null, null, 1, ct);
    }
}
