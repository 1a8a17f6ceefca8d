using Microsoft.AspNetCore.Identity;

namespace Governance.Host.Auth;

/// <summary>
/// Identity's refusals in Chinese: its own describer writes English ("Passwords must have at least
/// one digit"), which reached people through sign-up (<c>/auth/register</c>'s ProblemDetails) and
/// would reach the administrator's account page. The codes stay Identity's, so callers still sort
/// errors by field (<see cref="AccountAdministration"/>: <c>Password…</c> to the password).
/// </summary>
public sealed class ChineseIdentityErrors : IdentityErrorDescriber
{
    public override IdentityError DefaultError() => Error(nameof(DefaultError), "操作未能完成，请重试");

    public override IdentityError ConcurrencyFailure() => Error(nameof(ConcurrencyFailure), "账号已被他人同时修改，请刷新页面后重试");

    public override IdentityError PasswordMismatch() => Error(nameof(PasswordMismatch), "密码不正确");

    public override IdentityError InvalidToken() => Error(nameof(InvalidToken), "链接或验证码无效或已过期");

    public override IdentityError RecoveryCodeRedemptionFailed() => Error(nameof(RecoveryCodeRedemptionFailed), "恢复码无效");

    public override IdentityError LoginAlreadyAssociated() => Error(nameof(LoginAlreadyAssociated), "该外部登录已关联其他账号");

    public override IdentityError InvalidUserName(string? userName) => Error(nameof(InvalidUserName), $"用户名“{userName}”无效，只能含字母、数字和 -._@+");

    public override IdentityError InvalidEmail(string? email) => Error(nameof(InvalidEmail), $"电子邮箱“{email}”无效");

    public override IdentityError DuplicateUserName(string userName) => Error(nameof(DuplicateUserName), $"“{userName}”已被其他账号使用");

    public override IdentityError DuplicateEmail(string email) => Error(nameof(DuplicateEmail), $"电子邮箱“{email}”已被其他账号使用");

    public override IdentityError InvalidRoleName(string? role) => Error(nameof(InvalidRoleName), $"角色名“{role}”无效");

    public override IdentityError DuplicateRoleName(string role) => Error(nameof(DuplicateRoleName), $"角色“{role}”已存在");

    public override IdentityError UserAlreadyHasPassword() => Error(nameof(UserAlreadyHasPassword), "该账号已设置密码");

    public override IdentityError UserLockoutNotEnabled() => Error(nameof(UserLockoutNotEnabled), "该账号未启用锁定");

    public override IdentityError UserAlreadyInRole(string role) => Error(nameof(UserAlreadyInRole), $"该账号已有角色“{role}”");

    public override IdentityError UserNotInRole(string role) => Error(nameof(UserNotInRole), $"该账号没有角色“{role}”");

    public override IdentityError PasswordTooShort(int length) => Error(nameof(PasswordTooShort), $"密码至少 {length} 位");

    public override IdentityError PasswordRequiresUniqueChars(int uniqueChars) => Error(nameof(PasswordRequiresUniqueChars), $"密码至少含 {uniqueChars} 个不同的字符");

    public override IdentityError PasswordRequiresNonAlphanumeric() => Error(nameof(PasswordRequiresNonAlphanumeric), "密码须含至少一个符号（如 @ # !）");

    public override IdentityError PasswordRequiresDigit() => Error(nameof(PasswordRequiresDigit), "密码须含至少一个数字");

    public override IdentityError PasswordRequiresLower() => Error(nameof(PasswordRequiresLower), "密码须含至少一个小写字母");

    public override IdentityError PasswordRequiresUpper() => Error(nameof(PasswordRequiresUpper), "密码须含至少一个大写字母");

    private static IdentityError Error(string code, string description) => new() { Code = code, Description = description };
}
