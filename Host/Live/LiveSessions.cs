using Microsoft.AspNetCore.Authentication.Cookies;

namespace Governance.Host.Live;

/// <summary>
/// The sign-in cookie's check for a live part's refresh. Every request re-reads the person's
/// roles and scope from the store (<see cref="Auth.AuthExtensions"/>: what the administrator
/// changes holds at the next click), three queries or more, and reissues the cookie. A thousand
/// open pages refreshing at each change they are told of would cost PostgreSQL that many times
/// over, and no answer that sets a cookie can be kept for the next page (<see cref="LiveParts"/>).
/// So a refresh (<see cref="LiveParts.IsRefresh"/>, reads only) trusts a cookie issued less than
/// <see cref="LiveOptions.SessionRecheck"/> ago, and checks it as any request does otherwise: a
/// locked account's open page stops refreshing within that time.
/// </summary>
public static class LiveSessions
{
    public static void Apply(CookieAuthenticationOptions cookie, TimeSpan recheck)
    {
        ArgumentNullException.ThrowIfNull(cookie);
        var validate = cookie.Events.OnValidatePrincipal;
        cookie.Events.OnValidatePrincipal = context =>
            LiveParts.IsRefresh(context.Request)
            && context.Properties.IssuedUtc is { } issued
            && (context.Options.TimeProvider ?? TimeProvider.System).GetUtcNow() - issued < recheck
                ? Task.CompletedTask
                : validate(context);
    }
}
