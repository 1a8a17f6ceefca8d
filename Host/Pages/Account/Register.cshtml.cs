using Governance.Engine;
using Governance.Host.Auth;
using Governance.Workflows;
using Governance.Workflows.Privacy;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;

namespace Governance.Host.Pages.Account;

/// <summary>
/// 群众注册: anyone makes a citizen's account (no org unit, whatever is posted: the same account
/// as <c>POST /auth/register</c>, see <see cref="SelfRegistration"/>) and is signed in at once.
/// Each refusal is said in Chinese next to its field; Identity's own (a weak password, an email
/// already registered) through <see cref="ChineseIdentityErrors"/>.
/// </summary>
public sealed class RegisterModel(UserManager<AppUser> users, RoleManager<IdentityRole> roles, SignInManager<AppUser> signIn) : GovernancePage
{
    [BindProperty]
    public string? Name { get; set; }

    [BindProperty]
    public string? Email { get; set; }

    [BindProperty]
    public string? Password { get; set; }

    [BindProperty]
    public string? Confirm { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public IActionResult OnGet() => User.Identity?.IsAuthenticated == true ? LocalRedirect(Next) : Page();

    public async Task<IActionResult> OnPostAsync()
    {
        var (name, email) = (Name?.Trim() ?? "", Email?.Trim() ?? "");
        AppUser? user = null;
        if (!await TryAsync(async () =>
        {
            user = new AppUser { UserName = email, Email = email, DisplayName = name };
            var validation = new Validation()
                .Text(name, "name", 50)
                .Check(PersonalData.IsEmail(email), "email", "请填写有效的电子邮箱，登录时用")
                .Check(!string.IsNullOrEmpty(Password), "password", "必填")
                .Check(Password is null || Password.Length <= IdentityRequests.MaxPassword, "password", $"密码不能超过 {IdentityRequests.MaxPassword} 个字符")
                .Check(Confirm == Password, "confirm", "两次输入的密码不一致");

            // Identity's password rules are said with the rest, not only once every other field is right.
            if (!string.IsNullOrEmpty(Password))
            {
                foreach (var rule in users.PasswordValidators)
                {
                    foreach (var error in (await rule.ValidateAsync(users, user, Password)).Errors)
                    {
                        validation.Check(false, "password", error.Description);
                    }
                }
            }

            validation.ThrowIfInvalid();
            var created = await users.CreateAsync(user, Password!);
            if (!created.Succeeded)
            {
                throw new RequestValidationException(created.Errors
                    .GroupBy(e => ChineseIdentityErrors.FieldOf(e) ?? "")
                    .ToDictionary(g => g.Key, g => g.Select(e => e.Description).Distinct().ToArray()));
            }
        }))
        {
            // A refusal Identity names no field for is said at the top.
            if (ErrorFor("") is { } general)
            {
                Problems.Add(general);
            }

            return Page();
        }

        await SelfRegistration.MakeCitizenAsync(users, roles, user!, name);
        await signIn.SignInAsync(user!, isPersistent: false);
        Done($"注册成功，欢迎您，{name}");
        return LocalRedirect(Next);
    }

    private string Next => Url.IsLocalUrl(ReturnUrl) ? ReturnUrl : "/my/disputes";
}
