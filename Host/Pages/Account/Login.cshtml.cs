using Governance.Host.Auth;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;

namespace Governance.Host.Pages.Account;

/// <summary>Sign-in with the sign-in cookie; five failed attempts lock the account for 15 minutes (AuthExtensions).</summary>
public sealed class LoginModel(SignInManager<AppUser> signIn) : GovernancePage
{
    [BindProperty]
    public string? Email { get; set; }

    [BindProperty]
    public string? Password { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (string.IsNullOrWhiteSpace(Email) || string.IsNullOrEmpty(Password))
        {
            Problems.Add("请填写邮箱和密码");
            return Page();
        }

        var result = await signIn.PasswordSignInAsync(Email.Trim(), Password, isPersistent: false, lockoutOnFailure: true);
        if (result.Succeeded)
        {
            return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl : "/");
        }

        // Wrong email and wrong password read the same: the page is not a way to find accounts.
        Problems.Add(result.IsLockedOut ? "账号已锁定：登录失败次数过多时锁定 15 分钟，或已由管理员停用，请联系管理员" : "邮箱或密码不正确");
        return Page();
    }
}
