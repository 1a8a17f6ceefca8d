using Governance.Workflows;
using Governance.Workflows.Privacy;
using Microsoft.AspNetCore.Identity.Data;

namespace Governance.Host.Auth;

/// <summary>
/// Identity's endpoints take an email when an account is made (<c>/auth/register</c>) or its
/// address changed (<c>/auth/manage/info</c>). Identity's own check is one <c>@</c> inside, which
/// let <c>a b@x.cn</c> in, and the confirmation email then failed in Hangfire. They are held to the
/// one rule every email taken in is held to: <see cref="PersonalData.IsEmail"/>.
/// </summary>
public sealed class IdentityEmails : IEndpointFilter
{
    public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var validation = new Validation();
        foreach (var argument in context.Arguments)
        {
            _ = argument switch
            {
                RegisterRequest register => validation.Check(PersonalData.IsEmail(register.Email), "email", "请填写有效的电子邮箱"),
                InfoRequest { NewEmail: { } newEmail } => validation.Check(PersonalData.IsEmail(newEmail), "newEmail", "请填写有效的电子邮箱"),
                _ => validation,
            };
        }

        validation.ThrowIfInvalid();
        return next(context);
    }
}
