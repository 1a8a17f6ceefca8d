using Governance.Workflows;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.Data;
using System.Security.Claims;

namespace Governance.Host.Auth;

/// <summary>
/// <c>POST /auth/register</c> is open to anyone, and rightly: citizens may make an account (to
/// follow their home-visit requests and disputes); the sign-up page (<c>/register</c>) makes the same account. Identity's endpoint makes an account with no role at all,
/// which can do nothing; this filter makes every self-made account a citizen with no org unit,
/// and nothing more. Staff roles and scopes are only ever given by an administrator.
/// </summary>
public sealed class SelfRegistration(UserManager<AppUser> users, RoleManager<IdentityRole> roles) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var result = await next(context);
        if (context.Arguments.OfType<RegisterRequest>().FirstOrDefault() is not { } request
            || result is not INestedHttpResult { Result: IStatusCodeHttpResult { StatusCode: StatusCodes.Status200OK } }
            || await users.FindByEmailAsync(request.Email) is not { } user)
        {
            return result;
        }

        await MakeCitizenAsync(users, roles, user, request.Email);
        return result;
    }

    /// <summary>What every self-made account is, from the API or the sign-up page: a citizen named <paramref name="name"/>, with no org unit.</summary>
    public static async Task MakeCitizenAsync(UserManager<AppUser> users, RoleManager<IdentityRole> roles, AppUser user, string name)
    {
        ArgumentNullException.ThrowIfNull(users);
        ArgumentNullException.ThrowIfNull(roles);
        if (!await roles.RoleExistsAsync(Roles.Citizen))
        {
            await roles.CreateAsync(new IdentityRole(Roles.Citizen));
        }

        await users.AddToRoleAsync(user, Roles.Citizen);
        await users.AddClaimsAsync(user, [new Claim(CurrentActor.NameClaim, name), new Claim(CurrentActor.ScopeClaim, "")]);
    }
}
