using System.Security.Claims;
using Governance.Host.Auth;
using Governance.Workflows;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.Net.Http.Headers;

namespace Governance.Host.Live;

/// <summary>
/// The live parts of pages (<c>data-live</c>), rendered once per node for every page told of the
/// same change: a page refreshes a part with the id of the change it was told of
/// (<c>?live=…</c>, see <see cref="LiveHub.Position"/>), every page told of it asks for the same
/// address, and the first one's answer is kept (ASP.NET Core output caching, in memory, per
/// node) for the others in the same role and scope. What was kept for one change is never shown
/// for a later one: that has another id. So a thousand pages told of a change cost PostgreSQL
/// one rendering per distinct part, not a thousand.
/// </summary>
/// <remarks>
/// Only an answer a handler marked with <see cref="Mark"/> is kept: a live part, which must
/// depend on nothing of the viewer but their role and scope (no name, no antiforgery token, no
/// number shown in full to them alone). A whole page, an answer that sets a cookie, or any
/// other status than 200 is never kept.
/// </remarks>
public sealed class LiveParts(LiveOptions options) : IOutputCachePolicy
{
    public const string Policy = "live-part";

    /// <summary>The query key a page refreshes a live part with: the change's id (live.js).</summary>
    public const string QueryKey = "live";

    /// <summary>The header live.js sends with every refresh.</summary>
    public const string Header = "X-Requested-With";

    private static readonly object MarkKey = new();

    /// <summary>Says that this answer is a live part, which may be kept for others in the viewer's role and scope.</summary>
    public static void Mark(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        http.Items[MarkKey] = true;
    }

    /// <summary>Whether <paramref name="request"/> is a page's refresh of a live part: a GET with <see cref="QueryKey"/> and <see cref="Header"/> <c>live</c>.</summary>
    public static bool IsRefresh(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return HttpMethods.IsGet(request.Method) && request.Query.ContainsKey(QueryKey) && request.Headers[Header] == "live";
    }

    ValueTask IOutputCachePolicy.CacheRequestAsync(OutputCacheContext context, CancellationToken cancellation)
    {
        var refresh = IsRefresh(context.HttpContext.Request);
        context.EnableOutputCaching = refresh;
        context.AllowCacheLookup = refresh;
        context.AllowCacheStorage = refresh;
        context.AllowLocking = true;
        if (refresh)
        {
            var user = context.HttpContext.User;
            context.ResponseExpirationTimeSpan = options.PartCacheDuration;
            context.CacheVaryByRules.QueryKeys = "*";
            context.CacheVaryByRules.VaryByValues["roles"] = string.Join(',', Roles.All.Where(user.IsInRole));
            context.CacheVaryByRules.VaryByValues["scope"] = user.Identity?.IsAuthenticated == true ? user.FindFirstValue(CurrentActor.ScopeClaim) ?? "" : "(anonymous)";
        }

        return ValueTask.CompletedTask;
    }

    ValueTask IOutputCachePolicy.ServeFromCacheAsync(OutputCacheContext context, CancellationToken cancellation) => ValueTask.CompletedTask;

    ValueTask IOutputCachePolicy.ServeResponseAsync(OutputCacheContext context, CancellationToken cancellation)
    {
        var http = context.HttpContext;
        if (http.Response.StatusCode != StatusCodes.Status200OK || http.Response.Headers.ContainsKey(HeaderNames.SetCookie) || !http.Items.ContainsKey(MarkKey))
        {
            context.AllowCacheStorage = false;
        }

        return ValueTask.CompletedTask;
    }
}
