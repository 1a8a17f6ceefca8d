using System.Runtime.ExceptionServices;
using Governance.Engine.Storage;
using Governance.Host.Live;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace Governance.Host.Auth;

/// <summary>
/// When the sign-in cookie is checked against the store, and what a check that cannot reach it
/// does. Every request re-reads the person's roles and scope (<see cref="AuthExtensions"/>: what
/// the administrator changes holds at the next click), three queries or more, and reissues the cookie.
/// <list type="bullet">
/// <item>A live part's refresh (<see cref="LiveParts.IsRefresh"/>, reads only) trusts a cookie
/// issued less than <see cref="LiveOptions.SessionRecheck"/> ago. A thousand open pages
/// refreshing at each change they are told of would cost PostgreSQL that many checks, and no
/// answer that sets a cookie can be kept for the next page. A locked account's open page stops
/// refreshing within that time.</item>
/// <item>With the database away, the check fails. Authentication keeps its first result for the
/// whole request, the error page's second run included: thrown there, the failure was thrown
/// again inside the error handler, and a signed-in person got a bare 500 instead of the
/// 服务暂时不可用 page. So the check leaves the person signed out for this request and
/// <see cref="UseSessionOutages"/> raises the failure once, after authentication.</item>
/// </list>
/// </summary>
public static class SessionChecks
{
    private static readonly object OutageKey = new();

    public static void Apply(CookieAuthenticationOptions cookie, TimeSpan recheck)
    {
        ArgumentNullException.ThrowIfNull(cookie);
        var validate = cookie.Events.OnValidatePrincipal;
        cookie.Events.OnValidatePrincipal = async context =>
        {
            if (IsTrustedRefresh(context, recheck))
            {
                return;
            }

            try
            {
                await validate(context);
            }
            catch (Exception ex) when (DatabaseOutage.IsOutage(ex))
            {
                context.RejectPrincipal();
                context.HttpContext.Items[OutageKey] = ExceptionDispatchInfo.Capture(ex);
            }
        };
    }

    /// <summary>
    /// Right after authentication: a request whose cookie could not be checked for an outage fails
    /// as any request that meets one (503, the status page), once, so that the status page's own run is not refused.
    /// </summary>
    public static IApplicationBuilder UseSessionOutages(this IApplicationBuilder app) => app.Use((http, next) =>
    {
        if (http.Items.TryGetValue(OutageKey, out var outage) && http.Items.Remove(OutageKey))
        {
            ((ExceptionDispatchInfo)outage!).Throw();
        }

        return next(http);
    });

    private static bool IsTrustedRefresh(CookieValidatePrincipalContext context, TimeSpan recheck) =>
        LiveParts.IsRefresh(context.Request)
        && context.Properties.IssuedUtc is { } issued
        && (context.Options.TimeProvider ?? TimeProvider.System).GetUtcNow() - issued < recheck;
}
