using Microsoft.AspNetCore.Identity;

namespace Governance.Host.Auth;

/// <summary>
/// Identity's refusals in Chinese (its own are English), for the sign-up page and
/// <c>/auth/register</c> alike. <see cref="FieldOf"/> says which field a refusal is about, so a
/// page shows it next to that field.
/// </summary>
public sealed class ChineseIdentityErrors : IdentityErrorDescriber
{
    /// <summary>The form field an Identity error code concerns: <c>password</c>, <c>email</c>, or null (said at the top).</summary>
    public static string? FieldOf(IdentityError error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return error.Code switch
        {
            not null when error.Code.StartsWith("Password", StringComparison.Ordinal) => "password",
            nameof(DuplicateEmail) or nameof(DuplicateUserName) or nameof(InvalidEmail) or nameof(InvalidUserName) => "email",
            _ => null,
        };
    }

    public override IdentityError DefaultError() => Error(nameof(DefaultError), "操作未成功，请稍后重试");

    public override IdentityError ConcurrencyFailure() => Error(nameof(ConcurrencyFailure), "账号信息已被修改，请刷新后重试");

    public override IdentityError PasswordMismatch() => Error(nameof(PasswordMismatch), "密码不正确");

    public override IdentityError InvalidToken() => Error(nameof(InvalidToken), "链接或验证码无效或已过期");

    public override IdentityError LoginAlreadyAssociated() => Error(nameof(LoginAlreadyAssociated), "该登录方式已绑定其他账号");

    public override IdentityError InvalidUserName(string? userName) => Error(nameof(InvalidUserName), "邮箱地址格式不正确");

    public override IdentityError InvalidEmail(string? email) => Error(nameof(InvalidEmail), "邮箱地址格式不正确");

    public override IdentityError DuplicateUserName(string userName) => Error(nameof(DuplicateUserName), "该邮箱已注册，请直接登录");

    public override IdentityError DuplicateEmail(string email) => Error(nameof(DuplicateEmail), "该邮箱已注册，请直接登录");

    public override IdentityError InvalidRoleName(string? role) => Error(nameof(InvalidRoleName), "角色名称无效");

    public override IdentityError DuplicateRoleName(string role) => Error(nameof(DuplicateRoleName), "角色已存在");

    public override IdentityError UserAlreadyHasPassword() => Error(nameof(UserAlreadyHasPassword), "该账号已设置密码");

    public override IdentityError UserLockoutNotEnabled() => Error(nameof(UserLockoutNotEnabled), "该账号未启用锁定");

    public override IdentityError UserAlreadyInRole(string role) => Error(nameof(UserAlreadyInRole), "该账号已有此角色");

    public override IdentityError UserNotInRole(string role) => Error(nameof(UserNotInRole), "该账号没有此角色");

    public override IdentityError PasswordTooShort(int length) => Error(nameof(PasswordTooShort), $"密码至少 {length} 位");

    public override IdentityError PasswordRequiresUniqueChars(int uniqueChars) => Error(nameof(PasswordRequiresUniqueChars), $"密码至少含 {uniqueChars} 个不同字符");

    public override IdentityError PasswordRequiresNonAlphanumeric() => Error(nameof(PasswordRequiresNonAlphanumeric), "密码须含至少一个符号（如 @ # !）");

    public override IdentityError PasswordRequiresDigit() => Error(nameof(PasswordRequiresDigit), "密码须含至少一个数字");

    public override IdentityError PasswordRequiresLower() => Error(nameof(PasswordRequiresLower), "密码须含至少一个小写字母");

    public override IdentityError PasswordRequiresUpper() => Error(nameof(PasswordRequiresUpper), "密码须含至少一个大写字母");

    public override IdentityError RecoveryCodeRedemptionFailed() => Error(nameof(RecoveryCodeRedemptionFailed), "恢复码无效");

    private static IdentityError Error(string code, string description) => new() { Code = code, Description = description };
}
