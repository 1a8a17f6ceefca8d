using Governance.Engine;
using Governance.Workflows;
using Governance.Workflows.Privacy;
using Microsoft.AspNetCore.Identity.Data;

namespace Governance.Host.Auth;

/// <summary>
/// Identity's endpoints take an email when an account is made (<c>/auth/register</c>) or its
/// address changed (<c>/auth/manage/info</c>). Identity's own check is one <c>@</c> inside, which
/// let <c>a b@x.cn</c> in, and the confirmation email then failed in Hangfire: they are held to the
/// one rule every email taken in is held to, <see cref="PersonalData.IsEmail"/>. Passwords and
/// codes are held to a length no person types (Identity sets none): a 2,000-character password
/// made an account, one of 1,500 characters in an ignored code answered 200.
/// </summary>
public sealed class IdentityRequests : IEndpointFilter
{
    public const int MaxPassword = 128;
    public const int MaxCode = 64;

    public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var validation = new Validation();
        foreach (var argument in context.Arguments)
        {
            switch (argument)
            {
                case RegisterRequest register:
                    Email(validation, register.Email, "email");
                    Password(validation, register.Password, "password");
                    break;
                case LoginRequest login:
                    Password(validation, login.Password, "password");
                    Code(validation, login.TwoFactorCode, "twoFactorCode");
                    Code(validation, login.TwoFactorRecoveryCode, "twoFactorRecoveryCode");
                    break;
                case ResetPasswordRequest reset:
                    Password(validation, reset.NewPassword, "newPassword");
                    break;
                case TwoFactorRequest twoFactor:
                    Code(validation, twoFactor.TwoFactorCode, "twoFactorCode");
                    break;
                case InfoRequest info:
                    if (info.NewEmail is not null)
                    {
                        Email(validation, info.NewEmail, "newEmail");
                    }

                    Password(validation, info.NewPassword, "newPassword");
                    Password(validation, info.OldPassword, "oldPassword");
                    break;
            }
        }

        validation.ThrowIfInvalid();
        return next(context);
    }

    private static void Email(Validation validation, string email, string field) =>
        validation.Check(PersonalData.IsEmail(email), field, "请填写有效的电子邮箱");

    private static void Password(Validation validation, string? password, string field) =>
        validation.Check(password is null || password.Length <= MaxPassword, field, $"密码不能超过 {MaxPassword} 个字符");

    private static void Code(Validation validation, string? code, string field) =>
        validation.Check(code is null || code.Length <= MaxCode, field, $"验证码不能超过 {MaxCode} 个字符");
}
