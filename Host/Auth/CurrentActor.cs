using System.Security.Claims;
using Governance.Workflows;
using Governance.Engine.Runtime;

namespace Governance.Host.Auth;

/// <summary>Turns the signed-in principal into the <see cref="Actor"/> the domain records.</summary>
public static class CurrentActor
{
    public const string ScopeClaim = "scope";
    public const string NameClaim = "display_name";

    public static Actor ToActor(this ClaimsPrincipal user)
    {
        ArgumentNullException.ThrowIfNull(user);
        var role = Roles.All.FirstOrDefault(user.IsInRole)
            ?? throw new UnauthorizedAccessException("该账号没有业务角色");
        return new Actor(
            user.FindFirstValue(ClaimTypes.NameIdentifier) ?? throw new UnauthorizedAccessException("未登录"),
            user.FindFirstValue(NameClaim) ?? user.Identity?.Name ?? "",
            role,
            user.FindFirstValue(ScopeClaim) ?? "");
    }
}
